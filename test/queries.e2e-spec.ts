import { makeTempDir } from '@vakregister/testing';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './support/api-client';
import { certifyFirstTime } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

type Entry = Json & { status: string; registrationNumber: string; name?: string; email?: string };
type RegisterPage = { asOf: string; entries: Entry[]; nextCursor: string | null };

describe('queries: register, public register, queues, dossier, audit trail (with time travel)', () => {
  const dir = makeTempDir('queries');
  let api: RunningApi;
  let client: ReturnType<typeof apiClient>;
  let fatima: string;
  let applicant: string;
  let lastPosition: string;
  let beforeGrant: string;

  beforeAll(async () => {
    api = await startApi(dir.path, { now: '2016-05-13T09:00:00Z' });
    client = apiClient(api.baseUrl);
    fatima = await certifyFirstTime(client, 'Fatima el Amrani');
    const audit = await client.get<{ events: Json[] }>(
      `/v1/professionals/${fatima}/audit-trail`,
      ASSESSOR,
    );
    const granted = audit.body.events.find((event) => event.type === 'CertificateGranted')!;
    beforeGrant = (BigInt(granted.position as string) - 1n).toString();
    const second = await client.post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name: 'Bram Janssen' }),
    );
    applicant = second.body.professionalId as string;
    lastPosition = second.body.position as string;
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  const register = (query: string, actor = REGISTRAR) =>
    client.get<RegisterPage>(`/v1/register?minPosition=${lastPosition}${query}`, actor);

  it('lists the register now, with names for staff and without them for analysts', async () => {
    const staff = await register('');
    expect(staff.status).toBe(200);
    expect(
      staff.body.entries.map((entry) => [entry.registrationNumber, entry.status, entry.name]),
    ).toEqual([
      ['VR000001', 'certified', 'Fatima el Amrani'],
      ['VR000002', 'applicant', 'Bram Janssen'],
    ]);
    const analyst = await register('', 'analyst:an-1');
    expect(analyst.body.entries).toHaveLength(2);
    expect(analyst.body.entries.every((entry) => !('name' in entry) && !('email' in entry))).toBe(
      true,
    );
  });

  it('answers knownAt (record time) and asOf (valid time) from the index', async () => {
    const knownBefore = await register(`&knownAt=${beforeGrant}`);
    expect(knownBefore.body.entries.map((entry) => entry.status)).toEqual(['admitted']);
    const later = await register('&asOf=2020-06-01');
    expect(
      later.body.entries.find((entry) => entry.registrationNumber === 'VR000001')?.status,
    ).toBe('expired');
    const before = await register('&asOf=2016-05-12');
    expect(before.body.entries).toEqual([]);
    const byInstant = await register('&knownAt=2016-05-13T09:00:00.000Z');
    expect(byInstant.body.asOf).toBe('2016-05-13');
  });

  it('filters, searches and pages with a cursor', async () => {
    expect(
      (await register('&status=applicant')).body.entries.map((e) => e.registrationNumber),
    ).toEqual(['VR000002']);
    expect((await register('&q=amrani')).body.entries.map((e) => e.registrationNumber)).toEqual([
      'VR000001',
    ]);
    expect((await register('&q=amrani', 'analyst:an-1')).body.entries).toEqual([]);
    const first = await register('&limit=1');
    expect(first.body.entries).toHaveLength(1);
    const second = await register(`&limit=1&cursor=${first.body.nextCursor!}`);
    expect(second.body.entries.map((e) => e.registrationNumber)).toEqual(['VR000002']);
    expect(second.body.nextCursor).toBeNull();
    expect((await register('&asOf=13-05-2016')).status).toBe(400);
    expect((await register('&knownAt=yesterday')).status).toBe(400);
  });

  it('shows the public only whether a number is certified, and until when', async () => {
    const certified = await client.get('/v1/public/register/VR000001');
    expect(certified.body).toEqual({
      registrationNumber: 'VR000001',
      status: 'certified',
      name: 'Fatima el Amrani',
      validUntil: '2020-05-13',
    });
    expect((await client.get('/v1/public/register/VR000002')).body).toEqual({
      registrationNumber: 'VR000002',
      status: 'not-certified',
    });
    expect((await client.get('/v1/public/register/VR999999')).status).toBe(404);
    const search = await client.get<{ entries: Json[] }>('/v1/public/register?name=Amrani');
    expect(search.body.entries).toEqual([certified.body]);
  });

  it('lists open work oldest first', async () => {
    const admissions = await client.get<{ items: Json[] }>(
      `/v1/queues/admissions?minPosition=${lastPosition}`,
      ASSESSOR,
    );
    expect(admissions.body.items.map((item) => item.professionalId)).toEqual([applicant]);
    expect((await client.get('/v1/queues/reviews', ASSESSOR)).body).toMatchObject({ items: [] });
    expect((await client.get('/v1/queues/elsewhere', ASSESSOR)).status).toBe(404);
    expect((await client.get('/v1/queues/admissions', professional(fatima))).status).toBe(403);
  });

  it('shows the dossier now and as the ledger knew it before the decision and before the reviews', async () => {
    // Certified now: the renewal cycle has just begun, so nothing counts yet.
    const now = await client.get<Json>(`/v1/professionals/${fatima}/dossier`, professional(fatima));
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      status: 'certified',
      plan: ['gespreksvoering', 'wet-en-regelgeving'],
      cycle: { from: '2016-05-13', until: '2020-05-13', kind: 'renewal' },
      points: { total: 0, required: 160 },
    });
    // Just before the grant, the pending request's qualifying period held all 160 points.
    const pending = await client.get<Json>(
      `/v1/professionals/${fatima}/dossier?knownAt=${beforeGrant}`,
      ASSESSOR,
    );
    expect(pending.body).toMatchObject({
      status: 'admitted',
      cycle: { from: '2012-05-13', until: '2016-05-14', kind: 'first' },
      points: { total: 160 },
      missing: [],
    });
    const audit = await client.get<{ events: Json[] }>(
      `/v1/professionals/${fatima}/audit-trail`,
      ASSESSOR,
    );
    const firstReview = audit.body.events.find((event) => event.type === 'ActivityApproved')!;
    const before = await client.get<Json>(
      `/v1/professionals/${fatima}/dossier?knownAt=${BigInt(firstReview.position as string) - 1n}`,
      ASSESSOR,
    );
    expect((before.body.points as Json).total).toBe(0);
    expect(before.body.missing).toContain('0 of 160 points');
    expect(
      (await client.get(`/v1/professionals/${applicant}/dossier`, professional(fatima))).status,
    ).toBe(404);
  });

  it('pages the audit trail, oldest first, each event saying who, when, why and what', async () => {
    const first = await client.get<{ events: Json[]; nextCursor: string }>(
      `/v1/professionals/${fatima}/audit-trail?limit=5`,
      'auditor:au-1',
    );
    expect(first.body.events.map((event) => event.revision)).toEqual(['0', '1', '2', '3', '4']);
    expect(first.body.events[0]).toMatchObject({
      type: 'ProfessionalRegistered',
      actor: { id: 'reg-1', role: 'registrar' },
      recordedAt: expect.stringMatching(/^2016-05-13T09:00:/),
      description: {
        nl: expect.stringContaining('Ingeschreven'),
        en: expect.stringContaining('Registered'),
      },
    });
    const next = await client.get<{ events: Json[] }>(
      `/v1/professionals/${fatima}/audit-trail?limit=5&cursor=${first.body.nextCursor}`,
      'auditor:au-1',
    );
    expect(next.body.events[0].revision).toBe('5');
  });

  it('refuses positions and cursors beyond 64 bits with 400, as any other malformed one', async () => {
    // 19 digits, one more than the largest 64-bit integer: no store can be asked about it.
    const beyond = '9223372036854775808';
    const requests: [string, string][] = [
      [`/v1/register?knownAt=${beyond}`, REGISTRAR],
      [`/v1/register?minPosition=${beyond}`, REGISTRAR],
      [`/v1/queues/reviews?cursor=${beyond}`, ASSESSOR],
      [`/v1/professionals/${fatima}/audit-trail?cursor=${beyond}`, ASSESSOR],
      [`/v1/professionals/${fatima}/dossier?knownAt=${beyond}`, ASSESSOR],
    ];
    for (const [path, actor] of requests) {
      const response = await client.get<Json>(path, actor);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // The largest one is a position like any other.
    const largest = await client.get(
      `/v1/professionals/${fatima}/audit-trail?cursor=9223372036854775807`,
      ASSESSOR,
    );
    expect(largest.status).toBe(200);
  });

  it('answers 503 with Retry-After when the read models do not reach minPosition in time', async () => {
    const response = await client.get('/v1/register?minPosition=999999999', REGISTRAR);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  }, 15_000);

  it('rebuilds a projection online and swaps it in with the same rows', async () => {
    const before = await register('');
    const started = await client.post('/v1/admin/projections/register/rebuild', REGISTRAR, {});
    expect(started.status).toBe(202);
    for (let attempt = 0; attempt < 100; attempt++) {
      const status = await client.get<{ projections: Json[] }>('/v1/admin/projections', REGISTRAR);
      if (status.body.projections.every((projection) => projection.state === 'running')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await register('')).body).toEqual(before.body);
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`vakregister_projection_checkpoint\\{projection="register"\\} ${lastPosition}`),
    );
    expect((await client.post('/v1/admin/projections/nothing/rebuild', REGISTRAR, {})).status).toBe(
      404,
    );
  });
});
