import { BVK_2016 } from '@vakregister/certification';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './api-client';

type Client = ReturnType<typeof apiClient>;

/** 160 points: scholing 60, reflectie 40, vrije-ruimte 60, each listing the planned competencies. */
export const FULL_CYCLE = (completedOn: (index: number) => string) =>
  [
    { category: 'scholing', hours: 40 },
    { category: 'scholing', hours: 20 },
    { category: 'reflectie', hours: 20 },
    { category: 'reflectie', hours: 20 },
    { category: 'vrije-ruimte', hours: 40 },
    { category: 'vrije-ruimte', hours: 20 },
  ].map((activity, index) => ({
    ...activity,
    title: `Activiteit ${index + 1}`,
    competencies: ['gespreksvoering', 'wet-en-regelgeving'],
    completedOn: completedOn(index),
  }));

/** Registers a professional (registration fields overridable), admits them and sets their plan. */
export async function admittedWithPlan(client: Client, overrides: Json) {
  const registered = await client.post('/v1/professionals', REGISTRAR, registration(overrides));
  expect(registered.status).toBe(201);
  const id = registered.body.professionalId as string;
  expect(registered.body.registrationNumber).toMatch(/^VR\d{6}$/);
  const admission = await client.post(`/v1/professionals/${id}/admission`, ASSESSOR, {
    outcome: 'admitted',
    reasons: ['HBO diploma, 6 years of experience, code signed'],
  });
  expect(admission.status).toBe(201);
  expect(
    (
      await client.put(`/v1/professionals/${id}/development-plan`, professional(id), {
        competencies: ['gespreksvoering', 'wet-en-regelgeving'],
      })
    ).status,
  ).toBe(200);
  return id;
}

/** Logs an activity as the professional and approves it as the assessor. */
export async function logApprovedActivity(client: Client, id: string, activity: Json) {
  const logged = await client.post(
    `/v1/professionals/${id}/activities`,
    professional(id),
    activity,
  );
  expect(logged.status).toBe(201);
  const review = await client.post(
    `/v1/professionals/${id}/activities/${logged.body.activityId as string}/review`,
    ASSESSOR,
    { outcome: 'approved', reason: 'Evidence in order' },
  );
  expect(review.status).toBe(201);
}

/** Registers, admits, plans, logs 160 approved points and certifies a professional on 2016-05-13. */
export async function certifyFirstTime(client: Client, name: string) {
  const id = await admittedWithPlan(client, { name });
  const self = professional(id);
  for (const activity of FULL_CYCLE((index) => `2016-0${(index % 4) + 1}-${10 + index}`)) {
    await logApprovedActivity(client, id, activity);
  }
  const request = await client.post(`/v1/professionals/${id}/certification-requests`, self, {});
  expect(request.status).toBe(201);
  expect(request.body).toMatchObject({
    kind: 'first',
    cycle: { from: '2012-05-13', until: '2016-05-14' },
  });
  const decision = await client.post(`/v1/professionals/${id}/certification-decisions`, ASSESSOR, {
    requestId: request.body.requestId,
    outcome: 'granted',
    reasons: ['All requirements of bvk-2016 met'],
  });
  expect(decision.status).toBe(201);
  expect(decision.body).toMatchObject({ validFrom: '2016-05-13', validUntil: '2020-05-13' });
  expect(typeof decision.body.position).toBe('string');
  return id;
}

/** A publishable scheme body: bvk-2016's rules under another id and date; override per test. */
export function schemeBody(schemeId: string, effectiveFrom: string, overrides: Json = {}): Json {
  return { ...(BVK_2016 as unknown as Json), schemeId, effectiveFrom, ...overrides };
}

/** FULL_CYCLE with completion dates early in 2016: before the simulated 2016-05-13. */
export const FULL_CYCLE_2016 = FULL_CYCLE((index) => `2016-0${(index % 4) + 1}-${10 + index}`);
