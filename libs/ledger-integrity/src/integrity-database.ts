import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '@vakregister/event-store';
import { HASH_LENGTH } from './merkle/hashes';
import type { PerfectSubtrees } from './merkle/proofs';

/** The integrity state lives beside the log, in its own file: never in `events.sqlite`. */
export function integrityFile(dataDir: string): string {
  return join(dataDir, 'integrity.sqlite');
}

/**
 * Migrations of `integrity.sqlite`, tracked in `PRAGMA user_version` like the event log's.
 *
 * - `leaves`: one row per event in log order: its position and id (the way from an event to its
 *   leaf) and its leaf hash.
 * - `nodes`: every perfect subtree of height ≥ 1, so that a proof reads O(log n) rows and an
 *   append writes one node on average instead of rebuilding anything.
 * - `heads`: every signed tree head, as the signed-note text that was handed out.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE leaves (
    leaf_index INTEGER PRIMARY KEY,
    position   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL,
    hash       BLOB    NOT NULL
  ) STRICT;
  CREATE INDEX leaves_by_event_id ON leaves (event_id);
  CREATE TABLE nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE heads (
    size       INTEGER PRIMARY KEY,
    root       BLOB    NOT NULL,
    time       TEXT    NOT NULL,
    checkpoint TEXT    NOT NULL
  ) STRICT;
  `,
];

const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (and creates) `integrity.sqlite`. synchronous=NORMAL: a commit lost to a power cut is
 * redone from the log on the next start, and a head signed again for the same size has the same
 * root, so nobody holding the lost one is misled.
 */
export function openIntegrityDatabase(dataDir: string): Database.Database {
  const db = openSqliteDatabase(integrityFile(dataDir), { synchronous: 'NORMAL' });
  try {
    migrateIntegrityDatabase(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens an existing `integrity.sqlite` read-only (for `vakregister verify`, which must not
 * change what it checks), or returns undefined when there is none.
 */
export function openIntegrityDatabaseReadOnly(dataDir: string): Database.Database | undefined {
  const file = integrityFile(dataDir);
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`${file} has schema ${version}; this Vakregister reads ${SCHEMA_VERSION}`);
  }
  return db;
}

/** Brings a connection (a file, or `:memory:` in tests) to the current schema. */
export function migrateIntegrityDatabase(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `integrity.sqlite was written by a newer Vakregister (schema ${current}, ` +
        `this one knows ${SCHEMA_VERSION})`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

export interface StoredLeaf {
  leafIndex: number;
  position: bigint;
  eventId: string;
  hash: Buffer;
}

export interface StoredHead {
  size: number;
  root: Buffer;
  time: string;
  checkpoint: string;
}

/** A stored node is missing: the integrity state is incomplete or damaged. */
export class MissingNodeError extends Error {
  constructor(level: number, index: number) {
    super(`integrity.sqlite has no node at level ${level}, index ${index}`);
    this.name = 'MissingNodeError';
  }
}

type LeafRow = [number, bigint, string, Buffer];

/** Typed statements over `integrity.sqlite`; works on a read-only connection too. */
export class IntegrityRepository implements PerfectSubtrees {
  private readonly statements;

  constructor(readonly db: Database.Database) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      leafCount: prepare('SELECT count(*) FROM leaves').pluck(),
      lastLeaf: prepare(
        'SELECT leaf_index, position, event_id, hash FROM leaves ORDER BY leaf_index DESC LIMIT 1',
      )
        .raw()
        .safeIntegers(true),
      leaf: prepare('SELECT leaf_index, position, event_id, hash FROM leaves WHERE leaf_index = ?')
        .raw()
        .safeIntegers(true),
      leavesFrom: prepare(
        `SELECT leaf_index, position, event_id, hash FROM leaves WHERE leaf_index >= ?
         ORDER BY leaf_index LIMIT ?`,
      )
        .raw()
        .safeIntegers(true),
      leafHash: prepare('SELECT hash FROM leaves WHERE leaf_index = ?').pluck(),
      leafOfEventId: prepare(
        'SELECT leaf_index FROM leaves WHERE event_id = ? ORDER BY leaf_index LIMIT 1',
      ).pluck(),
      node: prepare('SELECT hash FROM nodes WHERE level = ? AND idx = ?').pluck(),
      heads: prepare(
        'SELECT size, root, time, checkpoint FROM heads WHERE size >= ? ORDER BY size LIMIT ?',
      ),
      latestHead: prepare(
        'SELECT size, root, time, checkpoint FROM heads ORDER BY size DESC LIMIT 1',
      ),
      headAt: prepare('SELECT size, root, time, checkpoint FROM heads WHERE size = ?'),
      headCount: prepare('SELECT count(*) FROM heads').pluck(),
    };
  }

  /** Number of leaves: the tree size. */
  leafCount(): number {
    return this.statements.leafCount.get() as number;
  }

  lastLeaf(): StoredLeaf | undefined {
    const row = this.statements.lastLeaf.get() as LeafRow | undefined;
    return row ? toLeaf(row) : undefined;
  }

  leaf(leafIndex: number): StoredLeaf | undefined {
    const row = this.statements.leaf.get(leafIndex) as LeafRow | undefined;
    return row ? toLeaf(row) : undefined;
  }

  leavesFrom(leafIndex: number, limit: number): StoredLeaf[] {
    return (this.statements.leavesFrom.all(leafIndex, limit) as LeafRow[]).map(toLeaf);
  }

  leafIndexOfEventId(eventId: string): number | undefined {
    return (
      (this.statements.leafOfEventId.get(eventId.toLowerCase()) as number | undefined) ?? undefined
    );
  }

  /**
   * The leaf of a log position. Positions grow with the leaf index, so a binary search over the
   * leaves finds it without an index; on the embedded store (gap-free positions from 0) the
   * first probe, leaf = position, is already the answer.
   */
  leafIndexOfPosition(position: bigint): number | undefined {
    const direct =
      position <= BigInt(Number.MAX_SAFE_INTEGER) ? this.leaf(Number(position)) : undefined;
    if (direct?.position === position) return direct.leafIndex;
    let low = 0;
    let high = this.leafCount() - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const leaf = this.leaf(middle);
      if (!leaf) return undefined;
      if (leaf.position === position) return middle;
      if (leaf.position < position) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** PerfectSubtrees: level 0 is the leaf hash, higher levels the stored nodes. */
  perfect(level: number, index: number): Buffer {
    const hash =
      level === 0
        ? (this.statements.leafHash.get(index) as Buffer | undefined)
        : (this.statements.node.get(level, index) as Buffer | undefined);
    if (!hash || hash.length !== HASH_LENGTH) throw new MissingNodeError(level, index);
    return hash;
  }

  heads(fromSize: number, limit: number): StoredHead[] {
    return this.statements.heads.all(fromSize, limit) as StoredHead[];
  }

  latestHead(): StoredHead | undefined {
    return this.statements.latestHead.get() as StoredHead | undefined;
  }

  headAt(size: number): StoredHead | undefined {
    return this.statements.headAt.get(size) as StoredHead | undefined;
  }

  headCount(): number {
    return this.statements.headCount.get() as number;
  }
}

function toLeaf(row: LeafRow): StoredLeaf {
  return { leafIndex: Number(row[0]), position: row[1], eventId: row[2], hash: row[3] };
}
