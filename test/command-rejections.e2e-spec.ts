import { makeTempDir } from '@vakregister/testing';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type ApiResponse,
  type Json,
} from './support/api-client';
import { ledgerEvents } from './support/ledger-reader';
import { FULL_CYCLE_2016, schemeBody } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

/**
 * Every rejection path of API.md's command table, over real HTTP against a real SQLite ledger.
 * Each rejection must answer its status with a problem document a committee member can read, and
 * must leave the ledger exactly as it was: a refused command that still appends something would
 * put a decision in the history that nobody took.
 */

// The simulated domain clock: "today" is 2016-05-13 in Europe/Amsterdam for every command.
const NOW = '2016-05-13T09:00:00Z';
const TOMORROW = '2016-05-14';
const PLAN = ['gespreksvoering', 'wet-en-regelgeving'];
// These tests are about rejections, not the rate limit: one person sends many requests quickly.
const GENEROUS_RATE_LIMIT = { VAKREGISTER_RATE_LIMIT_STAFF: '100000/10s' };
const UNKNOWN_ID = '0b8f7a52-6c1e-4c55-9d0a-3f1f2b7e9a10';

const activity = (overrides: Json = {}): Json => ({
  title: 'Intervisie',
  category: 'reflectie',
  hours: 2,
  competencies: PLAN,
  completedOn: '2016-05-01',
  ...overrides,
});

const scheme = (overrides: Json = {}): Json => schemeBody('bvk-2020', '2020-01-01', overrides);

// API.md: "No stack traces, no SQL, ever." SQL keywords in capitals (as SQL and driver errors
// write them, so that ordinary words such as "update" pass), the driver's name, stack frames.
const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|PRAGMA|CONSTRAINT)\b/;
const DRIVER_NAME = /sqlite/i;
const STACK_TRACE = /\n\s+at\s|\.[jt]s:\d+|node_modules|\b[A-Z][a-zA-Z]*Error\b/;

/** The response is an RFC 9457 problem with this status and a readable sentence as detail. */
function expectProblem(response: ApiResponse, status: number): void {
  // Status and body in one string, so that a wrong status shows what the server said instead.
  expect(`${response.status} ${JSON.stringify(response.body)}`).toMatch(new RegExp(`^${status} `));
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  const body = response.body;
  expect(
    Object.keys(body).filter(
      (key) => !['type', 'title', 'status', 'detail', 'errors'].includes(key),
    ),
  ).toEqual([]);
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  const detail = body.detail as string;
  // A sentence: at least three words, ending with a full stop (not a parser's or framework's
  // message fragment such as "Request body is too large").
  expect(detail).toMatch(/^\S+ \S+ \S.*[.?!]$/s);
  expect(detail).not.toMatch(SQL_WORDS);
  expect(detail).not.toMatch(DRIVER_NAME);
  expect(detail).not.toMatch(STACK_TRACE);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors as unknown[]) {
      expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
    }
  }
}

