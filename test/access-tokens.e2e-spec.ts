import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenStore } from '@vakregister/access';
import { loadConfig } from '@vakregister/config';
import { makeTempDir } from '@vakregister/testing';
import Database from 'better-sqlite3';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../apps/api/src/create-app';
import { registration, type Json } from './support/api-client';
import { ledgerEvents } from './support/ledger-reader';

/**
 * Credentials end to end, with the production settings (no development header): API tokens made
 * over HTTP and with the CLI, what is kept of them at rest, revocation and expiry, identity-
 * provider JWTs and their tampered variants, who an event names as its actor, what one
 * professional can see of another, separation of duties, and rate limits.
 */

const ISSUER = 'https://idp.tokens.test';
const AUDIENCE = 'vakregister-tokens';
const CLI = join(__dirname, '..', 'apps', 'cli', 'src', 'main.ts');
const run = promisify(execFile);

function cli(dataDir: string, args: string[]) {
  return run(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', VAKREGISTER_DATA_DIR: dataDir },
  });
}

interface Response {
  status: number;
  body: Json;
  headers: Headers;
}

function client(baseUrl: string) {
  return async function send(
    method: string,
    url: string,
    token?: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Json,
      headers: response.headers,
    };
  };
}

async function start(dataDir: string, env: Record<string, string> = {}) {
  const app = await createApp(
    loadConfig({
      VAKREGISTER_DATA_DIR: dataDir,
      VAKREGISTER_LOG_LEVEL: 'silent',
      VAKREGISTER_SCHEDULER_INTERVAL_MS: '0',
      VAKREGISTER_NOW: '2016-05-13T09:00:00Z',
      // What production runs with: the X-Dev-Actor header must mean nothing.
      VAKREGISTER_DEV_AUTH: 'false',
      ...env,
    }),
  );
  await app.listen(0, '127.0.0.1');
  return { app, send: client(await app.getUrl()) };
}

/** Run as `node -e`: which files under argv[1] contain one of the other arguments. */
const SCAN_FOR_SECRETS = `
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const [root, ...secrets] = process.argv.slice(1);
const files = (path) => readdirSync(path).flatMap((name) =>
  statSync(join(path, name)).isDirectory() ? files(join(path, name)) : [join(path, name)]);
const all = files(root);
const leaks = all.filter((file) => {
  const bytes = readFileSync(file);
  return secrets.some((secret) => bytes.includes(secret));
});
console.log(JSON.stringify({ filesScanned: all.length, leaks }));
`;

