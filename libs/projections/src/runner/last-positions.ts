import type Database from 'better-sqlite3';
import { keyedState } from './keyed-state';
import type { HandlerMode } from './projection';

/** A table of the last position a handler applied per professional (its idempotence). */
export function createLastPositionsTable(db: Database.Database, table: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    professional_id TEXT PRIMARY KEY,
    last_position   INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID`);
}

/**
 * The handler's idempotence: `firstTime` records the event's position for its professional and
 * says whether it is new, false for an event at or before the last one applied to them.
 */
export function lastPositions(db: Database.Database, table: string, mode: HandlerMode) {
  const load = db
    .prepare(`SELECT last_position FROM ${table} WHERE professional_id = ?`)
    .safeIntegers(true)
    .pluck();
  const save = db.prepare(
    `INSERT INTO ${table} (professional_id, last_position) VALUES (?, ?)
     ON CONFLICT (professional_id) DO UPDATE SET last_position = excluded.last_position`,
  );
  const positions = keyedState<bigint>(
    {
      load: (professionalId) => load.get(professionalId) as bigint | undefined,
      save: (professionalId, position) => save.run(professionalId, position),
    },
    mode,
  );
  return {
    firstTime(professionalId: string, position: bigint): boolean {
      const last = positions.get(professionalId);
      if (last !== undefined && position <= last) return false;
      positions.set(professionalId, position);
      return true;
    },
    flush: () => positions.flush(),
  };
}
