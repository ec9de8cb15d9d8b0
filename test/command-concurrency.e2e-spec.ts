import { makeTempDir } from '@vakregister/testing';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
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
import { logApprovedActivity } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

/**
 * Commands racing each other over real HTTP against a real SQLite ledger. A decision taken twice,
 * or an activity counted twice because a client retried, would be a false fact in a legal
 * register: whatever the interleaving, each command must take effect exactly once.
 */

const NOW = '2016-05-13T09:00:00Z';
// These tests are about races, not the rate limit: one person sends 100 requests at once.
const GENEROUS_RATE_LIMIT = { VAKREGISTER_RATE_LIMIT_STAFF: '100000/10s' };
const PLAN = ['gespreksvoering', 'wet-en-regelgeving'];

/** 160 points (scholing 60, reflectie 40, vrije-ruimte 60), listing the planned competencies. */
const FULL_CYCLE = [
  { category: 'scholing', hours: 40 },
  { category: 'scholing', hours: 20 },
  { category: 'reflectie', hours: 20 },
  { category: 'reflectie', hours: 20 },
  { category: 'vrije-ruimte', hours: 40 },
  { category: 'vrije-ruimte', hours: 20 },
].map((activity, index) => ({
  ...activity,
  title: `Activiteit ${index + 1}`,
  competencies: PLAN,
  completedOn: `2016-0${(index % 4) + 1}-${10 + index}`,
}));