describe('access: tokens, JWTs, actors, visibility, separation of duties', () => {
  const dir = makeTempDir('access-tokens');
  let app: NestFastifyApplication;
  let send: ReturnType<typeof client>;
  let registrar: string;
  let assessor: string;
  let auditor: string;
  let analyst: string;
  let signingKey: KeyLike;
  const secretsSeen: string[] = [];

  /** A JWT of our identity provider; `claims` override or (as undefined) remove claims. */
  async function jwt(
    claims: JWTPayload & Record<string, unknown> = {},
    options: { key?: KeyLike; kid?: string; alg?: string } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'u-7',
      iat: now,
      exp: now + 600,
      roles: ['registrar'],
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) {
      if (value === undefined) delete payload[name];
    }
    return new SignJWT(payload)
      .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: options.kid ?? 'k1' })
      .sign(options.key ?? signingKey);
  }

  async function createToken(body: Json): Promise<{ id: string; secret: string }> {
    const created = await send('POST', '/v1/admin/tokens', registrar, body);
    expect(created.status).toBe(201);
    secretsSeen.push(created.body.secret as string);
    return { id: created.body.id as string, secret: created.body.secret as string };
  }

  async function applicant(): Promise<string> {
    const registered = await send(
      'POST',
      '/v1/professionals',
      registrar,
      registration({ name: `Tokens ${randomUUID().slice(0, 8)}` }),
    );
    expect(registered.status).toBe(201);
    return registered.body.professionalId as string;
  }

  async function admitted(subject = `pro-${randomUUID()}`) {
    const id = await applicant();
    const admission = await send('POST', `/v1/professionals/${id}/admission`, assessor, {
      outcome: 'admitted',
      reasons: ['Requirements met'],
    });
    expect(admission.status).toBe(201);
    const { secret } = await createToken({
      name: 'professional',
      role: 'professional',
      subject,
      professionalId: id,
    });
    return { id, token: secret };
  }

  async function logActivity(id: string, token: string): Promise<string> {
    const logged = await send('POST', `/v1/professionals/${id}/activities`, token, {
      title: 'Intervisie',
      category: 'reflectie',
      hours: 4,
      competencies: ['gespreksvoering'],
      completedOn: '2016-03-01',
    });
    expect(logged.status).toBe(201);
    return logged.body.activityId as string;
  }

  async function requestCertification(id: string, token: string): Promise<string> {
    const requested = await send(
      'POST',
      `/v1/professionals/${id}/certification-requests`,
      token,
      {},
    );
    expect(requested.status).toBe(201);
    return requested.body.requestId as string;
  }

  beforeAll(async () => {
    const store = new TokenStore(dir.path);
    const make = (role: 'registrar' | 'assessor' | 'auditor' | 'analyst') => {
      const { secret } = store.create({ name: `tokens ${role}`, role, subject: `t-${role}` });
      secretsSeen.push(secret);
      return secret;
    };
    registrar = make('registrar');
    assessor = make('assessor');
    auditor = make('auditor');
    analyst = make('analyst');
    store.close();

    const { publicKey, privateKey } = await generateKeyPair('ES256');
    signingKey = privateKey;
    const jwks = join(dir.path, 'jwks.json');
    writeFileSync(
      jwks,
      JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }),
    );
    ({ app, send } = await start(dir.path, {
      VAKREGISTER_JWT_ISSUER: ISSUER,
      VAKREGISTER_JWT_AUDIENCE: AUDIENCE,
      VAKREGISTER_JWT_JWKS: jwks,
      VAKREGISTER_JWT_PROFESSIONAL_CLAIM: 'professional_id',
      VAKREGISTER_RATE_LIMIT_PUBLIC: '100000/1m',
      VAKREGISTER_RATE_LIMIT_STAFF: '100000/1m',
    }));
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    dir.remove();
  });

  describe('API tokens', () => {
    it('shows the secret of an HTTP-created token in the creation answer only', async () => {
      const created = await send('POST', '/v1/admin/tokens', registrar, {
        name: 'Auditor, laptop',
        role: 'auditor',
        subject: 'au-http',
      });
      expect(created.status).toBe(201);
      const secret = created.body.secret as string;
      secretsSeen.push(secret);
      expect(secret).toMatch(/^vkr_[A-Za-z0-9_-]{43}$/);
      expect(created.body).toMatchObject({ role: 'auditor', subject: 'au-http', revokedAt: null });

      const listed = await send('GET', '/v1/admin/tokens', registrar);
      expect(listed.status).toBe(200);
      const entry = (listed.body.tokens as Json[]).find((token) => token.id === created.body.id);
      expect(entry).toMatchObject({ role: 'auditor', subject: 'au-http' });
      expect(Object.keys(entry!)).not.toContain('secret');
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      // The secret works at once.
      expect((await send('GET', '/v1/register', secret)).status).toBe(200);
    });

    it('prints a CLI secret once, alone on the last line; list never shows it', async () => {
      const created = await cli(dir.path, [
        'tokens',
        'create',
        '--role',
        'auditor',
        '--subject',
        'au-cli',
        '--name',
        'Auditor, CLI',
      ]);
      const lines = created.stdout.trimEnd().split('\n');
      const secret = lines[lines.length - 1];
      secretsSeen.push(secret);
      expect(secret).toMatch(/^vkr_[A-Za-z0-9_-]{43}$/);
      expect(created.stdout.split(secret)).toHaveLength(2);
      // The running server reads the same store: the new token works on the next request.
      expect((await send('GET', '/v1/register', secret)).status).toBe(200);

      const listed = await cli(dir.path, ['tokens', 'list']);
      expect(listed.stdout).toContain('au-cli');
      expect(listed.stdout).not.toContain(secret);
      expect(listed.stdout).not.toContain(createHash('sha256').update(secret).digest('hex'));
    }, 30_000);

    it('keeps no secret at rest: access.sqlite holds only its SHA-256', async () => {
      expect(secretsSeen.length).toBeGreaterThanOrEqual(6);
      const db = new Database(join(dir.path, 'access.sqlite'), { readonly: true });
      try {
        const rows = db.prepare('SELECT * FROM api_tokens').all() as Record<string, unknown>[];
        const dump = JSON.stringify(rows);
        for (const secret of secretsSeen) {
          expect(dump).not.toContain(secret);
          expect(dump).not.toContain(secret.slice(4));
          const hash = createHash('sha256').update(secret).digest('hex');
          expect(rows.filter((row) => row.secret_hash === hash)).toHaveLength(1);
        }
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .pluck()
          .all() as string[];
        for (const table of tables) {
          const all = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
          for (const secret of secretsSeen) expect(all).not.toContain(secret);
        }
      } finally {
        db.close();
      }
      // Nor in any file of the data directory (WAL, ledger, read models, idempotency store).
      // Scanned from another process: opening and closing a live SQLite file here would drop
      // this process's POSIX locks on it, under the running server's feet.
      const scan = await run(process.execPath, ['-e', SCAN_FOR_SECRETS, dir.path, ...secretsSeen]);
      expect(JSON.parse(scan.stdout)).toEqual({ filesScanned: expect.any(Number), leaks: [] });
      expect(JSON.parse(scan.stdout).filesScanned).toBeGreaterThan(3);
    });

    it('revokes over HTTP, effective on the next request', async () => {
      const { id, secret } = await createToken({
        name: 'to revoke',
        role: 'auditor',
        subject: 'r1',
      });
      expect((await send('GET', '/v1/register', secret)).status).toBe(200);
      const revoked = await send('POST', `/v1/admin/tokens/${id}/revocation`, registrar);
      expect(revoked.status).toBe(201);
      expect(revoked.body).toMatchObject({ revoked: true, token: { id } });
      expect((revoked.body.token as Json).revokedAt).toEqual(expect.any(String));
      const refused = await send('GET', '/v1/register', secret);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.detail).toBe('The token has been revoked.');
      expect(
        (await send('POST', `/v1/admin/tokens/${randomUUID()}/revocation`, registrar)).status,
      ).toBe(404);
    });

    it('revokes with the CLI, effective on the next request to the running server', async () => {
      const { id, secret } = await createToken({
        name: 'cli revoke',
        role: 'analyst',
        subject: 'r2',
      });
      expect((await send('GET', '/v1/register', secret)).status).toBe(200);
      const revoked = await cli(dir.path, ['tokens', 'revoke', id]);
      expect(revoked.stdout).toContain(`Revoked ${id}`);
      expect((await send('GET', '/v1/register', secret)).status).toBe(401);
    }, 30_000);

    it('enforces expiry by real time', async () => {
      const store = new TokenStore(dir.path);
      const past = store.create({
        name: 'expired',
        role: 'registrar',
        subject: 'x-past',
        expiresAt: new Date(Date.now() - 1000),
      });
      store.close();
      secretsSeen.push(past.secret);
      const refused = await send('GET', '/v1/register', past.secret);
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toBe('The token has expired.');

      // A two-second token works, then stops working; the simulated 2016 clock plays no part.
      const { secret } = await createToken({
        name: 'short',
        role: 'auditor',
        subject: 'x-short',
        expires: '2s',
      });
      expect((await send('GET', '/v1/register', secret)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      expect((await send('GET', '/v1/register', secret)).status).toBe(401);
    });

    it('never turns a zero lifetime into a token without expiry', async () => {
      // `expires` passes validation as 0s/0m/0h/0d; a zero must not read as "no lifetime given".
      const created = await send('POST', '/v1/admin/tokens', registrar, {
        name: 'zero lifetime',
        role: 'auditor',
        subject: 'x-zero',
        expires: '0s',
      });
      if (created.status === 201) secretsSeen.push(created.body.secret as string);
      expect(
        created.status === 201 ? { expiresAt: created.body.expiresAt } : { status: created.status },
      ).not.toEqual({ expiresAt: null });
      if (created.status === 201) {
        expect((await send('GET', '/v1/register', created.body.secret as string)).status).toBe(401);
      } else {
        expect(created.status).toBe(400);
      }
    });
  });

  describe('identity-provider JWTs', () => {
    it('accepts a valid one and refuses every tampered variant with 401', async () => {
      expect((await send('GET', '/v1/register', await jwt())).status).toBe(200);

      const header = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 'u-7',
        exp: now + 600,
        roles: ['registrar'],
      };
      const otherKey = (await generateKeyPair('ES256')).privateKey;
      const hmacKey = new TextEncoder().encode(JSON.stringify(claims));
      const variants: Record<string, string> = {
        'alg none': `${header({ alg: 'none', typ: 'JWT' })}.${header(claims)}.`,
        // Same kid, another key: only the signature is wrong.
        'wrong key': await jwt({}, { key: otherKey }),
        'unknown kid': await jwt({}, { kid: 'k2' }),
        'HS256 (algorithm not allowed)': await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
          .sign(hmacKey),
        'wrong audience': await jwt({ aud: 'another-service' }),
        'wrong issuer': await jwt({ iss: 'https://evil.example' }),
        expired: await jwt({ iat: now - 7200, exp: now - 3600 }),
        'missing sub': await jwt({ sub: undefined }),
        'missing exp': await jwt({ exp: undefined }),
        'no Vakregister role': await jwt({ roles: ['superuser'] }),
        'payload edited after signing': await (async () => {
          const [h, , s] = (await jwt({ roles: ['analyst'] })).split('.');
          return `${h}.${header({ ...claims, roles: ['registrar'] })}.${s}`;
        })(),
      };
      const outcomes: Record<string, unknown> = {};
      for (const [name, token] of Object.entries(variants)) {
        const response = await send('GET', '/v1/register', token);
        outcomes[name] = {
          status: response.status,
          problem: response.headers.get('content-type')?.startsWith('application/problem+json'),
          echoesToken: JSON.stringify(response.body).includes(token),
        };
      }
      const refused = { status: 401, problem: true, echoesToken: false };
      expect(outcomes).toEqual(
        Object.fromEntries(Object.keys(variants).map((name) => [name, refused])),
      );
    });

    it("records a JWT's events with the actor issuer|subject, its role and jwt", async () => {
      const before = (await ledgerEvents(app)).length;
      const registered = await send(
        'POST',
        '/v1/professionals',
        await jwt(),
        registration({ name: 'Jet Wouters' }),
      );
      expect(registered.status).toBe(201);
      const appended = (await ledgerEvents(app)).slice(before);
      expect(appended.length).toBeGreaterThan(0);
      for (const event of appended) {
        expect(event.metadata.actor).toEqual({
          id: `${ISSUER}|u-7`,
          role: 'registrar',
          authentication: 'jwt',
        });
      }
      const trail = await send(
        'GET',
        `/v1/professionals/${registered.body.professionalId as string}/audit-trail`,
        auditor,
      );
      expect((trail.body.events as Json[])[0].actor).toMatchObject({
        id: `${ISSUER}|u-7`,
        role: 'registrar',
      });
    });

    it('links a JWT to its professional record by the configured claim', async () => {
      const { id } = await admitted();
      const otherId = await applicant();
      const token = await jwt({ sub: 'u-pro', roles: ['professional'], professional_id: id });
      expect((await send('GET', `/v1/professionals/${id}`, token)).status).toBe(200);
      expect((await send('GET', `/v1/professionals/${otherId}`, token)).status).toBe(404);
    });
  });

  describe('the actor comes from the credential only', () => {
    it('refuses a body that names an actor, and appends nothing', async () => {
      const before = (await ledgerEvents(app)).length;
      for (const extra of [
        { actor: { id: 'someone-else', role: 'assessor' } },
        { actorId: 'someone-else' },
        { metadata: { actor: { id: 'system', role: 'system' } } },
      ]) {
        const response = await send('POST', '/v1/professionals', registrar, {
          ...registration({ name: 'Body Actor' }),
          ...extra,
        });
        expect({ extra, status: response.status }).toEqual({ extra, status: 400 });
      }
      expect((await ledgerEvents(app)).length).toBe(before);
    });

    it('ignores actor headers: the events name the token holder', async () => {
      const before = (await ledgerEvents(app)).length;
      const registered = await send(
        'POST',
        '/v1/professionals',
        registrar,
        registration({ name: 'Header Actor' }),
        { 'x-dev-actor': 'assessor:someone-else', 'x-actor': 'system' },
      );
      expect(registered.status).toBe(201);
      for (const event of (await ledgerEvents(app)).slice(before)) {
        expect(event.metadata.actor).toEqual({
          id: 't-registrar',
          role: 'registrar',
          authentication: 'api-token',
        });
      }
    });

    it('without VAKREGISTER_DEV_AUTH ignores X-Dev-Actor: no token is 401', async () => {
      const alone = await send('GET', '/v1/register', undefined, undefined, {
        'x-dev-actor': 'registrar:reg-1',
      });
      expect(alone.status).toBe(401);
      const post = await send('POST', '/v1/professionals', undefined, registration(), {
        'x-dev-actor': 'registrar:reg-1',
      });
      expect(post.status).toBe(401);
      // With an analyst's token the header does not lift the analyst to registrar.
      const lifted = await send('POST', '/v1/professionals', analyst, registration(), {
        'x-dev-actor': 'registrar:reg-1',
      });
      expect(lifted.status).toBe(403);
    });
  });

  it("shows a professional nothing of another's record: 404 on every route", async () => {
    const a = await admitted();
    const b = await admitted();
    // B has a refused certification (a decision), an open objection against it, a pending
    // request and an unreviewed activity: every kind of id a route takes.
    const refusedRequest = await requestCertification(b.id, b.token);
    const refusal = await send(
      'POST',
      `/v1/professionals/${b.id}/certification-decisions`,
      assessor,
      {
        requestId: refusedRequest,
        outcome: 'refused',
        reasons: ['Too few points'],
      },
    );
    expect(refusal.status).toBe(201);
    const lodged = await send(
      'POST',
      `/v1/decisions/${refusal.body.decisionId as string}/objections`,
      b.token,
      {
        grounds: 'My intervision was not counted.',
      },
    );
    expect(lodged.status).toBe(201);
    type Ids = {
      record: string;
      activity: string;
      request: string;
      decision: string;
      objection: string;
    };
    const ofB: Ids = {
      record: b.id,
      activity: await logActivity(b.id, b.token),
      request: await requestCertification(b.id, b.token),
      decision: refusal.body.decisionId as string,
      objection: lodged.body.objectionId as string,
    };
    const attempts = ({
      record,
      activity,
      request,
      decision,
      objection,
    }: Ids): [string, string, unknown?][] => [
      ['GET', `/v1/professionals/${record}`],
      ['GET', `/v1/professionals/${record}/dossier`],
      ['GET', `/v1/professionals/${record}/audit-trail`],
      ['PATCH', `/v1/professionals/${record}`, { email: 'x@example.nl', reason: 'Mine now' }],
      [
        'PUT',
        `/v1/professionals/${record}/development-plan`,
        { competencies: ['gespreksvoering', 'wet-en-regelgeving'] },
      ],
      [
        'POST',
        `/v1/professionals/${record}/activities`,
        {
          title: 'Training',
          category: 'scholing',
          hours: 8,
          competencies: ['gespreksvoering'],
          completedOn: '2016-03-01',
        },
      ],
      ['POST', `/v1/professionals/${record}/activities/${activity}/withdrawal`, {}],
      ['POST', `/v1/professionals/${record}/certification-requests`, {}],
      ['POST', `/v1/professionals/${record}/certification-requests/${request}/withdrawal`, {}],
      ['POST', `/v1/professionals/${record}/withdrawal`, {}],
      ['GET', `/v1/decisions/${decision}`],
      ['POST', `/v1/decisions/${decision}/objections`, { grounds: 'Not mine, but still.' }],
      ['GET', `/v1/objections/${objection}`],
    ];
    const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const seen = async (ids: Ids) => {
      const outcomes: string[] = [];
      for (const [method, url, body] of attempts(ids)) {
        const response = await send(method, url, a.token, body);
        outcomes.push(
          [method, url, response.status, response.body.detail].join(' ').replace(uuids, '{id}'),
        );
      }
      return outcomes;
    };
    const before = (await ledgerEvents(app)).length;
    const outcomesOfB = await seen(ofB);
    expect(outcomesOfB.filter((line) => !/ 404 /.test(line))).toEqual([]);
    // Exactly what ids that do not exist answer: B's records cannot be probed.
    const nothing = {
      record: randomUUID(),
      activity: randomUUID(),
      request: randomUUID(),
      decision: randomUUID(),
      objection: randomUUID(),
    };
    expect(await seen(nothing)).toEqual(outcomesOfB);
    expect((await ledgerEvents(app)).length).toBe(before);
    // A's list of objection cases holds none of B's; B's own token still reaches B.
    const list = await send('GET', '/v1/objections', a.token);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(ofB.objection);
    expect(JSON.stringify((await send('GET', '/v1/objections', b.token)).body)).toContain(
      ofB.objection,
    );
    expect((await send('GET', `/v1/professionals/${b.id}`, b.token)).status).toBe(200);
  });

  describe('separation of duties', () => {
    it('an assessor linked to record A decides nothing on A, but may on B', async () => {
      const a = await admitted();
      const b = await admitted();
      const { secret: linked } = await createToken({
        name: 'assessor who is also a klantmanager',
        role: 'assessor',
        subject: 'ass-linked',
        professionalId: a.id,
      });
      const applicantA = await applicant();
      const { secret: linkedToApplicant } = await createToken({
        name: 'assessor linked to an applicant',
        role: 'assessor',
        subject: 'ass-linked-2',
        professionalId: applicantA,
      });
      const admit = { outcome: 'admitted', reasons: ['Requirements met'] };
      const own = await send(
        'POST',
        `/v1/professionals/${applicantA}/admission`,
        linkedToApplicant,
        admit,
      );
      expect(own.status).toBe(403);
      expect(own.body.detail).toBe(
        'You may not take this decision on your own professional record.',
      );
      const applicantB = await applicant();
      expect(
        (await send('POST', `/v1/professionals/${applicantB}/admission`, linkedToApplicant, admit))
          .status,
      ).toBe(201);

      const review = { outcome: 'approved', reason: 'Evidence in order' };
      const activityA = await logActivity(a.id, a.token);
      const activityB = await logActivity(b.id, b.token);
      expect(
        (
          await send(
            'POST',
            `/v1/professionals/${a.id}/activities/${activityA}/review`,
            linked,
            review,
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await send(
            'POST',
            `/v1/professionals/${b.id}/activities/${activityB}/review`,
            linked,
            review,
          )
        ).status,
      ).toBe(201);

      const requestA = await requestCertification(a.id, a.token);
      const requestB = await requestCertification(b.id, b.token);
      const decide = (requestId: string) => ({
        requestId,
        outcome: 'refused',
        reasons: ['Too few points'],
      });
      const before = (await ledgerEvents(app)).length;
      expect(
        (
          await send(
            'POST',
            `/v1/professionals/${a.id}/certification-decisions`,
            linked,
            decide(requestA),
          )
        ).status,
      ).toBe(403);
      // An identity-provider assessor linked to A by the professional claim is refused too.
      const linkedJwt = await jwt({ sub: 'ass-jwt', roles: ['assessor'], professional_id: a.id });
      expect(
        (
          await send(
            'POST',
            `/v1/professionals/${a.id}/certification-decisions`,
            linkedJwt,
            decide(requestA),
          )
        ).status,
      ).toBe(403);
      expect((await ledgerEvents(app)).length).toBe(before);
      expect(
        (
          await send(
            'POST',
            `/v1/professionals/${b.id}/certification-decisions`,
            linked,
            decide(requestB),
          )
        ).status,
      ).toBe(201);

      // The registrar's sanctions follow the same rule.
      const { secret: linkedRegistrar } = await createToken({
        name: 'registrar who is also a klantmanager',
        role: 'registrar',
        subject: 'reg-linked',
        professionalId: a.id,
      });
      expect(
        (
          await send('POST', `/v1/professionals/${a.id}/revocation`, linkedRegistrar, {
            reason: 'x',
          })
        ).status,
      ).toBe(403);
    });

    it('an appeals member cannot decide an objection against their own decision', async () => {
      // The same person (subject) refused the admission as assessor and now sits in appeals.
      const { secret: asAssessor } = await createToken({
        name: 'assessor, later in appeals',
        role: 'assessor',
        subject: 'sod-objection',
      });
      const { secret: asAppeals } = await createToken({
        name: 'same person, appeals',
        role: 'appeals',
        subject: 'sod-objection',
      });
      const { secret: otherAppeals } = await createToken({
        name: 'another appeals member',
        role: 'appeals',
        subject: 'sod-objection-other',
      });
      const id = await applicant();
      const refusal = await send('POST', `/v1/professionals/${id}/admission`, asAssessor, {
        outcome: 'refused',
        reasons: ['No diploma on file'],
      });
      expect(refusal.status).toBe(201);
      const { secret: own } = await createToken({
        name: 'the applicant',
        role: 'professional',
        subject: `pro-${id}`,
        professionalId: id,
      });
      const lodged = await send(
        'POST',
        `/v1/decisions/${refusal.body.decisionId as string}/objections`,
        own,
        { grounds: 'My HBO diploma was sent in March.' },
      );
      expect(lodged.status).toBe(201);
      const decide = { outcome: 'upheld', reasons: ['The diploma was on file.'] };
      const url = `/v1/objections/${lodged.body.objectionId as string}/decision`;
      const before = (await ledgerEvents(app)).length;
      expect((await send('POST', url, asAppeals, decide)).status).toBe(403);
      expect((await ledgerEvents(app)).length).toBe(before);
      expect((await send('POST', url, otherAppeals, decide)).status).toBe(201);
    });

    it('compares persons, not tokens: an assessor cannot review their own record', async () => {
      // PRODUCT.md: "separation of duties compares persons across roles". This person holds a
      // professional token for record A and, as the same subject, an assessor token without a
      // professional id; as assessor they still must not decide on A.
      const subject = `dual-${randomUUID()}`;
      const a = await admitted(subject);
      const { secret: asAssessor } = await createToken({
        name: 'same person, assessor',
        role: 'assessor',
        subject,
      });
      const activity = await logActivity(a.id, a.token);
      const review = await send(
        'POST',
        `/v1/professionals/${a.id}/activities/${activity}/review`,
        asAssessor,
        { outcome: 'approved', reason: 'Approving my own activity' },
      );
      expect(review.status).toBe(403);
    });
  });

  describe('rate limits (real time)', () => {
    const limited = makeTempDir('access-rate');
    let rateApp: NestFastifyApplication;
    let rateSend: ReturnType<typeof client>;
    let one: string;
    let sameOneOtherRole: string;
    let another: string;

    beforeAll(async () => {
      const store = new TokenStore(limited.path);
      one = store.create({ name: 'one', role: 'auditor', subject: 'rl-one' }).secret;
      sameOneOtherRole = store.create({ name: 'one', role: 'analyst', subject: 'rl-one' }).secret;
      another = store.create({ name: 'two', role: 'auditor', subject: 'rl-two' }).secret;
      store.close();
      ({ app: rateApp, send: rateSend } = await start(limited.path, {
        VAKREGISTER_RATE_LIMIT_PUBLIC: '3/1m',
        VAKREGISTER_RATE_LIMIT_STAFF: '5/10s',
      }));
    }, 30_000);

    afterAll(async () => {
      await rateApp?.close();
      limited.remove();
    });

    it('answers the 4th public lookup in a minute with 429 problem+json, Retry-After', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        statuses.push((await rateSend('GET', '/v1/public/register?name=Amrani')).status);
      }
      expect(statuses).toEqual([200, 200, 200]);
      const limitedResponse = await rateSend('GET', '/v1/public/register?name=Amrani');
      expect(limitedResponse.status).toBe(429);
      expect(limitedResponse.headers.get('content-type')).toContain('application/problem+json');
      expect(limitedResponse.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(Number(limitedResponse.headers.get('retry-after'))).toBeGreaterThan(0);
      // Liveness is never rate-limited.
      expect((await rateSend('GET', '/health')).status).toBe(200);
    });

    it('limits one person (across tokens) at the 6th request, not the next person', async () => {
      const statuses: number[] = [];
      for (const token of [one, one, one, sameOneOtherRole, sameOneOtherRole]) {
        statuses.push((await rateSend('GET', '/v1/register', token)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const sixth = await rateSend('GET', '/v1/register', one);
      expect(sixth.status).toBe(429);
      expect(sixth.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await rateSend('GET', '/v1/register', another)).status).toBe(200);
    });
  });

  describe('a server without any token', () => {
    it('logs one line with the command that makes the first registrar token', async () => {
      // The Nest Logger is what AccessModule writes with; pino's own stream is not capturable
      // in-process, so the test listens one step earlier, at Logger.warn.
      const empty = makeTempDir('access-empty');
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        const { app: emptyApp } = await start(empty.path);
        await emptyApp.close();
        const lines = warn.mock.calls
          .map(([message]) => String(message))
          .filter((message) => message.includes('tokens create'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`VAKREGISTER_DATA_DIR=${empty.path}`);
        expect(lines[0]).toContain('tokens create --role registrar');

        // Once a token exists, the hint is gone.
        warn.mockClear();
        const store = new TokenStore(empty.path);
        store.create({ name: 'first', role: 'registrar', subject: 'first' });
        store.close();
        const { app: withToken } = await start(empty.path);
        await withToken.close();
        expect(
          warn.mock.calls.filter(([message]) => String(message).includes('tokens create')),
        ).toEqual([]);
      } finally {
        warn.mockRestore();
        empty.remove();
      }
    }, 30_000);
  });
});
