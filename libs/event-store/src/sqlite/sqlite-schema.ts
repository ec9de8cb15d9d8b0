import type Database from 'better-sqlite3';

/**
 * Schema migrations of the embedded event log, applied in order and tracked in
 * `PRAGMA user_version`. A migration is never edited once released; add a new one instead.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    event_id  TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    stored_at INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX events_by_stream_revision ON events (stream_id, revision);
  CREATE INDEX events_by_event_id ON events (event_id);
  CREATE TABLE streams (
    stream_id     TEXT PRIMARY KEY,
    last_revision INTEGER,
    metadata      TEXT
  ) STRICT, WITHOUT ROWID;
  `,
  // Idempotent re-appends are found through (stream_id, revision); an index on random UUIDs
  // cost about half of the bytes written per event.
  `
  DROP INDEX IF EXISTS events_by_event_id;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `The event log was written by a newer Vakregister (schema ${current}, this one knows ${SCHEMA_VERSION})`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
