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
import { startApi, type RunningApi } from './support/start-api';

/**
 * Every rejection path of the objection routes (API.md), over real HTTP against a real SQLite
 * ledger and a simulated domain clock. A refused objection command must answer its status with a
 * problem a committee member can read and append nothing: an objection, extension or outcome
 * that nobody validly lodged or took must never enter the history.
 */

// The admission decisions below are all taken on 2016-05-13: the term ends on 2016-06-24 and an
// objection lodged on time is due on 2016-08-05 (six weeks later), 2016-09-16 when extended.
const DECISION_DAY = '2016-05-13T09:00:00Z';
const AFTER_TERM = '2016-06-25T09:00:00Z';
const DUE_DAY = '2016-08-05T09:00:00Z';
const AFTER_DUE = '2016-08-06T09:00:00Z';

const APPEALS = 'appeals:app-1';
// The person who refused the admissions (ASSESSOR is `assessor:ass-1`), now sitting in appeals.
const CONTESTED_DECIDER_IN_APPEALS = 'appeals:ass-1';
const AUDITOR = 'auditor:aud-1';
const ANALYST = 'analyst:an-1';
const UNKNOWN_ID = '0b8f7a52-6c1e-4c55-9d0a-3f1f2b7e9a10';
// These tests are about rejections, not the rate limit: one person sends many requests quickly.
const GENEROUS_RATE_LIMIT = { VAKREGISTER_RATE_LIMIT_STAFF: '100000/10s' };

// API.md: "No stack traces, no SQL, ever."
const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|PRAGMA|CONSTRAINT)\b/;
const STACK_TRACE = /\n\s+at\s|\.[jt]s:\d+|node_modules|\b[A-Z][a-zA-Z]*Error\b/;

