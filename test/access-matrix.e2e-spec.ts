import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenStore, type Role } from '@vakregister/access';
import { loadConfig } from '@vakregister/config';
import { makeTempDir } from '@vakregister/testing';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../apps/api/src/create-app';
import { registration, type Json } from './support/api-client';
import { ledgerEvents } from './support/ledger-reader';
import { FULL_CYCLE } from './support/scenarios';

/**
 * Every route × every caller → the status API.md promises. The table below is written from
 * API.md, not from the `@Access` decorators, so that a wrong rule in a controller shows up as a
 * failing cell; and it must list exactly the routes the running app serves, so that a new route
 * cannot ship without a decision about who may call it.
 */

const ISSUER = 'https://idp.matrix.test';
const AUDIENCE = 'vakregister-matrix';

type Caller =
  | 'registrar'
  | 'assessor'
  | 'appeals'
  | 'professional'
  | 'otherProfessional'
  | 'analyst'
  | 'auditor'
  | 'none'
  | 'expired'
  | 'revoked'
  | 'badSignature';

const CALLERS: readonly Caller[] = [
  'registrar',
  'assessor',
  'appeals',
  'professional',
  'otherProfessional',
  'analyst',
  'auditor',
  'none',
  'expired',
  'revoked',
  'badSignature',
];
const UNAUTHENTICATED: readonly Caller[] = ['none', 'expired', 'revoked', 'badSignature'];
const STAFF: readonly Role[] = ['registrar', 'assessor', 'appeals', 'auditor'];

/** A request that an allowed caller makes; `token` replaces the caller's own (a fresh record). */
interface Call {
  url: string;
  body?: unknown;
  token?: string;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The Fastify route pattern, as the app registers it. */
  path: string;
  /** `public`, or the roles of API.md; `self`: a professional on their own record. */
  access: 'public' | { roles: readonly Role[]; self?: boolean };
  /** The exact status of a successful call. */
  success: number;
  /** A body that would succeed, sent by the refused callers too (access is checked first). */
  body?: () => unknown;
  /** Builds (and if needed prepares the state for) a call that succeeds for an allowed caller. */
  allowed?: (caller: Caller) => Promise<Call>;
}

function expectedStatus(route: RouteCase, caller: Caller): number {
  if (route.access === 'public') return route.success;
  if (UNAUTHENTICATED.includes(caller)) return 401;
  const role: Role = caller === 'otherProfessional' ? 'professional' : (caller as Role);
  if (route.access.roles.includes(role)) return route.success;
  // Another professional's record is not visible: 404, so that ids cannot be probed.
  if (route.access.self && role === 'professional') {
    return caller === 'professional' ? route.success : 404;
  }
  return 403;
}

type RouteConfig = { access?: unknown } | undefined;

interface Response {
  status: number;
  body: Json;
  contentType: string;
}

