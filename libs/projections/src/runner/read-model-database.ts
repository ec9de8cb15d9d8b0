import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '@vakregister/event-store';
import { join } from 'node:path';

/** The file of the read models inside the data directory. */
export function readModelFile(dataDir: string): string {
  return join(dataDir, 'readmodels.sqlite');
}

/**
 * Opens the read-model database. `synchronous=NORMAL`: a power cut may lose the last commits,
 * which the projections then redo from their checkpoints (stored in the same transactions).
 */
export function openReadModelDatabase(dataDir: string): Database.Database {
  const db = openSqliteDatabase(readModelFile(dataDir), { synchronous: 'NORMAL' });
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name     TEXT PRIMARY KEY,
      position INTEGER NOT NULL,
      version  INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
  `);
  return db;
}
