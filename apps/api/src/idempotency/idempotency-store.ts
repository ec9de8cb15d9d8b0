import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '@vakregister/event-store';
import { join } from 'node:path';

/** The first answer to a request with an Idempotency-Key. */
export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
  etag?: string;
}

/** Records are kept at least this long (API.md: at least 24 hours). */
export const RETENTION_MS = 48 * 60 * 60 * 1000;

/**
 * Idempotency records in their own SQLite file beside the ledger, durable (synchronous=FULL) so
 * that a retry after a restart still gets the first answer. Keys are scoped per person; only a
 * hash of the request is kept, never the body.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    this.db = openSqliteDatabase(join(dataDir, 'idempotency.sqlite'), { synchronous: 'FULL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS idempotency (
        person       TEXT    NOT NULL,
        key          TEXT    NOT NULL,
        request_hash TEXT    NOT NULL,
        status       INTEGER NOT NULL,
        body         TEXT    NOT NULL,
        etag         TEXT,
        created_at   INTEGER NOT NULL,
        PRIMARY KEY (person, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
    `);
    this.statements = {
      find: this.db.prepare(
        'SELECT request_hash, status, body, etag, created_at FROM idempotency WHERE person = ? AND key = ?',
      ),
      save: this.db.prepare(
        `INSERT INTO idempotency (person, key, request_hash, status, body, etag, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (person, key) DO NOTHING`,
      ),
      purge: this.db.prepare('DELETE FROM idempotency WHERE created_at < ?'),
    };
  }

  find(person: string, key: string, now = Date.now()): StoredResponse | undefined {
    const row = this.statements.find.get(person, key) as
      | {
          request_hash: string;
          status: number;
          body: string;
          etag: string | null;
          created_at: number;
        }
      | undefined;
    if (!row || row.created_at < now - RETENTION_MS) return undefined;
    return {
      requestHash: row.request_hash,
      status: row.status,
      body: JSON.parse(row.body) as unknown,
      ...(row.etag ? { etag: row.etag } : {}),
    };
  }

  save(person: string, key: string, response: StoredResponse, now = Date.now()): void {
    this.statements.save.run(
      person,
      key,
      response.requestHash,
      response.status,
      JSON.stringify(response.body),
      response.etag ?? null,
      now,
    );
  }

  purgeExpired(now = Date.now()): number {
    return this.statements.purge.run(now - RETENTION_MS).changes;
  }

  close(): void {
    this.db.close();
  }
}
