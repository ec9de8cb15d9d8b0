import type { RecordedEvent } from '@vakregister/event-store';
import { makeTempDir } from '@vakregister/testing';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './support/api-client';
import { decodedLedgerEvents } from './support/ledger-reader';
import { certifyFirstTime } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

const APPEALS = 'appeals:app-1';
const ANALYST = 'analyst:an-1';
const PLAN = ['gespreksvoering', 'wet-en-regelgeving'];

/** 150 approved points and one 12-hour activity wrongly rejected: a refusal that will not stand. */
const ACTIVITIES = [
  { category: 'scholing', hours: 40, ok: true },
  { category: 'scholing', hours: 20, ok: true },
  { category: 'reflectie', hours: 30, ok: true },
  { category: 'reflectie', hours: 12, ok: false },
  { category: 'vrije-ruimte', hours: 40, ok: true },
  { category: 'vrije-ruimte', hours: 20, ok: true },
];

type Data = Record<string, unknown> & { professionalId: string };

/**
 * The pilot figures counted directly from the ledger's events with plain loops, written
 * separately from the projection so that a mistake in one is not repeated in the other.
 */
function countFromLedger(events: RecordedEvent[], asOf: string): Json[] {
  const on = (date: unknown) => typeof date === 'string' && date <= asOf;
  const people = new Map<string, { municipality: string; sector: string; registeredOn: string }>();
  for (const event of events) {
    const data = event.data as Data;
    if (event.type === 'ProfessionalRegistered') {
      people.set(data.professionalId, {
        municipality: data.municipality as string,
        sector: data.sector as string,
        registeredOn: data.registeredOn as string,
      });
    }
    if (event.type === 'ProfessionalDetailsCorrected') {
      Object.assign(people.get(data.professionalId)!, data.changes);
    }
  }
  const groups = new Map<string, Json & { ids: Set<string> }>();
  for (const [id, person] of people) {
    if (!on(person.registeredOn)) continue;
    const key = `${person.municipality}/${person.sector}`;
    if (!groups.has(key)) groups.set(key, { ids: new Set() });
    groups.get(key)!.ids.add(id);
  }
  const result: Json[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mine = events.filter((event) => group.ids.has((event.data as Data).professionalId));
    const dated = (type: string, field: string) =>
      mine.filter((event) => event.type === type && on((event.data as Json)[field]));
    const professionalsWith = (type: string, field: string) =>
      new Set(dated(type, field).map((event) => (event.data as Data).professionalId)).size;

    const days: number[] = [];
    for (const id of group.ids) {
      const first = dated('CertificateGranted', 'decidedOn').find(
        (event) => (event.data as Data).professionalId === id,
      );
      if (!first) continue;
      const from = new Date(`${people.get(id)!.registeredOn}T00:00:00Z`).getTime();
      const until = new Date(`${(first.data as Json).validFrom as string}T00:00:00Z`).getTime();
      days.push(Math.round((until - from) / 86_400_000));
    }
    days.sort((a, b) => a - b);
    const half = Math.floor(days.length / 2);
    const median =
      days.length === 0 ? null : days.length % 2 ? days[half] : (days[half - 1] + days[half]) / 2;

    const outcome = new Map<string, string>();
    for (const event of mine) {
      const data = event.data as Json;
      if (!on(data.reviewedOn)) continue;
      if (event.type === 'ActivityApproved') outcome.set(data.activityId as string, 'approved');
      if (event.type === 'ActivityRejected') outcome.set(data.activityId as string, 'rejected');
      if (event.type === 'ActivityReviewCorrected') {
        outcome.set(data.activityId as string, data.outcome as string);
      }
    }
    const perCategory: Record<string, number> = {};
    const perCompetency: Record<string, number> = {};
    for (const event of mine.filter((e) => e.type === 'ActivityLogged')) {
      const data = event.data as Json;
      if (outcome.get(data.activityId as string) !== 'approved') continue;
      const hours = data.hours as number;
      perCategory[data.category as string] = (perCategory[data.category as string] ?? 0) + hours;
      for (const competency of data.competencies as string[]) {
        perCompetency[competency] = (perCompetency[competency] ?? 0) + hours;
      }
    }
    const rejected = [...outcome.values()].filter((value) => value === 'rejected').length;

    // Renewal rate: renewed certificates of those that ended or got a renewal decision.
    const renews = new Map<string, string>();
    for (const event of mine.filter((e) => e.type === 'CertificationRequested')) {
      const data = event.data as Json;
      if (data.renews) renews.set(data.requestId as string, data.renews as string);
    }
    const due = new Map<string, boolean>();
    for (const event of dated('CertificateGranted', 'decidedOn')) {
      const data = event.data as Json;
      if (on(data.validUntil)) due.set(data.certificateId as string, false);
    }
    for (const type of ['CertificateGranted', 'CertificationRefused']) {
      for (const event of dated(type, 'decidedOn')) {
        const certificate = renews.get((event.data as Json).requestId as string);
        if (!certificate) continue;
        due.set(certificate, due.get(certificate) === true || type === 'CertificateGranted');
      }
    }
    const renewed = [...due.values()].filter(Boolean).length;

    const reversed = new Set(
      dated('RevocationReversed', 'reversedOn').map((e) => (e.data as Json).reversedDecisionId),
    );
    const [municipality, sector] = key.split('/');
    result.push({
      municipality,
      sector,
      registered: group.ids.size,
      admitted: professionalsWith('AdmissionGranted', 'decidedOn'),
      certified: professionalsWith('CertificateGranted', 'decidedOn'),
      admissionRefused: dated('AdmissionRefused', 'decidedOn').length,
      certificationRefused: dated('CertificationRefused', 'decidedOn').length,
      expired: dated('CertificateExpired', 'expiredOn').length,
      revoked: dated('CertificateRevoked', 'revokedOn').filter(
        (e) => !reversed.has((e.data as Json).decisionId),
      ).length,
      withdrawn: dated('ProfessionalWithdrew', 'withdrawnOn').length,
      medianDaysToCertification: median,
      pointsPerCategory: perCategory,
      pointsPerCompetency: perCompetency,
      activitiesRejectedShare: outcome.size === 0 ? null : rejected / outcome.size,
      objectionsLodged: dated('ObjectionLodged', 'lodgedOn').length,
      objectionsUpheld: dated('ObjectionDecided', 'decidedOn').filter(
        (e) => (e.data as Json).outcome === 'upheld',
      ).length,
      renewalRate: due.size === 0 ? null : renewed / due.size,
    });
  }
  return result;
}