describe('concurrent and retried commands (embedded store, simulated clock)', () => {
  const dir = makeTempDir('concurrency');
  let api: RunningApi;
  let client: ReturnType<typeof apiClient>;

  async function start() {
    api = await startApi(dir.path, { now: NOW, env: GENEROUS_RATE_LIMIT });
    client = apiClient(api.baseUrl);
  }

  beforeAll(start);

  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  async function register(overrides: Json = {}): Promise<string> {
    const registered = await client.post('/v1/professionals', REGISTRAR, registration(overrides));
    expect(registered.status).toBe(201);
    return registered.body.professionalId as string;
  }

  /** Admitted with a plan: may log activities. */
  async function admitted(name: string): Promise<string> {
    const id = await register({ name });
    const admission = await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
      outcome: 'admitted',
      reasons: ['HBO diploma, 6 years of experience, code signed'],
    });
    expect(admission.status).toBe(201);
    const plan = await client.put(`/v1/professionals/${id}/development-plan`, professional(id), {
      competencies: PLAN,
    });
    expect(plan.status).toBe(200);
    return id;
  }

  const ofProfessional = (id: string, type: string) => async () =>
    (await ledgerEvents(api.app)).filter(
      (event) => event.type === type && (event.data as Json).professionalId === id,
    );

  /** How many responses had each status, e.g. `{ 201: 1, 409: 49 }`. */
  const statusCounts = (responses: ApiResponse[]) =>
    responses.reduce<Record<number, number>>((counts, response) => {
      counts[response.status] = (counts[response.status] ?? 0) + 1;
      return counts;
    }, {});

  it('50 parallel grants of one request: one CertificateGranted, one 201, 49 × 409', async () => {
    const id = await admitted('Fatima el Amrani');
    for (const activity of FULL_CYCLE) await logApprovedActivity(client, id, activity);
    const request = await client.post(
      `/v1/professionals/${id}/certification-requests`,
      professional(id),
      {},
    );
    expect(request.status).toBe(201);

    // Different assessors, no Idempotency-Key: 50 independent decisions on the same request.
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        client.post(`/v1/professionals/${id}/certification-decisions`, `assessor:ass-${index}`, {
          requestId: request.body.requestId,
          outcome: 'granted',
          reasons: [`All requirements of bvk-2016 met (assessor ${index})`],
        }),
      ),
    );

    expect(statusCounts(responses)).toEqual({ 201: 1, 409: 49 });
    const winner = responses.find((response) => response.status === 201)!;
    expect(winner.body).toMatchObject({ validFrom: '2016-05-13', validUntil: '2020-05-13' });
    for (const loser of responses.filter((response) => response.status === 409)) {
      expect(loser.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
      expect(loser.body).toMatchObject({ status: 409, detail: expect.any(String) });
    }

    const granted = await ofProfessional(id, 'CertificateGranted')();
    expect(granted).toHaveLength(1);
    expect((granted[0].data as Json).certificateId).toBe(winner.body.certificateId);
    expect(await ofProfessional(id, 'CertificationRefused')()).toEqual([]);
    const state = await client.get(`/v1/professionals/${id}`, REGISTRAR);
    expect(state.body).toMatchObject({ status: 'certified', pendingRequest: null });
  }, 30_000);

  it('100 parallel retries, one Idempotency-Key: one ActivityLogged, equal answers', async () => {
    const id = await admitted('Bram Janssen');
    const activity = {
      title: 'Training motiverende gespreksvoering',
      category: 'scholing',
      hours: 7.5,
      competencies: ['gespreksvoering'],
      completedOn: '2016-04-21',
    };
    const headers = { 'idempotency-key': 'retry-activity-2016-04-21' };

    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        client.post(`/v1/professionals/${id}/activities`, professional(id), activity, headers),
      ),
    );

    expect(statusCounts(responses)).toEqual({ 201: 100 });
    const first = JSON.stringify(responses[0].body);
    expect(responses[0].body).toEqual({
      activityId: expect.any(String),
      position: expect.any(String),
    });
    // Every retry answers exactly what the first attempt answered.
    expect(responses.map((response) => JSON.stringify(response.body))).toEqual(
      Array.from({ length: 100 }, () => first),
    );
    const logged = await ofProfessional(id, 'ActivityLogged')();
    expect(logged.map((event) => (event.data as Json).activityId)).toEqual([
      responses[0].body.activityId,
    ]);

    // After completion, the same key with another body is refused and appends nothing.
    const before = await ledgerEvents(api.app);
    const reused = await client.post(
      `/v1/professionals/${id}/activities`,
      professional(id),
      { ...activity, hours: 8 },
      headers,
    );
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
    expect(reused.body).toMatchObject({
      status: 422,
      detail: expect.stringMatching(/Idempotency-Key/),
    });
    expect(await ledgerEvents(api.app)).toHaveLength(before.length);

    // And the same key with the same body still answers the first response.
    const again = await client.post(
      `/v1/professionals/${id}/activities`,
      professional(id),
      activity,
      headers,
    );
    expect({ status: again.status, body: again.body }).toEqual({
      status: 201,
      body: responses[0].body,
    });
  }, 30_000);

  describe('a registration retried with the same Idempotency-Key', () => {
    const registrationsOf = async (professionalId: string) => {
      const events = await ledgerEvents(api.app);
      return {
        registered: events.filter(
          (event) =>
            event.type === 'ProfessionalRegistered' &&
            (event.data as Json).professionalId === professionalId,
        ),
        numbers: events.filter(
          (event) =>
            event.type === 'RegistrationNumberAssigned' &&
            (event.data as Json).professionalId === professionalId,
        ),
      };
    };

    it('one after the other: same professionalId and number, each appended once', async () => {
      const headers = { 'idempotency-key': 'register-ilse-de-vries' };
      const body = registration({ name: 'Ilse de Vries', email: 'i.devries@nijmegen.nl' });
      const first = await client.post('/v1/professionals', REGISTRAR, body, headers);
      expect(first.status).toBe(201);
      const retry = await client.post('/v1/professionals', REGISTRAR, body, headers);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });

      const { registered, numbers } = await registrationsOf(first.body.professionalId as string);
      expect(registered).toHaveLength(1);
      expect(numbers).toHaveLength(1);
      expect((numbers[0].data as Json).registrationNumber).toBe(first.body.registrationNumber);
    });

    it('in parallel (20 at once): one professional, one number', async () => {
      const headers = { 'idempotency-key': 'register-noah-bakker' };
      const body = registration({ name: 'Noah Bakker', email: 'n.bakker@denhaag.nl' });
      const before = await ledgerEvents(api.app);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          client.post('/v1/professionals', REGISTRAR, body, headers),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 201: 20 });
      expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);

      const { registered, numbers } = await registrationsOf(
        responses[0].body.professionalId as string,
      );
      expect(registered).toHaveLength(1);
      expect(numbers).toHaveLength(1);
      // Nothing else was appended either: no number taken by an attempt that lost.
      const appended = (await ledgerEvents(api.app)).slice(before.length);
      expect(appended.map((event) => event.type)).toEqual([
        'RegistrationNumberAssigned',
        'ProfessionalRegistered',
      ]);
    });

    it('after a restart of the API: still the first answer, nothing appended', async () => {
      const headers = { 'idempotency-key': 'register-sanne-visser' };
      const body = registration({ name: 'Sanne Visser', email: 's.visser@maastricht.nl' });
      const first = await client.post('/v1/professionals', REGISTRAR, body, headers);
      expect(first.status).toBe(201);

      await api.close();
      await start();
      const before = await ledgerEvents(api.app);
      const retry = await client.post('/v1/professionals', REGISTRAR, body, headers);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
      expect(await ledgerEvents(api.app)).toHaveLength(before.length);
    }, 30_000);
  });

  describe('a retry that reaches the command again (idempotency record lost in a crash)', () => {
    /**
     * The idempotency record is written after the ledger append; a crash in between leaves the
     * events without the record. The derived event ids (person + key) must then still make the
     * retry a no-op. Removing the record file while the API is down stands in for that crash.
     */
    async function restartWithoutIdempotencyRecords() {
      await api.close();
      for (const suffix of ['', '-wal', '-shm']) {
        rmSync(join(dir.path, `idempotency.sqlite${suffix}`), { force: true });
      }
      await start();
    }

    it('registration: the same professionalId and number, appended once', async () => {
      const headers = { 'idempotency-key': 'register-kees-mulder' };
      const body = registration({ name: 'Kees Mulder', email: 'k.mulder@nijmegen.nl' });
      const first = await client.post('/v1/professionals', REGISTRAR, body, headers);
      expect(first.status).toBe(201);

      await restartWithoutIdempotencyRecords();
      const retry = await client.post('/v1/professionals', REGISTRAR, body, headers);
      expect({ status: retry.status, body: retry.body }).toEqual({
        status: 201,
        body: {
          professionalId: first.body.professionalId,
          registrationNumber: first.body.registrationNumber,
          position: expect.any(String),
        },
      });
      const events = await ledgerEvents(api.app);
      const mine = events.filter(
        (event) => (event.data as Json).professionalId === first.body.professionalId,
      );
      expect(mine.map((event) => event.type)).toEqual([
        'RegistrationNumberAssigned',
        'ProfessionalRegistered',
      ]);
    }, 30_000);

    it('activity: the same activityId, ActivityLogged appended once', async () => {
      const id = await admitted('Ayşe Yılmaz');
      const headers = { 'idempotency-key': 'retry-intervisie-2016-05-02' };
      const activity = {
        title: 'Intervisie',
        category: 'reflectie',
        hours: 2,
        competencies: PLAN,
        completedOn: '2016-05-02',
      };
      const first = await client.post(
        `/v1/professionals/${id}/activities`,
        professional(id),
        activity,
        headers,
      );
      expect(first.status).toBe(201);

      await restartWithoutIdempotencyRecords();
      const retry = await client.post(
        `/v1/professionals/${id}/activities`,
        professional(id),
        activity,
        headers,
      );
      expect(retry.status).toBeLessThan(500);
      const logged = await ofProfessional(id, 'ActivityLogged')();
      expect(logged.map((event) => (event.data as Json).activityId)).toEqual([
        first.body.activityId,
      ]);
      // Event ids identify an event: the same id twice in one stream would be two facts.
      expect(new Set(logged.map((event) => event.id)).size).toBe(logged.length);
    }, 30_000);
  });
});