describe('command rejections over HTTP (embedded store, simulated clock)', () => {
  const dir = makeTempDir('rejections');
  let api: RunningApi;
  let client: ReturnType<typeof apiClient>;

  /** Ids of the professionals built in beforeAll, one per situation a rejection needs. */
  const fx = {
    /** Certified on 2016-05-13, with approved activities and a granted request. */
    certified: '',
    certifiedActivity: '',
    certifiedRequest: '',
    /** Certified, then revoked. */
    revoked: '',
    /** Registered, then withdrew. */
    withdrawn: '',
    /** An applicant with 1 year of experience. */
    junior: '',
    /** Admitted, plan set, no activities, one pending request (nothing to grant it on). */
    admitted: '',
    admittedRequest: '',
    /** An applicant for the If-Match and Idempotency-Key cases. */
    applicant: '',
  };

  async function register(overrides: Json = {}): Promise<string> {
    const registered = await client.post('/v1/professionals', REGISTRAR, registration(overrides));
    expect(registered.status).toBe(201);
    return registered.body.professionalId as string;
  }

  async function admit(id: string): Promise<void> {
    const admitted = await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
      outcome: 'admitted',
      reasons: ['HBO diploma, 6 years of experience, code signed'],
    });
    expect(admitted.status).toBe(201);
    const plan = await client.put(`/v1/professionals/${id}/development-plan`, professional(id), {
      competencies: PLAN,
    });
    expect(plan.status).toBe(200);
  }

  async function certify(name: string) {
    const id = await register({ name });
    await admit(id);
    const activityIds: string[] = [];
    for (const logged of FULL_CYCLE_2016) {
      const response = await client.post(
        `/v1/professionals/${id}/activities`,
        professional(id),
        logged,
      );
      expect(response.status).toBe(201);
      const activityId = response.body.activityId as string;
      activityIds.push(activityId);
      const review = await client.post(
        `/v1/professionals/${id}/activities/${activityId}/review`,
        ASSESSOR,
        {
          outcome: 'approved',
          reason: 'Evidence in order',
        },
      );
      expect(review.status).toBe(201);
    }
    const request = await client.post(
      `/v1/professionals/${id}/certification-requests`,
      professional(id),
      {},
    );
    expect(request.status).toBe(201);
    const requestId = request.body.requestId as string;
    const decision = await client.post(
      `/v1/professionals/${id}/certification-decisions`,
      ASSESSOR,
      {
        requestId,
        outcome: 'granted',
        reasons: ['All requirements of bvk-2016 met'],
      },
    );
    expect(decision.status).toBe(201);
    return { id, activityIds, requestId };
  }

  beforeAll(async () => {
    api = await startApi(dir.path, { now: NOW, env: GENEROUS_RATE_LIMIT });
    client = apiClient(api.baseUrl);

    const certified = await certify('Fatima el Amrani');
    fx.certified = certified.id;
    fx.certifiedActivity = certified.activityIds[0];
    fx.certifiedRequest = certified.requestId;

    fx.revoked = (await certify('Bram Janssen')).id;
    const revoked = await client.post(`/v1/professionals/${fx.revoked}/revocation`, REGISTRAR, {
      reason: 'Complaint upheld by the disciplinary board',
    });
    expect(revoked.status).toBe(201);

    fx.withdrawn = await register({ name: 'Ilse de Vries' });
    const withdrew = await client.post(
      `/v1/professionals/${fx.withdrawn}/withdrawal`,
      professional(fx.withdrawn),
      {},
    );
    expect(withdrew.status).toBe(201);

    fx.junior = await register({ name: 'Noah Bakker', experienceYears: 1 });

    fx.admitted = await register({ name: 'Sanne Visser' });
    await admit(fx.admitted);
    const request = await client.post(
      `/v1/professionals/${fx.admitted}/certification-requests`,
      professional(fx.admitted),
      {},
    );
    expect(request.status).toBe(201);
    fx.admittedRequest = request.body.requestId as string;

    fx.applicant = await register({ name: 'Kees Mulder' });
  }, 30_000);

  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  /**
   * Sends a request that must be refused: the status, a readable problem, and the ledger
   * unchanged (same number of events, same last position) before and after.
   */
  async function expectRejected(
    send: () => Promise<ApiResponse>,
    status: number,
    detail?: RegExp,
  ): Promise<ApiResponse> {
    const before = await ledgerEvents(api.app);
    const response = await send();
    const after = await ledgerEvents(api.app);
    expectProblem(response, status);
    if (detail) expect(response.body.detail).toMatch(detail);
    // The types of whatever was appended, so that a failure names it.
    expect(after.slice(before.length).map((event) => event.type)).toEqual([]);
    expect(after.length).toBe(before.length);
    expect(after.at(-1)?.position).toBe(before.at(-1)?.position);
    return response;
  }

  const p = (id: string) => `/v1/professionals/${id}`;

  describe('401: no identity, whatever the body', () => {
    it.each<[string, Record<string, string>, { body?: unknown; rawBody?: string }]>([
      ['no X-Dev-Actor header', {}, { body: registration() }],
      ['an unknown role', { 'x-dev-actor': 'superuser:root' }, { body: registration() }],
      ['a role without an id', { 'x-dev-actor': 'registrar' }, { body: registration() }],
      ['an empty header', { 'x-dev-actor': '' }, { body: registration() }],
      // API.md: authentication happens before the body is parsed or validated.
      ['no header and a body of the wrong shape', {}, { body: { name: 42 } }],
      ['no header and a body that is not JSON', {}, { rawBody: '{"name": ' }],
    ])('POST /v1/professionals with %s → 401', async (_label, headers, payload) => {
      await expectRejected(
        () => client.request('POST', '/v1/professionals', { headers, ...payload }),
        401,
      );
    });

    it('a command on a professional without a header → 401', async () => {
      await expectRejected(
        () =>
          client.request('POST', `${p(fx.applicant)}/admission`, {
            body: { outcome: 'admitted', reasons: ['ok'] },
          }),
        401,
      );
    });
  });

  describe('403: the role may not do this, whatever the body', () => {
    it.each<[string, () => Promise<ApiResponse>]>([
      [
        'a professional posting their own admission',
        () =>
          client.post(`${p(fx.applicant)}/admission`, professional(fx.applicant), {
            outcome: 'admitted',
            reasons: ['I meet every requirement'],
          }),
      ],
      [
        'an assessor registering an applicant',
        () => client.post('/v1/professionals', ASSESSOR, registration()),
      ],
      [
        'a professional publishing a scheme',
        () => client.post('/v1/schemes', professional(fx.applicant), scheme()),
      ],
      [
        'a registrar reviewing an activity',
        () =>
          client.post(`${p(fx.certified)}/activities/${fx.certifiedActivity}/review`, REGISTRAR, {
            outcome: 'approved',
            reason: 'Looks fine',
          }),
      ],
      [
        'a professional deciding their own certification',
        () =>
          client.post(`${p(fx.admitted)}/certification-decisions`, professional(fx.admitted), {
            requestId: fx.admittedRequest,
            outcome: 'granted',
            reasons: ['Self-assessed'],
          }),
      ],
      [
        'an assessor suspending a certificate',
        () =>
          client.post(`${p(fx.certified)}/suspensions`, ASSESSOR, {
            until: '2016-08-01',
            reason: 'Complaint',
          }),
      ],
      [
        'an analyst drawing an audit sample',
        () =>
          client.post('/v1/audits/samples', 'analyst:an-1', {
            seed: 's',
            size: 1,
            population: 'certified',
          }),
      ],
      [
        'an assessor logging an activity for a professional',
        () => client.post(`${p(fx.admitted)}/activities`, ASSESSOR, activity()),
      ],
      // API.md: authorisation happens before the body is parsed or validated.
      [
        'an assessor registering with a body of the wrong shape',
        () => client.post('/v1/professionals', ASSESSOR, { name: 42 }),
      ],
      [
        'an assessor registering with a body that is not JSON',
        () =>
          client.request('POST', '/v1/professionals', { actor: ASSESSOR, rawBody: '{"name": ' }),
      ],
    ])('%s → 403', async (_label, send) => {
      await expectRejected(send, 403);
    });
  });

  describe('404: not found, or not visible to this caller', () => {
    it.each<[string, () => Promise<ApiResponse>]>([
      [
        'admission of an unknown professional',
        () =>
          client.post(`${p(UNKNOWN_ID)}/admission`, ASSESSOR, {
            outcome: 'admitted',
            reasons: ['ok'],
          }),
      ],
      [
        'correcting an unknown professional',
        () => client.patch(p(UNKNOWN_ID), REGISTRAR, { municipality: 'Den Haag', reason: 'Moved' }),
      ],
      [
        'suspending an unknown professional',
        () =>
          client.post(`${p(UNKNOWN_ID)}/suspensions`, REGISTRAR, {
            until: '2016-08-01',
            reason: 'Complaint',
          }),
      ],
      [
        'revoking for an unknown professional',
        () => client.post(`${p(UNKNOWN_ID)}/revocation`, REGISTRAR, { reason: 'Complaint upheld' }),
      ],
      [
        'withdrawing an unknown professional',
        () => client.post(`${p(UNKNOWN_ID)}/withdrawal`, REGISTRAR, { reason: 'Opted out' }),
      ],
      [
        'reviewing an unknown activity',
        () =>
          client.post(`${p(fx.certified)}/activities/${UNKNOWN_ID}/review`, ASSESSOR, {
            outcome: 'approved',
            reason: 'Evidence in order',
          }),
      ],
      [
        'withdrawing an unknown activity',
        () =>
          client.post(
            `${p(fx.admitted)}/activities/${UNKNOWN_ID}/withdrawal`,
            professional(fx.admitted),
            {},
          ),
      ],
      [
        'deciding an unknown certification request',
        () =>
          client.post(`${p(fx.admitted)}/certification-decisions`, ASSESSOR, {
            requestId: UNKNOWN_ID,
            outcome: 'refused',
            reasons: ['Insufficient points'],
          }),
      ],
      [
        'withdrawing an unknown certification request',
        () =>
          client.post(
            `${p(fx.admitted)}/certification-requests/${UNKNOWN_ID}/withdrawal`,
            professional(fx.admitted),
            {},
          ),
      ],
      [
        'lifting an unknown suspension',
        () =>
          client.post(`${p(fx.certified)}/suspensions/${UNKNOWN_ID}/lift`, REGISTRAR, {
            reason: 'Cleared',
          }),
      ],
      [
        "deciding another professional's request under this professional",
        () =>
          client.post(`${p(fx.certified)}/certification-decisions`, ASSESSOR, {
            requestId: fx.admittedRequest,
            outcome: 'refused',
            reasons: ["Not this professional's request"],
          }),
      ],
      // Another professional's record must look exactly like one that does not exist.
      [
        "a professional logging an activity on another professional's id",
        () => client.post(`${p(fx.admitted)}/activities`, professional(fx.certified), activity()),
      ],
      [
        "a professional setting another professional's plan",
        () =>
          client.put(`${p(fx.admitted)}/development-plan`, professional(fx.certified), {
            competencies: PLAN,
          }),
      ],
      [
        "a professional correcting another professional's e-mail",
        () =>
          client.patch(p(fx.admitted), professional(fx.certified), {
            email: 'hijack@example.nl',
            reason: 'Mine now',
          }),
      ],
      [
        'a professional requesting certification for another professional',
        () =>
          client.post(`${p(fx.certified)}/certification-requests`, professional(fx.admitted), {}),
      ],
      [
        'a professional withdrawing another professional from the register',
        () => client.post(`${p(fx.certified)}/withdrawal`, professional(fx.admitted), {}),
      ],
      [
        'a professional acting on their own id that was never registered',
        () => client.post(`${p(UNKNOWN_ID)}/activities`, professional(UNKNOWN_ID), activity()),
      ],
    ])('%s → 404', async (_label, send) => {
      await expectRejected(send, 404);
    });

    it("answers another professional's record exactly like an unknown one", async () => {
      const foreign = await expectRejected(
        () => client.post(`${p(fx.admitted)}/activities`, professional(fx.certified), activity()),
        404,
      );
      const unknown = await expectRejected(
        () => client.post(`${p(UNKNOWN_ID)}/activities`, professional(fx.certified), activity()),
        404,
      );
      // Otherwise the detail would tell a prober which ids exist.
      expect(foreign.body.detail).toBe(unknown.body.detail);
    });
  });

  describe('409: not allowed in the current state', () => {
    it.each<[string, () => Promise<ApiResponse>, RegExp?]>([
      [
        'admitting an already admitted professional',
        () =>
          client.post(`${p(fx.admitted)}/admission`, ASSESSOR, {
            outcome: 'admitted',
            reasons: ['Again'],
          }),
        /admitted/,
      ],
      [
        'reviewing an activity a second time',
        () =>
          client.post(`${p(fx.certified)}/activities/${fx.certifiedActivity}/review`, ASSESSOR, {
            outcome: 'rejected',
            reason: 'Second thoughts',
          }),
        /already approved/,
      ],
      [
        'deciding a request a second time',
        () =>
          client.post(`${p(fx.certified)}/certification-decisions`, ASSESSOR, {
            requestId: fx.certifiedRequest,
            outcome: 'refused',
            reasons: ['Second thoughts'],
          }),
        /already been granted/,
      ],
      [
        'withdrawing an activity that was reviewed',
        () =>
          client.post(
            `${p(fx.certified)}/activities/${fx.certifiedActivity}/withdrawal`,
            professional(fx.certified),
            { reason: 'Logged by mistake' },
          ),
        /approved/,
      ],
      [
        'requesting certification while a request is pending',
        () =>
          client.post(`${p(fx.admitted)}/certification-requests`, professional(fx.admitted), {}),
        /already waiting/,
      ],
      [
        'suspending a professional who is not certified',
        () =>
          client.post(`${p(fx.admitted)}/suspensions`, REGISTRAR, {
            until: '2016-08-01',
            reason: 'Complaint',
          }),
        /suspend/,
      ],
      [
        'revoking a certificate a second time',
        () => client.post(`${p(fx.revoked)}/revocation`, REGISTRAR, { reason: 'Again' }),
        /revoke/,
      ],
      [
        'withdrawing from the register a second time',
        () => client.post(`${p(fx.withdrawn)}/withdrawal`, professional(fx.withdrawn), {}),
        /already withdrawn/,
      ],
      [
        'publishing a scheme under an id that exists',
        () => client.post('/v1/schemes', REGISTRAR, scheme({ schemeId: 'bvk-2016' })),
        /already been published/,
      ],
    ])('%s → 409', async (_label, send, detail) => {
      await expectRejected(send, 409, detail);
    });
  });

  describe('422: well-formed, but against a rule of the scheme', () => {
    it.each<[string, () => Promise<ApiResponse>, RegExp]>([
      [
        'admitting an applicant with 1 year of experience',
        () =>
          client.post(`${p(fx.junior)}/admission`, ASSESSOR, {
            outcome: 'admitted',
            reasons: ['Looks good'],
          }),
        /2 years of experience.*\(1 given\)/,
      ],
      [
        'a development plan with 1 competency',
        () =>
          client.put(`${p(fx.admitted)}/development-plan`, professional(fx.admitted), {
            competencies: ['gespreksvoering'],
          }),
        /2 to 4 competencies \(1 given\)/,
      ],
      [
        'a development plan with 5 competencies',
        () =>
          client.put(`${p(fx.admitted)}/development-plan`, professional(fx.admitted), {
            competencies: [
              'methodisch-werken',
              'gespreksvoering',
              'analyse-en-diagnose',
              'wet-en-regelgeving',
              'integraal-samenwerken',
            ],
          }),
        /2 to 4 competencies \(5 given\)/,
      ],
      [
        'a development plan with an unknown competency',
        () =>
          client.put(`${p(fx.admitted)}/development-plan`, professional(fx.admitted), {
            competencies: ['gespreksvoering', 'jongleren'],
          }),
        /jongleren/,
      ],
      [
        'an activity with an unknown competency',
        () =>
          client.post(
            `${p(fx.admitted)}/activities`,
            professional(fx.admitted),
            activity({
              competencies: ['jongleren'],
            }),
          ),
        /jongleren/,
      ],
      [
        'an activity in an unknown category',
        () =>
          client.post(
            `${p(fx.admitted)}/activities`,
            professional(fx.admitted),
            activity({
              category: 'vakantie',
            }),
          ),
        /vakantie/,
      ],
      [
        'an activity of 40.25 hours',
        () =>
          client.post(
            `${p(fx.admitted)}/activities`,
            professional(fx.admitted),
            activity({ hours: 40.25 }),
          ),
        /40\.25/,
      ],
      [
        'an activity of 1.1 hours (not a quarter-hour)',
        () =>
          client.post(
            `${p(fx.admitted)}/activities`,
            professional(fx.admitted),
            activity({ hours: 1.1 }),
          ),
        /quarter-hours.*1\.1/,
      ],
      [
        'an activity completed tomorrow',
        () =>
          client.post(
            `${p(fx.admitted)}/activities`,
            professional(fx.admitted),
            activity({
              completedOn: TOMORROW,
            }),
          ),
        /future.*2016-05-14/,
      ],
      [
        'granting a request without the points',
        () =>
          client.post(`${p(fx.admitted)}/certification-decisions`, ASSESSOR, {
            requestId: fx.admittedRequest,
            outcome: 'granted',
            reasons: ['Looks complete'],
          }),
        // The detail must name the shortfall, so that the assessor sees why.
        /0 of 160 points/,
      ],
      [
        'renewal requested before the window opens',
        () =>
          client.post(`${p(fx.certified)}/certification-requests`, professional(fx.certified), {}),
        /2019-11-13/,
      ],
      [
        'a suspension longer than 12 months',
        () =>
          client.post(`${p(fx.certified)}/suspensions`, REGISTRAR, {
            until: '2017-05-14',
            reason: 'Complaint',
          }),
        /12 months/,
      ],
      [
        'a suspension that ends today',
        () =>
          client.post(`${p(fx.certified)}/suspensions`, REGISTRAR, {
            until: '2016-05-13',
            reason: 'Complaint',
          }),
        /2016-05-13/,
      ],
      [
        'a scheme whose plan minimum is above its maximum',
        () => client.post('/v1/schemes', REGISTRAR, scheme({ planMin: 4, planMax: 3 })),
        /planMin 4 is above planMax 3/,
      ],
      [
        'a scheme whose category minimums exceed the points required',
        () => client.post('/v1/schemes', REGISTRAR, scheme({ pointsRequired: 90 })),
        /exceed pointsRequired/,
      ],
    ])('%s → 422', async (_label, send, detail) => {
      await expectRejected(send, 422, detail);
    });

    it('keeps the pending request pending after a refused grant', async () => {
      const state = await client.get(p(fx.admitted), REGISTRAR);
      expect(state.body).toMatchObject({
        status: 'admitted',
        pendingRequest: expect.objectContaining({ requestId: fx.admittedRequest }),
      });
    });
  });

  describe('412: a stale If-Match', () => {
    it('refuses a correction against a revision that has moved on', async () => {
      const read = await client.get(p(fx.applicant), REGISTRAR);
      const etag = read.headers.get('etag');
      expect(etag).toMatch(/^"\d+"$/);
      const moved = await client.patch(
        p(fx.applicant),
        REGISTRAR,
        { municipality: 'Nijmegen', reason: 'Moved house' },
        { 'if-match': etag! },
      );
      expect(moved.status).toBe(200);

      await expectRejected(
        () =>
          client.patch(
            p(fx.applicant),
            REGISTRAR,
            { municipality: 'Den Haag', reason: 'Moved again' },
            { 'if-match': etag! },
          ),
        412,
      );
    });

    it('refuses any command with a revision the record never had', async () => {
      await expectRejected(
        () =>
          client.post(`${p(fx.admitted)}/activities`, professional(fx.admitted), activity(), {
            'if-match': '"999"',
          }),
        412,
      );
    });
  });

  describe('400: a professional may correct only their e-mail address', () => {
    it.each<[string, Json]>([
      ['their name', { name: 'Someone Else', reason: 'Prefer another name' }],
      ['their municipality', { municipality: 'Den Haag', reason: 'Moved' }],
      ['their sector', { sector: 'zorg', reason: 'New job' }],
      [
        'their e-mail together with their name',
        { email: 'k.mulder@example.nl', name: 'K. Mulder', reason: 'x' },
      ],
    ])('PATCH of %s by the professional → 400', async (_label, body) => {
      await expectRejected(
        () => client.patch(p(fx.applicant), professional(fx.applicant), body),
        400,
      );
    });

    it('their e-mail alone is accepted (the rule is not a blanket refusal)', async () => {
      const corrected = await client.patch(p(fx.applicant), professional(fx.applicant), {
        email: 'kees.mulder@nijmegen.nl',
        reason: 'New address',
      });
      expect({ status: corrected.status, body: corrected.body }).toEqual({
        status: 200,
        body: { position: expect.any(String) },
      });
    });
  });

  describe('400 and 413 from the HTTP layer are readable sentences too', () => {
    // These are answered before any command runs; API.md still wants a sentence, not a parser's
    // or a framework's message.
    it.each<[string, number, () => Promise<ApiResponse>]>([
      [
        'a body that is not JSON',
        400,
        () =>
          client.request('POST', '/v1/professionals', { actor: REGISTRAR, rawBody: '{"name": ' }),
      ],
      [
        'an empty body',
        400,
        () => client.request('POST', '/v1/professionals', { actor: REGISTRAR, rawBody: '' }),
      ],
      [
        'a body over 1 MiB',
        413,
        () =>
          client.post(
            '/v1/professionals',
            REGISTRAR,
            registration({ name: 'x'.repeat(2 * 1024 * 1024) }),
          ),
      ],
      [
        'a professional id that is not a UUID',
        400,
        () =>
          client.post(`${p('not-a-uuid')}/admission`, ASSESSOR, {
            outcome: 'admitted',
            reasons: ['ok'],
          }),
      ],
    ])('%s → %d with a sentence as detail', async (_label, status, send) => {
      await expectRejected(send, status);
    });
  });

  describe('422: an Idempotency-Key reused with another body', () => {
    it('answers the first request, then refuses the key with another body', async () => {
      const headers = { 'idempotency-key': 'rejections-activity-1' };
      const first = await client.post(
        `${p(fx.admitted)}/activities`,
        professional(fx.admitted),
        activity({ title: 'Casuïstiekbespreking' }),
        headers,
      );
      expect(first.status).toBe(201);

      await expectRejected(
        () =>
          client.post(
            `${p(fx.admitted)}/activities`,
            professional(fx.admitted),
            activity({ title: 'Casuïstiekbespreking', hours: 3 }),
            headers,
          ),
        422,
        /Idempotency-Key/,
      );
    });

    it('refuses the key on another command too (the path is part of the request)', async () => {
      const headers = { 'idempotency-key': 'rejections-reused-across-paths' };
      const first = await client.patch(
        p(fx.admitted),
        REGISTRAR,
        { municipality: 'Maastricht', reason: 'Confirmed' },
        headers,
      );
      expect(first.status).toBe(200);
      await expectRejected(
        () =>
          client.patch(
            p(fx.junior),
            REGISTRAR,
            { municipality: 'Maastricht', reason: 'Confirmed' },
            headers,
          ),
        422,
      );
    });
  });
});