describe('analytics: pilot figures per municipality and sector', () => {
  const dir = makeTempDir('analytics');
  let api: RunningApi | undefined;
  let client: ReturnType<typeof apiClient>;
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });
  async function at(now: string) {
    await api?.close();
    api = await startApi(dir.path, { now });
    client = apiClient(api.baseUrl);
  }
  const register = async (name: string, municipality: string, sector: string) => {
    const email = `${name.toLowerCase()}@example.nl`;
    const response = await client.post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name, email, municipality, sector }),
    );
    expect(response.status).toBe(201);
    return response.body.professionalId as string;
  };
  const admit = async (id: string, outcome: 'admitted' | 'refused') =>
    expect(
      (
        await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
          outcome,
          reasons: ['checked'],
        })
      ).status,
    ).toBe(201);

  beforeAll(async () => {
    await at('2016-05-13T09:00:00Z');
    // Maastricht/werk: one certified, one admitted who withdraws.
    await certifyFirstTime(client, 'Anna');
    const dirk = await register('Dirk', 'Maastricht', 'werk');
    await admit(dirk, 'admitted');
    expect((await client.post(`/v1/professionals/${dirk}/withdrawal`, REGISTRAR, {})).status).toBe(
      201,
    );
    // Nijmegen/zorg: one refused admission, one refused certification (upheld on objection).
    await admit(await register('Bram', 'Nijmegen', 'zorg'), 'refused');
    const cor = await register('Cor', 'Nijmegen', 'zorg');
    const self = professional(cor);
    await admit(cor, 'admitted');
    await client.put(`/v1/professionals/${cor}/development-plan`, self, { competencies: PLAN });
    let wronglyRejected = '';
    for (const [index, activity] of ACTIVITIES.entries()) {
      const logged = await client.post(`/v1/professionals/${cor}/activities`, self, {
        title: `Activiteit ${index}`,
        category: activity.category,
        hours: activity.hours,
        competencies: index % 2 ? PLAN : [PLAN[0]],
        completedOn: `2016-0${(index % 4) + 1}-1${index}`,
      });
      expect(logged.status).toBe(201);
      const activityId = logged.body.activityId as string;
      if (!activity.ok) wronglyRejected = activityId;
      await client.post(`/v1/professionals/${cor}/activities/${activityId}/review`, ASSESSOR, {
        outcome: activity.ok ? 'approved' : 'rejected',
        reason: activity.ok ? 'in order' : 'no accreditation found',
      });
    }
    const request = await client.post(`/v1/professionals/${cor}/certification-requests`, self, {});
    const refusal = await client.post(
      `/v1/professionals/${cor}/certification-decisions`,
      ASSESSOR,
      {
        requestId: request.body.requestId,
        outcome: 'refused',
        reasons: ['150 of 160 points'],
      },
    );
    expect(refusal.status).toBe(201);

    await at('2016-06-20T09:00:00Z');
    const objection = await client.post(
      `/v1/decisions/${refusal.body.decisionId as string}/objections`,
      self,
      { grounds: 'The intervision was accredited.' },
    );
    expect(objection.status).toBe(201);
    const corrected = await client.post(
      `/v1/professionals/${cor}/activities/${wronglyRejected}/review`,
      ASSESSOR,
      { outcome: 'approved', reason: 'Accredited after all' },
    );
    expect(corrected.status).toBe(201);
    const upheld = await client.post(
      `/v1/objections/${objection.body.objectionId as string}/decision`,
      APPEALS,
      { outcome: 'upheld', reasons: ['The activity was accredited.'] },
    );
    expect(upheld.status).toBe(201);
  }, 120_000);

  const pilot = async (query: string) => {
    const events = await decodedLedgerEvents(api!.app);
    const head = events[events.length - 1].position;
    const response = await client.get<{ asOf: string; groups: Json[] }>(
      `/v1/analytics/pilot?minPosition=${head}${query}`,
      ANALYST,
    );
    expect(response.status).toBe(200);
    return { events, body: response.body };
  };

  it('answers every figure as an independent count over the ledger finds it', async () => {
    const { events, body } = await pilot('');
    expect(body.asOf).toBe('2016-06-20');
    expect(body.groups).toEqual(countFromLedger(events, '2016-06-20'));
    // Pin the scenario too, so that a count that is wrong in both places still shows.
    expect(body.groups).toMatchObject([
      {
        municipality: 'Maastricht',
        sector: 'werk',
        registered: 2,
        admitted: 2,
        certified: 1,
        withdrawn: 1,
        medianDaysToCertification: 0,
        activitiesRejectedShare: 0,
      },
      {
        municipality: 'Nijmegen',
        sector: 'zorg',
        registered: 2,
        admitted: 1,
        certified: 1,
        admissionRefused: 1,
        certificationRefused: 1,
        objectionsLodged: 1,
        objectionsUpheld: 1,
        activitiesRejectedShare: 0,
        pointsPerCategory: { scholing: 60, reflectie: 42, 'vrije-ruimte': 60 },
        pointsPerCompetency: { gespreksvoering: 162, 'wet-en-regelgeving': 52 },
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/Anna|Bram|Cor|Dirk|example\.nl/);
  });

  it('answers as of an earlier date, before the objection', async () => {
    const { events, body } = await pilot('&asOf=2016-05-31');
    expect(body.asOf).toBe('2016-05-31');
    expect(body.groups).toEqual(countFromLedger(events, '2016-05-31'));
    expect(body.groups[1]).toMatchObject({
      certified: 0,
      objectionsUpheld: 0,
      activitiesRejectedShare: 1 / 6,
    });
    const before = await pilot('&asOf=2016-05-12');
    expect(before.body.groups).toEqual([]);
  });

  it('is for analysts only', async () => {
    for (const actor of [REGISTRAR, ASSESSOR, APPEALS, 'auditor:au-1']) {
      expect((await client.get('/v1/analytics/pilot', actor)).status).toBe(403);
    }
    expect((await client.get('/v1/analytics/pilot?asOf=2016-13-01', ANALYST)).status).toBe(400);
  });
});
