import { makeTempDir } from '@vakregister/testing';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './support/api-client';
import { startApi, type RunningApi } from './support/start-api';

const APPEALS = 'appeals:app-1';

/** 150 approved points and one 12-hour activity wrongly rejected: a refusal that should not stand. */
const ACTIVITIES = [
  { category: 'scholing', hours: 40, ok: true },
  { category: 'scholing', hours: 20, ok: true },
  { category: 'reflectie', hours: 30, ok: true },
  { category: 'reflectie', hours: 12, ok: false },
  { category: 'vrije-ruimte', hours: 40, ok: true },
  { category: 'vrije-ruimte', hours: 20, ok: true },
];

describe('objections: a refusal reviewed, upheld and remedied with a backdated certificate', () => {
  const dir = makeTempDir('objections');
  let api: RunningApi | undefined;
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });
  async function at(now: string) {
    await api?.close();
    api = await startApi(dir.path, { now });
    return apiClient(api.baseUrl);
  }

  it('runs the whole chain and keeps the original decision reviewable as it was made', async () => {
    let client = await at('2016-05-13T09:00:00Z');
    const id = (await client.post('/v1/professionals', REGISTRAR, registration())).body
      .professionalId as string;
    const self = professional(id);
    await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
      outcome: 'admitted',
      reasons: ['ok'],
    });
    await client.put(`/v1/professionals/${id}/development-plan`, self, {
      competencies: ['gespreksvoering', 'wet-en-regelgeving'],
    });
    let rejectedActivity = '';
    for (const [index, activity] of ACTIVITIES.entries()) {
      const logged = await client.post(`/v1/professionals/${id}/activities`, self, {
        title: `Activiteit ${index}`,
        category: activity.category,
        hours: activity.hours,
        competencies: ['gespreksvoering', 'wet-en-regelgeving'],
        completedOn: `2016-0${(index % 4) + 1}-1${index}`,
      });
      const activityId = logged.body.activityId as string;
      if (!activity.ok) rejectedActivity = activityId;
      await client.post(`/v1/professionals/${id}/activities/${activityId}/review`, ASSESSOR, {
        outcome: activity.ok ? 'approved' : 'rejected',
        reason: activity.ok ? 'in order' : 'no accreditation found',
      });
    }
    const request = await client.post(`/v1/professionals/${id}/certification-requests`, self, {});
    const refusal = await client.post(`/v1/professionals/${id}/certification-decisions`, ASSESSOR, {
      requestId: request.body.requestId,
      outcome: 'refused',
      reasons: ['150 of 160 points'],
    });
    expect(refusal.status).toBe(201);
    const refusalId = refusal.body.decisionId as string;

    // A second review is refused while no objection covers the activity.
    const early = await client.post(
      `/v1/professionals/${id}/activities/${rejectedActivity}/review`,
      ASSESSOR,
      {
        outcome: 'approved',
        reason: 'accredited after all',
      },
    );
    expect(early.status).toBe(409);

    client = await at('2016-06-20T09:00:00Z');
    const objection = await client.post(`/v1/decisions/${refusalId}/objections`, self, {
      grounds: 'The intervision was accredited (ACC-2016-0042).',
    });
    expect(objection.status).toBe(201);
    // Term ends 2016-06-24; decided six weeks later.
    expect(objection.body.dueBy).toBe('2016-08-05');
    const objectionId = objection.body.objectionId as string;

    const corrected = await client.post(
      `/v1/professionals/${id}/activities/${rejectedActivity}/review`,
      ASSESSOR,
      {
        outcome: 'approved',
        reason: 'Accredited after all (ACC-2016-0042)',
      },
    );
    expect(corrected.status).toBe(201);

    // The assessor who refused may not decide the objection; another appeals member may.
    const ownDecision = await client.post(
      `/v1/objections/${objectionId}/decision`,
      'appeals:ass-1',
      {
        outcome: 'upheld',
        reasons: ['x'],
      },
    );
    expect(ownDecision.status).toBe(403);
    const upheld = await client.post(`/v1/objections/${objectionId}/decision`, APPEALS, {
      outcome: 'upheld',
      reasons: ['The activity was accredited; with it the rules are met.'],
    });
    expect(upheld.status).toBe(201);
    const replacementId = upheld.body.replacementDecisionId as string;
    expect(typeof replacementId).toBe('string');
    const twice = await client.post(`/v1/objections/${objectionId}/decision`, APPEALS, {
      outcome: 'rejected',
      reasons: ['again'],
    });
    expect(twice.status).toBe(409);

    // The original decision still says 150, recomputes to 150 at its position, and is marked reversed.
    const original = await client.get<Json>(`/v1/decisions/${refusalId}`, APPEALS);
    expect(original.status).toBe(200);
    expect(original.body).toMatchObject({
      type: 'CertificationRefused',
      basis: { total: 150 },
      verification: { agrees: true, recomputed: { total: 150 } },
      reversed: { objectionId, replacementDecisionId: replacementId },
    });
    expect((original.body.explanation as Json).nl).toContain('150 van de vereiste 160 punten');
    expect((original.body.explanation as Json).en).toContain('150 of the required 160 points');

    const replacement = await client.get<Json>(`/v1/decisions/${replacementId}`, self);
    expect(replacement.body).toMatchObject({
      type: 'CertificateGranted',
      data: {
        validFrom: '2016-05-13',
        validUntil: '2020-05-13',
        remedyOf: { objectionId, decisionId: refusalId },
      },
      basis: { total: 162 },
      verification: { agrees: true },
    });

    // Valid time corrected, record time preserved.
    const asOfOriginal = await client.get<{ entries: Json[] }>(
      `/v1/register?asOf=2016-05-20&minPosition=${upheld.body.position as string}`,
      REGISTRAR,
    );
    expect(asOfOriginal.body.entries[0].status).toBe('certified');
    const knownBefore = await client.get<{ entries: Json[] }>(
      `/v1/register?asOf=2016-05-20&knownAt=${BigInt(upheld.body.position as string) - 2n}`,
      REGISTRAR,
    );
    expect(knownBefore.body.entries[0].status).toBe('admitted');

    // The audit trail links the chain by causation: decision → objection → outcome and remedy.
    const trail = (
      await client.get<{ events: Json[] }>(
        `/v1/professionals/${id}/audit-trail?limit=1000`,
        APPEALS,
      )
    ).body.events;
    const byType = (type: string) => trail.filter((event) => event.type === type);
    const refusedEvent = byType('CertificationRefused')[0];
    const lodgedEvent = byType('ObjectionLodged')[0];
    const decidedEvent = byType('ObjectionDecided')[0];
    const grantedEvent = byType('CertificateGranted')[0];
    expect(lodgedEvent.causationId).toBe(refusedEvent.eventId);
    expect(decidedEvent.causationId).toBe(lodgedEvent.eventId);
    expect(decidedEvent.causationId).toBe(grantedEvent.causationId);
    expect(decidedEvent.correlationId).toBe(grantedEvent.correlationId);

    // A reversed decision cannot be contested again; a favourable one not at all.
    expect(
      (await client.post(`/v1/decisions/${refusalId}/objections`, self, { grounds: 'x' })).status,
    ).toBe(409);
    expect(
      (await client.post(`/v1/decisions/${replacementId}/objections`, self, { grounds: 'x' }))
        .status,
    ).toBe(422);
    expect(
      (await client.get<{ objections: Json[] }>('/v1/objections', self)).body.objections,
    ).toEqual([expect.objectContaining({ objectionId, status: 'upheld', dueBy: '2016-08-05' })]);
  }, 90_000);
});
