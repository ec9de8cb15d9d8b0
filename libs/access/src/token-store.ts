import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '@vakregister/event-store';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AuthenticationError, type Principal, type Role } from './principal';

/** Prefix of API token secrets, so that a leaked one is recognisable in a secret scanner. */
export const TOKEN_PREFIX = 'vkr_';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  subject: string;
  professionalId: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  subject: string;
  professional_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const toToken = (row: TokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  role: row.role,
  subject: row.subject,
  professionalId: row.professional_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
});

/** SHA-256 is enough: the secrets are 256 random bits, so no slow password hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Writes of `last_used_at` are at most this frequent per token, to keep reads cheap. */
const LAST_USE_RESOLUTION_MS = 60_000;

/**
 * API tokens in `access.sqlite` beside the ledger: role, subject, optional professional id,
 * expiry, revocation, last use — and only the SHA-256 of the secret. Expiry uses real time.
 */
export class TokenStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly lastUseWritten = new Map<string, number>();

  constructor(
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = openSqliteDatabase(join(dataDir, 'access.sqlite'), { synchronous: 'FULL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS api_tokens (
        id              TEXT PRIMARY KEY,
        secret_hash     TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        role            TEXT NOT NULL,
        subject         TEXT NOT NULL,
        professional_id TEXT,
        created_at      TEXT NOT NULL,
        expires_at      TEXT,
        revoked_at      TEXT,
        last_used_at    TEXT
      ) STRICT;
    `);
    const columns =
      'id, name, role, subject, professional_id, created_at, expires_at, revoked_at, last_used_at';
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO api_tokens (id, secret_hash, name, role, subject, professional_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      bySecret: this.db.prepare(`SELECT ${columns} FROM api_tokens WHERE secret_hash = ?`),
      byId: this.db.prepare(`SELECT ${columns} FROM api_tokens WHERE id = ?`),
      list: this.db.prepare(`SELECT ${columns} FROM api_tokens ORDER BY created_at, id`),
      revoke: this.db.prepare(
        'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      used: this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      count: this.db.prepare('SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL').pluck(),
      linkedRecord: this.db
        .prepare(
          `SELECT professional_id FROM api_tokens
           WHERE subject = ? AND professional_id IS NOT NULL AND revoked_at IS NULL LIMIT 1`,
        )
        .pluck(),
    };
  }

  /** Creates a token; the secret is returned once and never stored. */
  create(input: {
    name: string;
    role: Role;
    subject: string;
    professionalId?: string;
    expiresAt?: Date;
  }): { token: ApiToken; secret: string } {
    if (input.role === 'professional' && !input.professionalId) {
      throw new Error('A professional token needs the id of their professional record.');
    }
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = randomUUID();
    this.statements.insert.run(
      id,
      hashSecret(secret),
      input.name,
      input.role,
      input.subject,
      input.professionalId ?? null,
      this.now().toISOString(),
      input.expiresAt?.toISOString() ?? null,
    );
    return { token: this.get(id)!, secret };
  }

  get(id: string): ApiToken | undefined {
    const row = this.statements.byId.get(id) as TokenRow | undefined;
    return row && toToken(row);
  }

  list(): ApiToken[] {
    return (this.statements.list.all() as TokenRow[]).map(toToken);
  }

  /** Revokes a token; true when it was active. Takes effect on the next request. */
  revoke(id: string): boolean {
    return this.statements.revoke.run(this.now().toISOString(), id).changes > 0;
  }

  /**
   * Erasure of a professional reaches their tokens too: revoked, and the name and subject
   * (which may be an e-mail address) overwritten. Returns how many tokens were touched.
   */
  eraseProfessional(professionalId: string, marker: string): number {
    const changes = this.db
      .prepare(
        `UPDATE api_tokens SET name = ?, subject = ? || id, revoked_at = coalesce(revoked_at, ?)
         WHERE professional_id = ?`,
      )
      .run(marker, `${marker} `, this.now().toISOString(), professionalId).changes;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changes;
  }

  /** Whether any token is active (a server without one says how to make the first). */
  hasActiveTokens(): boolean {
    return (this.statements.count.get() as number) > 0;
  }

  /** The principal of a secret; throws AuthenticationError for an unknown, revoked or expired one. */
  authenticate(secret: string): Principal {
    const row = this.statements.bySecret.get(hashSecret(secret)) as TokenRow | undefined;
    if (!row) throw new AuthenticationError('The token is not valid.');
    if (row.revoked_at) throw new AuthenticationError('The token has been revoked.');
    const now = this.now();
    if (row.expires_at && Date.parse(row.expires_at) <= now.getTime()) {
      throw new AuthenticationError('The token has expired.');
    }
    const written = this.lastUseWritten.get(row.id) ?? 0;
    if (now.getTime() - written >= LAST_USE_RESOLUTION_MS) {
      this.statements.used.run(now.toISOString(), row.id);
      this.lastUseWritten.set(row.id, now.getTime());
    }
    // Separation of duties compares persons: a link on any of the person's tokens counts.
    const ownRecord =
      row.professional_id ?? (this.statements.linkedRecord.get(row.subject) as string | undefined);
    return {
      id: row.subject,
      role: row.role,
      ...(ownRecord ? { professionalId: ownRecord } : {}),
      authentication: 'api-token',
      tokenId: row.id,
    };
  }

  close(): void {
    this.db.close();
  }
}