/** The response is a problem with this status and a readable sentence as detail. */
function expectProblem(response: ApiResponse, status: number): void {
  // Status and body in one string, so that a wrong status shows what the server said instead.
  expect(`${response.status} ${JSON.stringify(response.body)}`).toMatch(new RegExp(`^${status} `));
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  expect(response.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  const detail = response.body.detail as string;
  // A sentence of at least three words that ends like one, not a framework fragment.
  expect(detail).toMatch(/^\S+ \S+ \S.*[.?!]$/s);
  expect(detail).not.toMatch(SQL_WORDS);
  expect(detail).not.toMatch(/sqlite/i);
  expect(detail).not.toMatch(STACK_TRACE);
}

describe('objection rejections over HTTP (embedded store, simulated clock)', () => {
  const dir = makeTempDir('objection-rejections');
  let api: RunningApi | undefined;
  let client: ReturnType<typeof apiClient>;

  /** Ids built on the decision day. */
  const fx = {
    /** Refused admission; lodges an objection that is extended, then rejected. */
    a: '',
    aRefusal: '',
    aObjection: '',
    /** Admitted: a favourable decision, and another professional than `a`. */
    b: '',
    bAdmission: '',
    /** Refused admission; lodges an objection that stays open until it is overdue. */
    c: '',
    cRefusal: '',
    cObjection: '',
    /** Refused admission; tries to object only after the term. */
    d: '',
    dRefusal: '',
    /** Refused admission; only an appeals member tries to lodge for them, on time. */
    eRefusal: '',
    /** Refused admission; an open, extended objection for the separation-of-duties case. */
    f: '',
    fObjection: '',
  };

  /** (Re)starts the API on the same data directory at another simulated instant. */
  async function at(now: string): Promise<void> {
    await api?.close();
    api = await startApi(dir.path, { now, env: GENEROUS_RATE_LIMIT });
    client = apiClient(api.baseUrl);
  }

  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  /** Registers an applicant and decides the admission; returns both ids. */
  async function decidedApplicant(name: string, outcome: 'admitted' | 'refused') {
    const registered = await client.post('/v1/professionals', REGISTRAR, registration({ name }));
    expect(registered.status).toBe(201);
    const id = registered.body.professionalId as string;
    const decision = await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
      outcome,
      reasons: [outcome === 'admitted' ? 'All requirements met' : 'No HBO diploma or EVC'],
    });
    expect(decision.status).toBe(201);
    return { id, decisionId: decision.body.decisionId as string };
  }

  /**
   * Sends a request that must be refused: the status, a readable problem, and the ledger
   * unchanged (same events, same last position) before and after.
   */
  async function expectRejected(
    send: () => Promise<ApiResponse>,
    status: number,
    detail?: RegExp,
  ): Promise<ApiResponse> {
    const before = await ledgerEvents(api!.app);
    const response = await send();
    const after = await ledgerEvents(api!.app);
    expectProblem(response, status);
    if (detail) expect(response.body.detail).toMatch(detail);
    // The types of whatever was appended, so that a failure names it.
    expect(after.slice(before.length).map((event) => event.type)).toEqual([]);
    expect(after.at(-1)?.position).toBe(before.at(-1)?.position);
    return response;
  }

  const lodge = (decisionId: string, actor: string, body: unknown) =>
    client.post(`/v1/decisions/${decisionId}/objections`, actor, body);
  const extend = (objectionId: string, actor: string, body: unknown) =>
    client.post(`/v1/objections/${objectionId}/extension`, actor, body);
  const decide = (objectionId: string, actor: string, body: unknown) =>
    client.post(`/v1/objections/${objectionId}/decision`, actor, body);
  const GROUNDS = { grounds: 'My EVC statement was not taken into account.' };
  const EXTENSION = { reason: 'A hearing with the professional is needed.' };
  const REJECTION = { outcome: 'rejected', reasons: ['The EVC statement is for another field.'] };

  async function overdueObjections(actor = APPEALS): Promise<Json[]> {
    const response = await client.get<{ objections: Json[] }>('/v1/objections?overdue=true', actor);
    expect(response.status).toBe(200);
    return response.body.objections;
  }

  async function overdueGauge(): Promise<number> {
    const response = await client.request('GET', '/metrics');
    expect(response.status).toBe(200);
    const match = /^vakregister_objections_overdue (\d+)$/m.exec(String(response.body));
    expect(match).not.toBeNull();
    return Number(match![1]);
  }

  describe(`on the decision day (${DECISION_DAY})`, () => {
    beforeAll(async () => {
      await at(DECISION_DAY);
      const a = await decidedApplicant('Fatima el Amrani', 'refused');
      const b = await decidedApplicant('Bram Janssen', 'admitted');
      const c = await decidedApplicant('Sanne Visser', 'refused');
      const d = await decidedApplicant('Noah Bakker', 'refused');
      const e = await decidedApplicant('Kees Mulder', 'refused');
      const f = await decidedApplicant('Ilse de Vries', 'refused');
      const lodged = await lodge(f.decisionId, professional(f.id), GROUNDS);
      expect(lodged.status).toBe(201);
      // Extended, so that it is not overdue with c's objection below.
      expect((await extend(lodged.body.objectionId as string, APPEALS, EXTENSION)).status).toBe(
        201,
      );
      Object.assign(fx, {
        a: a.id,
        aRefusal: a.decisionId,
        b: b.id,
        bAdmission: b.decisionId,
        c: c.id,
        cRefusal: c.decisionId,
        d: d.id,
        dRefusal: d.decisionId,
        eRefusal: e.decisionId,
        f: f.id,
        fObjection: lodged.body.objectionId as string,
      });
    }, 30_000);

    describe('lodging', () => {
      it.each<[string, string, unknown]>([
        ['an assessor', ASSESSOR, GROUNDS],
        ['a registrar', REGISTRAR, GROUNDS],
        ['an auditor', AUDITOR, GROUNDS],
        ['an analyst', ANALYST, GROUNDS],
        // API.md: authorisation happens before the body is validated.
        ['an assessor with a body of the wrong shape', ASSESSOR, { grounds: 42 }],
      ])('by %s → 403', async (_label, actor, body) => {
        await expectRejected(() => lodge(fx.aRefusal, actor, body), 403);
      });

      // API.md: appeals lodges only "with lateAdmissionReason" (admitting a late one); an
      // objection on time is the professional's own act, not the committee's.
      it('by an appeals member without lateAdmissionReason → 403', async () => {
        // Its own professional, and an advisory term (due 2016-09-16): should this be accepted
        // after all, the objection neither blocks a's cases nor shows up as overdue below.
        await expectRejected(
          () => lodge(fx.eRefusal, APPEALS, { ...GROUNDS, advisoryCommittee: true }),
          403,
        );
      });

      it("by a professional against another professional's decision → 404", async () => {
        await expectRejected(
          () => lodge(fx.aRefusal, professional(fx.b), GROUNDS),
          404,
          /No decision .* visible to you/,
        );
      });

      it('against an unknown decision id → 404', async () => {
        await expectRejected(() => lodge(UNKNOWN_ID, professional(fx.a), GROUNDS), 404);
      });

      it('against a decision id that is not a UUID → 400', async () => {
        await expectRejected(() => lodge('admission-1', professional(fx.a), GROUNDS), 400);
      });

      it.each<[string, unknown]>([
        ['no grounds', {}],
        ['blank grounds', { grounds: '   ' }],
        ['grounds that are not text', { grounds: ['a', 'b'] }],
        ['advisoryCommittee that is not a boolean', { ...GROUNDS, advisoryCommittee: 'yes' }],
        ['an unknown field', { ...GROUNDS, urgent: true }],
        ['an empty lateAdmissionReason', { ...GROUNDS, lateAdmissionReason: '' }],
      ])('with %s → 400', async (_label, body) => {
        await expectRejected(() => lodge(fx.aRefusal, professional(fx.a), body), 400);
      });

      it('with a body that is not JSON → 400', async () => {
        await expectRejected(
          () =>
            client.request('POST', `/v1/decisions/${fx.aRefusal}/objections`, {
              actor: professional(fx.a),
              rawBody: '{"grounds": ',
            }),
          400,
        );
      });

      it('by a professional with lateAdmissionReason (only appeals admit late) → 403', async () => {
        await expectRejected(
          () =>
            lodge(fx.aRefusal, professional(fx.a), {
              ...GROUNDS,
              lateAdmissionReason: 'I was abroad.',
            }),
          403,
          /appeals member/,
        );
      });

      it('against a favourable decision → 422', async () => {
        await expectRejected(
          () => lodge(fx.bAdmission, professional(fx.b), GROUNDS),
          422,
          /not adverse/,
        );
      });

      it('a second objection against the same decision while one is open → 409', async () => {
        const first = await lodge(fx.aRefusal, professional(fx.a), GROUNDS);
        expect(first.status).toBe(201);
        expect(first.body.dueBy).toBe('2016-08-05');
        fx.aObjection = first.body.objectionId as string;
        const open = await lodge(fx.cRefusal, professional(fx.c), GROUNDS);
        expect(open.status).toBe(201);
        fx.cObjection = open.body.objectionId as string;

        await expectRejected(
          () => lodge(fx.aRefusal, professional(fx.a), GROUNDS),
          409,
          /already open/,
        );
      });
    });

    describe('extension', () => {
      it.each<[string, () => string, unknown]>([
        ['an assessor', () => ASSESSOR, EXTENSION],
        ['a registrar', () => REGISTRAR, EXTENSION],
        ['an auditor', () => AUDITOR, EXTENSION],
        ['an analyst', () => ANALYST, EXTENSION],
        ['the professional who objected', () => professional(fx.a), EXTENSION],
        ['an assessor with an empty body', () => ASSESSOR, {}],
      ])('by %s → 403', async (_label, actor, body) => {
        await expectRejected(() => extend(fx.aObjection, actor(), body), 403);
      });

      it('of an unknown objection → 404', async () => {
        await expectRejected(() => extend(UNKNOWN_ID, APPEALS, EXTENSION), 404, /No objection/);
      });

      it('of an objection id that is not a UUID → 400', async () => {
        await expectRejected(() => extend('o-1', APPEALS, EXTENSION), 400);
      });

      it.each<[string, unknown]>([
        ['no reason', {}],
        ['a blank reason', { reason: ' ' }],
        ['a reason that is not text', { reason: 7 }],
        ['an unknown field', { ...EXTENSION, weeks: 12 }],
      ])('with %s → 400', async (_label, body) => {
        await expectRejected(() => extend(fx.aObjection, APPEALS, body), 400);
      });

      it('a second time → 409', async () => {
        const once = await extend(fx.aObjection, APPEALS, EXTENSION);
        expect(once.status).toBe(201);
        expect(once.body.dueBy).toBe('2016-09-16');

        await expectRejected(
          () => extend(fx.aObjection, APPEALS, EXTENSION),
          409,
          /already been extended/,
        );
      });
    });

    describe('decision', () => {
      it.each<[string, () => string, unknown]>([
        ['an assessor', () => ASSESSOR, REJECTION],
        ['a registrar', () => REGISTRAR, REJECTION],
        ['an auditor', () => AUDITOR, REJECTION],
        ['an analyst', () => ANALYST, REJECTION],
        ['the professional who objected', () => professional(fx.a), REJECTION],
        ['a registrar with a body of the wrong shape', () => REGISTRAR, { outcome: 1 }],
      ])('by %s → 403', async (_label, actor, body) => {
        await expectRejected(() => decide(fx.aObjection, actor(), body), 403);
      });

      it('by the person who took the contested decision, now in appeals → 403', async () => {
        await expectRejected(
          () => decide(fx.aObjection, CONTESTED_DECIDER_IN_APPEALS, REJECTION),
          403,
          /contested decision/,
        );
      });

      // PRODUCT.md: separation of duties compares persons, and a person may be linked to their
      // own professional record; nobody decides the objection against their own decision.
      it('by an appeals member linked to the objecting professional → 403', async () => {
        await expectRejected(
          () => decide(fx.fObjection, `appeals:app-9:${fx.f}`, { ...REJECTION, outcome: 'upheld' }),
          403,
        );
      });

      it('of an unknown objection → 404', async () => {
        await expectRejected(() => decide(UNKNOWN_ID, APPEALS, REJECTION), 404, /No objection/);
      });

      it.each<[string, unknown]>([
        ['an unknown outcome', { ...REJECTION, outcome: 'partly' }],
        ['no outcome', { reasons: REJECTION.reasons }],
        ['no reasons', { outcome: 'rejected' }],
        ['an empty list of reasons', { outcome: 'rejected', reasons: [] }],
        ['a blank reason', { outcome: 'rejected', reasons: [''] }],
        ['reasons that are not a list', { outcome: 'rejected', reasons: 'no' }],
        ['an unknown field', { ...REJECTION, replacementDecisionId: UNKNOWN_ID }],
      ])('with %s → 400', async (_label, body) => {
        await expectRejected(() => decide(fx.aObjection, APPEALS, body), 400);
      });

      it('a second time → 409, whatever the outcome', async () => {
        const once = await decide(fx.aObjection, APPEALS, REJECTION);
        expect(once.status).toBe(201);
        for (const outcome of ['rejected', 'upheld']) {
          await expectRejected(
            () => decide(fx.aObjection, APPEALS, { ...REJECTION, outcome }),
            409,
            /already been rejected/,
          );
        }
      });

      it('an extension of the decided objection → 409', async () => {
        await expectRejected(() => extend(fx.aObjection, APPEALS, EXTENSION), 409, /rejected/);
      });
    });

    it('lists no overdue objection yet, and the gauge says 0', async () => {
      expect(await overdueObjections()).toEqual([]);
      expect(await overdueGauge()).toBe(0);
    });
  });

  describe(`after the term (${AFTER_TERM})`, () => {
    beforeAll(() => at(AFTER_TERM), 30_000);

    it('an objection the day after the term → 422 naming its last day', async () => {
      await expectRejected(
        () => lodge(fx.dRefusal, professional(fx.d), GROUNDS),
        422,
        /term ended on 2016-06-24/,
      );
    });

    it('a professional admitting their own objection late → 403', async () => {
      await expectRejected(
        () =>
          lodge(fx.dRefusal, professional(fx.d), {
            ...GROUNDS,
            lateAdmissionReason: 'I was abroad.',
          }),
        403,
        /appeals/,
      );
    });

    it('an appeals member lodging late without a reason → 403', async () => {
      await expectRejected(() => lodge(fx.dRefusal, APPEALS, GROUNDS), 403, /lateAdmissionReason/);
    });
  });

  describe('overdue objections, by the simulated clock', () => {
    it(`on the due day (${DUE_DAY}) the open objection is not overdue yet`, async () => {
      await at(DUE_DAY);
      expect(await overdueObjections()).toEqual([]);
      expect(await overdueGauge()).toBe(0);
    }, 30_000);

    it(`the day after (${AFTER_DUE}) it is listed and counted, not the decided one`, async () => {
      await at(AFTER_DUE);
      expect(await overdueObjections()).toEqual([
        expect.objectContaining({
          objectionId: fx.cObjection,
          professionalId: fx.c,
          decisionId: fx.cRefusal,
          dueBy: '2016-08-05',
          status: 'open',
        }),
      ]);
      expect(await overdueGauge()).toBe(1);
      // A professional sees their own overdue objection, and nobody else's.
      expect(await overdueObjections(professional(fx.c))).toEqual([
        expect.objectContaining({ objectionId: fx.cObjection }),
      ]);
      expect(await overdueObjections(professional(fx.a))).toEqual([]);
    }, 30_000);

    it('?overdue= with something else than true or false → 400', async () => {
      const response = await client.get('/v1/objections?overdue=yes', APPEALS);
      expectProblem(response, 400);
    });
  });
});
