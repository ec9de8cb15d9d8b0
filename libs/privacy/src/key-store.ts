import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '@vakregister/event-store';
import { randomBytes } from 'node:crypto';
import { open, seal } from './aes-gcm';

/**
 * The port for per-subject data keys. One SQLite file serves a single machine; several API
 * instances on one EventStoreDB need a shared implementation behind this interface.
 */
export interface KeyStore {
  /** The subject's data key; made when `create` is set and none exists; undefined once erased. */
  dataKey(subjectId: string, create: boolean): Buffer | undefined;
  /** Destroys the subject's key for good (crypto-shredding). */
  destroy(subjectId: string): void;
  /** Whether the subject's key was destroyed. */
  isErased(subjectId: string): boolean;
  close(): void;
}

/** The master key does not open this key store. */
export class WrongMasterKeyError extends Error {
  constructor(file: string) {
    super(
      `The master key (VAKREGISTER_MASTER_KEY) does not open the key store ${file}; nothing was changed.`,
    );
    this.name = 'WrongMasterKeyError';
  }
}

const CHECK_CONTEXT = 'vakregister-keystore-check';
const CHECK_PLAINTEXT = Buffer.from('vakregister key store');

/**
 * Data keys in their own SQLite file, each wrapped (AES-256-GCM) by the master key. Destroyed
 * keys leave a tombstone, and `secure_delete` plus a truncating WAL checkpoint make sure the
 * wrapped key is gone from the file, not just unlinked from a page.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Buffer>();
  private readonly statements;

  constructor(
    file: string,
    private masterKey: Buffer,
  ) {
    this.db = openSqliteDatabase(file, { synchronous: 'FULL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS keystore_check (id INTEGER PRIMARY KEY CHECK (id = 1), sealed BLOB NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS data_keys (
        subject_id TEXT PRIMARY KEY,
        wrapped    BLOB,
        erased_at  TEXT
      ) STRICT, WITHOUT ROWID;
    `);
    const check = this.db
      .prepare('SELECT sealed FROM keystore_check WHERE id = 1')
      .pluck()
      .get() as Buffer | undefined;
    if (!check) {
      this.db
        .prepare('INSERT INTO keystore_check (id, sealed) VALUES (1, ?)')
        .run(seal(masterKey, CHECK_PLAINTEXT, CHECK_CONTEXT));
    } else {
      try {
        open(masterKey, check, CHECK_CONTEXT);
      } catch {
        this.db.close();
        throw new WrongMasterKeyError(file);
      }
    }
    this.statements = {
      get: this.db.prepare('SELECT wrapped, erased_at FROM data_keys WHERE subject_id = ?'),
      insert: this.db.prepare(
        'INSERT OR IGNORE INTO data_keys (subject_id, wrapped) VALUES (?, ?)',
      ),
      erase: this.db.prepare(
        'INSERT INTO data_keys (subject_id, wrapped, erased_at) VALUES (?, NULL, ?) ON CONFLICT (subject_id) DO UPDATE SET wrapped = NULL, erased_at = excluded.erased_at',
      ),
      all: this.db.prepare('SELECT subject_id, wrapped FROM data_keys WHERE wrapped IS NOT NULL'),
      rewrap: this.db.prepare('UPDATE data_keys SET wrapped = ? WHERE subject_id = ?'),
    };
  }

  dataKey(subjectId: string, create: boolean): Buffer | undefined {
    const cached = this.cache.get(subjectId);
    if (cached) return cached;
    const row = this.statements.get.get(subjectId) as
      { wrapped: Buffer | null; erased_at: string | null } | undefined;
    if (row?.erased_at) return undefined;
    if (row?.wrapped) {
      const key = open(this.masterKey, row.wrapped, `data-key:${subjectId}`);
      this.cache.set(subjectId, key);
      return key;
    }
    if (!create) return undefined;
    const key = randomBytes(32);
    this.statements.insert.run(subjectId, seal(this.masterKey, key, `data-key:${subjectId}`));
    this.cache.set(subjectId, key);
    return key;
  }

  destroy(subjectId: string): void {
    this.cache.delete(subjectId);
    this.statements.erase.run(subjectId, new Date().toISOString());
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  isErased(subjectId: string): boolean {
    const row = this.statements.get.get(subjectId) as { erased_at: string | null } | undefined;
    return !!row?.erased_at;
  }

  /** Wraps every data key with a new master key, in one transaction. */
  rotateMaster(newMasterKey: Buffer): number {
    const rows = this.statements.all.all() as Array<{ subject_id: string; wrapped: Buffer }>;
    this.db.transaction(() => {
      for (const row of rows) {
        const key = open(this.masterKey, row.wrapped, `data-key:${row.subject_id}`);
        this.statements.rewrap.run(
          seal(newMasterKey, key, `data-key:${row.subject_id}`),
          row.subject_id,
        );
      }
      this.db
        .prepare('UPDATE keystore_check SET sealed = ? WHERE id = 1')
        .run(seal(newMasterKey, CHECK_PLAINTEXT, CHECK_CONTEXT));
    })();
    this.masterKey = newMasterKey;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return rows.length;
  }

  close(): void {
    this.db.close();
  }
}
