import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface OpenSqliteOptions {
  /**
   * FULL for the event log: an acknowledged append survives power loss. Read models may use
   * NORMAL because they can always be rebuilt from the log.
   */
  synchronous: 'FULL' | 'NORMAL';
}

/** Opens (and creates) a SQLite file in WAL mode with the durability the caller asks for. */
export function openSqliteDatabase(file: string, options: OpenSqliteOptions): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    // Another process (the CLI) may hold the write lock briefly; wait instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    // A multi-event append in a savepoint journals more than SQLite keeps in memory by default
    // (64 KiB); in memory it costs RAM of the size of one append instead of temp-file writes.
    db.pragma('temp_store = MEMORY');
    // Deleted or overwritten content is zeroed, not left in free pages: erasure must erase.
    db.pragma('secure_delete = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