describe('access matrix: every route × every caller', () => {
  const dir = makeTempDir('access-matrix');
  const routeTable: { method: string; url: string; config?: RouteConfig }[] = [];
  const tokens = {} as Record<Caller, string | undefined>;
  let app: NestFastifyApplication;
  let baseUrl: string;
  /** The matrix professional's own record (the other professional has another one). */
  let own: string;
  /** A contestable decision on that record (a refused certification) and the open objection. */
  let ownDecision: string;
  let ownObjection: string;
  let schemeCounter = 0;

  async function send(
    method: string,
    url: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // Metrics are text; keep it for the failure message.
    }
    return {
      status: response.status,
      body: parsed as Json,
      contentType: response.headers.get('content-type') ?? '',
    };
  }

  /** A setup step that must succeed; its failure names the step. */
  async function must(
    status: number,
    method: string,
    url: string,
    token: string,
    body?: unknown,
  ): Promise<Json> {
    const response = await send(method, url, token, body);
    if (response.status !== status) {
      throw new Error(
        `setup ${method} ${url} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  const registrar = () => tokens.registrar!;
  const assessor = () => tokens.assessor!;

  async function applicant(): Promise<string> {
    const body = await must(
      201,
      'POST',
      '/v1/professionals',
      registrar(),
      registration({ name: `Matrix ${randomUUID().slice(0, 8)}` }),
    );
    return body.professionalId as string;
  }

  async function professionalToken(id: string): Promise<string> {
    const body = await must(201, 'POST', '/v1/admin/tokens', registrar(), {
      name: 'matrix professional',
      role: 'professional',
      subject: `pro-${id}`,
      professionalId: id,
    });
    return body.secret as string;
  }

  /** An admitted professional with a token for their own record. */
  async function admitted(): Promise<{ id: string; token: string }> {
    const id = await applicant();
    await must(201, 'POST', `/v1/professionals/${id}/admission`, assessor(), {
      outcome: 'admitted',
      reasons: ['HBO diploma, 6 years of experience, code signed'],
    });
    return { id, token: await professionalToken(id) };
  }

  async function logActivity(id: string, token: string, index = 0): Promise<string> {
    const activity = FULL_CYCLE((n) => `2016-0${(n % 4) + 1}-${10 + n}`)[index];
    const body = await must(201, 'POST', `/v1/professionals/${id}/activities`, token, activity);
    return body.activityId as string;
  }

  async function requestCertification(id: string, token: string): Promise<string> {
    const body = await must(
      201,
      'POST',
      `/v1/professionals/${id}/certification-requests`,
      token,
      {},
    );
    return body.requestId as string;
  }

  /** An admitted professional whose certification was refused: a decision to object to. */
  async function refused(): Promise<{ id: string; token: string; decisionId: string }> {
    const { id, token } = await admitted();
    const requestId = await requestCertification(id, token);
    const refusal = await must(
      201,
      'POST',
      `/v1/professionals/${id}/certification-decisions`,
      assessor(),
      { requestId, outcome: 'refused', reasons: ['Too few points'] },
    );
    return { id, token, decisionId: refusal.decisionId as string };
  }

  /** An open objection, lodged by the professional against their refusal. */
  async function objection(): Promise<{ token: string; decisionId: string; objectionId: string }> {
    const { token, decisionId } = await refused();
    const lodged = await must(201, 'POST', `/v1/decisions/${decisionId}/objections`, token, {
      grounds: 'My intervision was not counted.',
    });
    return { token, decisionId, objectionId: lodged.objectionId as string };
  }

  /** A professional certified on 2016-05-13 with 160 approved points. */
  async function certified(): Promise<string> {
    const { id, token } = await admitted();
    await must(200, 'PUT', `/v1/professionals/${id}/development-plan`, token, {
      competencies: ['gespreksvoering', 'wet-en-regelgeving'],
    });
    for (let index = 0; index < 6; index++) {
      const activityId = await logActivity(id, token, index);
      await must(
        201,
        'POST',
        `/v1/professionals/${id}/activities/${activityId}/review`,
        assessor(),
        {
          outcome: 'approved',
          reason: 'Evidence in order',
        },
      );
    }
    const requestId = await requestCertification(id, token);
    const decision = await must(
      201,
      'POST',
      `/v1/professionals/${id}/certification-decisions`,
      assessor(),
      { requestId, outcome: 'granted', reasons: ['All requirements met'] },
    );
    if (!decision.certificateId) throw new Error('setup: the certificate was not granted');
    return id;
  }

  const scheme = () => ({
    schemeId: `matrix-${++schemeCounter}`,
    // In force long after the simulated 2016, so that it changes no decision of this test.
    effectiveFrom: '2031-01-01',
    cycleYears: 4,
    pointsRequired: 160,
    categories: [{ id: 'scholing', min: 60 }, { id: 'reflectie' }],
    competencies: [
      { id: 'gespreksvoering', name: 'Gespreksvoering' },
      { id: 'wet-en-regelgeving', name: 'Wet- en regelgeving' },
    ],
    planMin: 1,
    planMax: 2,
    minPointsPerPlannedCompetency: 10,
    maxHoursPerActivity: 40,
    renewalWindowMonths: 6,
    maxSuspensionMonths: 12,
    admission: { minExperienceYears: 2, diplomaLevels: ['hbo', 'wo'] },
  });
  const activityBody = () => FULL_CYCLE((n) => `2016-0${(n % 4) + 1}-${10 + n}`)[0];
  const plan = () => ({ competencies: ['gespreksvoering', 'wet-en-regelgeving'] });

  const ROUTES: RouteCase[] = [
    { method: 'GET', path: '/health', access: 'public', success: 200 },
    { method: 'GET', path: '/metrics', access: 'public', success: 200 },
    {
      method: 'GET',
      path: '/v1/public/register/:registrationNumber',
      access: 'public',
      success: 200,
    },
    { method: 'GET', path: '/v1/public/register', access: 'public', success: 200 },
    { method: 'GET', path: '/v1/public/ledger/public-key', access: 'public', success: 200 },
    { method: 'GET', path: '/v1/public/ledger/checkpoints', access: 'public', success: 200 },
    {
      method: 'GET',
      path: '/v1/schemes',
      access: { roles: [...STAFF, 'analyst', 'professional'] },
      success: 200,
    },
    {
      method: 'GET',
      path: '/v1/schemes/:schemeId',
      access: { roles: [...STAFF, 'analyst', 'professional'] },
      success: 200,
    },
    {
      method: 'POST',
      path: '/v1/schemes',
      access: { roles: ['registrar'] },
      success: 201,
      body: scheme,
    },
    { method: 'GET', path: '/v1/register', access: { roles: [...STAFF, 'analyst'] }, success: 200 },
    {
      method: 'POST',
      path: '/v1/professionals',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => registration({ name: `Matrix ${randomUUID().slice(0, 8)}` }),
    },
    {
      method: 'GET',
      path: '/v1/professionals/:id',
      access: { roles: STAFF, self: true },
      success: 200,
    },
    {
      method: 'PATCH',
      path: '/v1/professionals/:id',
      access: { roles: ['registrar'], self: true },
      success: 200,
      // The professional may correct only their e-mail address; that is what everyone sends.
      body: () => ({ email: `m${randomUUID().slice(0, 8)}@example.nl`, reason: 'New address' }),
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/admission',
      access: { roles: ['assessor'] },
      success: 201,
      body: () => ({ outcome: 'admitted', reasons: ['Requirements met'] }),
      allowed: async () => ({ url: `/v1/professionals/${await applicant()}/admission` }),
    },
    {
      method: 'PUT',
      path: '/v1/professionals/:id/development-plan',
      access: { roles: ['registrar'], self: true },
      success: 200,
      body: plan,
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/activities',
      access: { roles: [], self: true },
      success: 201,
      body: activityBody,
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/activities/:activityId/withdrawal',
      access: { roles: [], self: true },
      success: 201,
      body: () => ({ reason: 'Logged twice' }),
      allowed: async () => {
        const activityId = await logActivity(own, tokens.professional!);
        return { url: `/v1/professionals/${own}/activities/${activityId}/withdrawal` };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/activities/:activityId/review',
      access: { roles: ['assessor'] },
      success: 201,
      body: () => ({ outcome: 'approved', reason: 'Evidence in order' }),
      allowed: async () => {
        const activityId = await logActivity(own, tokens.professional!);
        return { url: `/v1/professionals/${own}/activities/${activityId}/review` };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/certification-requests',
      access: { roles: [], self: true },
      success: 201,
      body: () => ({}),
      // A fresh record: the matrix professional's own must stay free of a pending request.
      allowed: async () => {
        const { id, token } = await admitted();
        return { url: `/v1/professionals/${id}/certification-requests`, token };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/certification-requests/:requestId/withdrawal',
      access: { roles: [], self: true },
      success: 201,
      body: () => ({ reason: 'Too early' }),
      allowed: async () => {
        const { id, token } = await admitted();
        const requestId = await requestCertification(id, token);
        return {
          url: `/v1/professionals/${id}/certification-requests/${requestId}/withdrawal`,
          token,
        };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/certification-decisions',
      access: { roles: ['assessor'] },
      success: 201,
      body: () => ({ requestId: randomUUID(), outcome: 'refused', reasons: ['Too few points'] }),
      allowed: async () => {
        const { id, token } = await admitted();
        const requestId = await requestCertification(id, token);
        return {
          url: `/v1/professionals/${id}/certification-decisions`,
          body: { requestId, outcome: 'refused', reasons: ['Too few points'] },
        };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/suspensions',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => ({ until: '2016-09-01', reason: 'Under investigation' }),
      allowed: async () => ({ url: `/v1/professionals/${await certified()}/suspensions` }),
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/suspensions/:decisionId/lift',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => ({ reason: 'Complaint withdrawn' }),
      allowed: async () => {
        const id = await certified();
        const suspension = await must(
          201,
          'POST',
          `/v1/professionals/${id}/suspensions`,
          registrar(),
          {
            until: '2016-09-01',
            reason: 'Under investigation',
          },
        );
        return {
          url: `/v1/professionals/${id}/suspensions/${suspension.decisionId as string}/lift`,
        };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/revocation',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => ({ reason: 'Struck off by the disciplinary board' }),
      allowed: async () => ({ url: `/v1/professionals/${await certified()}/revocation` }),
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/withdrawal',
      access: { roles: ['registrar'], self: true },
      success: 201,
      body: () => ({ reason: 'Opting out' }),
      allowed: async (caller) => {
        if (caller === 'professional') {
          const { id, token } = await admitted();
          return { url: `/v1/professionals/${id}/withdrawal`, token };
        }
        return { url: `/v1/professionals/${await applicant()}/withdrawal` };
      },
    },
    {
      method: 'POST',
      path: '/v1/professionals/:id/erasure',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => ({ reason: 'Asked to be forgotten after withdrawing' }),
      allowed: async () => ({ url: `/v1/professionals/${await applicant()}/erasure` }),
    },
    {
      method: 'GET',
      path: '/v1/professionals/:id/export',
      access: { roles: ['registrar'], self: true },
      success: 200,
    },
    {
      method: 'GET',
      path: '/v1/professionals/:id/dossier',
      access: { roles: STAFF, self: true },
      success: 200,
    },
    {
      method: 'GET',
      path: '/v1/professionals/:id/audit-trail',
      access: { roles: ['assessor', 'appeals', 'auditor'], self: true },
      success: 200,
    },
    { method: 'GET', path: '/v1/analytics/pilot', access: { roles: ['analyst'] }, success: 200 },
    {
      method: 'GET',
      path: '/v1/queues/:queue',
      access: { roles: ['assessor', 'appeals'] },
      success: 200,
    },
    {
      method: 'GET',
      path: '/v1/decisions/:decisionId',
      access: { roles: ['assessor', 'appeals', 'auditor'], self: true },
      success: 200,
    },
    {
      method: 'GET',
      path: '/v1/decisions/:decisionId/receipt',
      access: { roles: ['assessor', 'appeals', 'auditor'], self: true },
      success: 200,
    },
    {
      method: 'POST',
      path: '/v1/decisions/:decisionId/objections',
      // Appeals lodge only to admit an objection late, with a reason (API.md).
      access: { roles: ['appeals'], self: true },
      success: 201,
      body: () => ({
        grounds: 'My intervision was not counted.',
        lateAdmissionReason: 'Admitted by the committee',
      }),
      allowed: async (caller) => {
        const { token, decisionId } = await refused();
        return caller === 'professional'
          ? {
              url: `/v1/decisions/${decisionId}/objections`,
              token,
              body: { grounds: 'My intervision was not counted.' },
            }
          : { url: `/v1/decisions/${decisionId}/objections` };
      },
    },
    {
      method: 'POST',
      path: '/v1/objections/:objectionId/extension',
      access: { roles: ['appeals'] },
      success: 201,
      body: () => ({ reason: 'A hearing is needed' }),
      allowed: async () => ({
        url: `/v1/objections/${(await objection()).objectionId}/extension`,
      }),
    },
    {
      method: 'POST',
      path: '/v1/objections/:objectionId/decision',
      access: { roles: ['appeals'] },
      success: 201,
      body: () => ({ outcome: 'rejected', reasons: ['The points were counted correctly.'] }),
      allowed: async () => ({
        url: `/v1/objections/${(await objection()).objectionId}/decision`,
      }),
    },
    // The list shows a professional their own cases only: a professional role, not a record.
    {
      method: 'GET',
      path: '/v1/objections',
      access: { roles: ['appeals', 'professional'] },
      success: 200,
    },
    {
      method: 'GET',
      path: '/v1/objections/:objectionId',
      access: { roles: ['appeals'], self: true },
      success: 200,
    },
    {
      method: 'POST',
      path: '/v1/audits/samples',
      access: { roles: ['assessor'] },
      success: 201,
      body: () => ({ seed: `matrix-${randomUUID()}`, size: 1, population: 'activities' }),
    },
    // Operations: "manage access" is the registrar's (PRODUCT.md); the projection status is
    // also the auditor's, who verifies integrity.
    {
      method: 'POST',
      path: '/v1/admin/tokens',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => ({ name: 'matrix', role: 'auditor', subject: `au-${randomUUID()}` }),
    },
    { method: 'GET', path: '/v1/admin/tokens', access: { roles: ['registrar'] }, success: 200 },
    {
      method: 'POST',
      path: '/v1/admin/tokens/:tokenId/revocation',
      access: { roles: ['registrar'] },
      success: 201,
      body: () => ({}),
      allowed: async () => {
        const created = await must(201, 'POST', '/v1/admin/tokens', registrar(), {
          name: 'to revoke',
          role: 'auditor',
          subject: `au-${randomUUID()}`,
        });
        return { url: `/v1/admin/tokens/${created.id as string}/revocation` };
      },
    },
    {
      method: 'GET',
      path: '/v1/admin/projections',
      access: { roles: ['registrar', 'auditor'] },
      success: 200,
    },
    {
      method: 'POST',
      path: '/v1/admin/projections/:name/rebuild',
      access: { roles: ['registrar'] },
      success: 202,
      body: () => ({}),
    },
  ];

  /**
   * The route's URL with its parameters filled in: the matrix professional's record, decision
   * and objection, so that another professional is refused something that exists.
   */
  function fill(path: string): string {
    return path
      .replace(/:id(?=\/|$)/, own)
      .replace(':decisionId', ownDecision)
      .replace(':objectionId', ownObjection)
      .replace(':registrationNumber', 'VR000001')
      .replace(':schemeId', 'bvk-2016')
      .replace(':queue', 'admissions')
      .replace(':name', 'register')
      .replace(/:\w+/g, () => randomUUID());
  }
  const withQuery = (route: RouteCase, url: string) =>
    route.path === '/v1/public/register' ? `${url}?name=Matrix` : url;

  beforeAll(async () => {
    // Tokens are made before the start, straight in the token store, as `vakregister tokens
    // create` does; the expired and revoked ones must be refused although their secrets exist.
    const store = new TokenStore(dir.path);
    for (const role of ['registrar', 'assessor', 'appeals', 'analyst', 'auditor'] as const) {
      tokens[role] = store.create({ name: `matrix ${role}`, role, subject: `m-${role}` }).secret;
    }
    tokens.expired = store.create({
      name: 'expired',
      role: 'registrar',
      subject: 'm-expired',
      expiresAt: new Date(Date.now() - 60_000),
    }).secret;
    const revoked = store.create({ name: 'revoked', role: 'registrar', subject: 'm-revoked' });
    store.revoke(revoked.token.id);
    tokens.revoked = revoked.secret;
    store.close();

    // An identity provider of our own: its public key in a JWKS file the app reads.
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwks = join(dir.path, 'jwks.json');
    writeFileSync(
      jwks,
      JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }),
    );
    const valid = await new SignJWT({ roles: ['registrar'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('m-jwt')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    // The same registrar JWT with one bit of its signature flipped: only the signature is wrong.
    const [header, payload, signature] = valid.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] ^= 0x01;
    tokens.badSignature = `${header}.${payload}.${bytes.toString('base64url')}`;

    const config = loadConfig({
      VAKREGISTER_DATA_DIR: dir.path,
      VAKREGISTER_LOG_LEVEL: 'silent',
      VAKREGISTER_SCHEDULER_INTERVAL_MS: '0',
      VAKREGISTER_NOW: '2016-05-13T09:00:00Z',
      // The production setting: no development header.
      VAKREGISTER_DEV_AUTH: 'false',
      VAKREGISTER_JWT_ISSUER: ISSUER,
      VAKREGISTER_JWT_AUDIENCE: AUDIENCE,
      VAKREGISTER_JWT_JWKS: jwks,
      // The matrix and its setup send a few hundred requests per person in seconds.
      VAKREGISTER_RATE_LIMIT_PUBLIC: '100000/1m',
      VAKREGISTER_RATE_LIMIT_STAFF: '100000/1m',
    });
    // createApp initialises Nest (and so registers every route) before it returns, so an
    // `onRoute` hook added to the app it returns would see no route. Hook in right after
    // NestFactory.create instead: this is the real route table, with each route's config.
    const create = NestFactory.create.bind(NestFactory) as (
      ...args: unknown[]
    ) => Promise<NestFastifyApplication>;
    const spy = jest.spyOn(NestFactory, 'create').mockImplementation((async (
      ...args: unknown[]
    ) => {
      const created = await create(...args);
      created
        .getHttpAdapter()
        .getInstance()
        .addHook('onRoute', (route) => {
          for (const method of [route.method].flat()) {
            routeTable.push({ method, url: route.url, config: route.config as RouteConfig });
          }
        });
      return created;
    }) as unknown as typeof NestFactory.create);
    try {
      app = await createApp(config);
    } finally {
      spy.mockRestore();
    }
    // A route that forgot its rule: it must be refused to everyone (fail closed).
    app
      .getHttpAdapter()
      .getInstance()
      .get('/v1/test-only/no-access-rule', async () => ({ reached: true }));
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();

    const ownRecord = await refused();
    own = ownRecord.id;
    tokens.professional = ownRecord.token;
    ownDecision = ownRecord.decisionId;
    const lodged = await must(
      201,
      'POST',
      `/v1/decisions/${ownDecision}/objections`,
      ownRecord.token,
      {
        grounds: 'My intervision was not counted.',
      },
    );
    ownObjection = lodged.objectionId as string;
    tokens.otherProfessional = (await admitted()).token;
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    dir.remove();
  });

  const served = () =>
    routeTable.filter(
      (route) =>
        !/^\/docs(?:[-/]|$)/.test(route.url) &&
        route.url !== '/v1/test-only/no-access-rule' &&
        route.method !== 'HEAD' &&
        route.method !== 'OPTIONS',
    );

  it('lists exactly the routes the app serves, and each carries an access rule', () => {
    const key = (route: { method: string; url?: string; path?: string }) =>
      `${route.method} ${route.url ?? route.path}`;
    expect(served().map(key).sort()).toEqual(ROUTES.map(key).sort());
    expect(
      served()
        .filter((route) => !route.config?.access)
        .map(key),
    ).toEqual([]);
    // Fastify answers HEAD with the GET handler: it must carry the same rule.
    const heads = routeTable.filter(
      (route) => route.method === 'HEAD' && !route.url.startsWith('/docs'),
    );
    for (const head of heads) {
      const get = routeTable.find((route) => route.method === 'GET' && route.url === head.url);
      expect({ url: head.url, access: head.config?.access }).toEqual({
        url: head.url,
        access: get?.config?.access,
      });
    }
  });

  it('refuses a route without an access rule to everyone, even the registrar', async () => {
    for (const caller of ['none', 'registrar', 'auditor'] as const) {
      const response = await send('GET', '/v1/test-only/no-access-rule', tokens[caller]);
      expect({ caller, status: response.status, body: response.body }).toMatchObject({
        caller,
        status: 403,
        body: { status: 403, detail: 'This route declares no access rule.' },
      });
    }
    // HEAD of a protected GET is protected too.
    expect((await send('HEAD', '/v1/register', undefined)).status).toBe(401);
    expect((await send('HEAD', '/v1/register', tokens.professional)).status).toBe(403);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    async (_name, route) => {
      const mismatches: string[] = [];
      const refused = CALLERS.filter((caller) => expectedStatus(route, caller) >= 400);
      const allowed = CALLERS.filter((caller) => expectedStatus(route, caller) < 400);

      // Refused callers send a body that would succeed: access is decided before the body, and
      // a refused request appends nothing.
      const before = (await ledgerEvents(app)).length;
      for (const caller of refused) {
        const expected = expectedStatus(route, caller);
        const response = await send(
          route.method,
          withQuery(route, fill(route.path)),
          tokens[caller],
          route.body?.(),
        );
        if (response.status !== expected) {
          mismatches.push(`${caller}: expected ${expected}, got ${response.status}`);
        } else if (!response.contentType.startsWith('application/problem+json')) {
          mismatches.push(`${caller}: ${expected} is not problem+json (${response.contentType})`);
        }
      }
      expect({ appended: (await ledgerEvents(app)).length - before }).toEqual({ appended: 0 });

      for (const caller of allowed) {
        const call: Call = route.allowed
          ? await route.allowed(caller)
          : { url: withQuery(route, fill(route.path)) };
        const token = call.token ?? tokens[caller];
        const response = await send(route.method, call.url, token, call.body ?? route.body?.());
        if (response.status !== route.success) {
          mismatches.push(
            `${caller}: expected ${route.success}, got ${response.status} ${JSON.stringify(
              response.body,
            ).slice(0, 300)}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    },
    30_000,
  );
});
