import type Database from 'better-sqlite3';

/** Checkpoints of the projections, written in the same transaction as their rows. */
export class Checkpoints {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      get: db
        .prepare('SELECT position, version FROM projection_checkpoints WHERE name = ?')
        .safeIntegers(true),
      set: db.prepare(
        `INSERT INTO projection_checkpoints (name, position, version) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version`,
      ),
    };
  }

  /** The position of the last event applied (-1 = none), and the version that applied it. */
  get(name: string): { position: bigint; version: number } | undefined {
    const row = this.statements.get.get(name) as { position: bigint; version: bigint } | undefined;
    return row && { position: row.position, version: Number(row.version) };
  }

  set(name: string, position: bigint, version: number): void {
    this.statements.set.run(name, position, version);
  }
}
