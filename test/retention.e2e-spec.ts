import { makeTempDir } from '@vakregister/testing';
import { LifecycleScheduler } from '../apps/api/src/scheduler/lifecycle-scheduler';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './support/api-client';
import { startApi, type RunningApi } from './support/start-api';

describe('retention: personal data erased N years after the last event of a withdrawn professional', () => {
  const dir = makeTempDir('retention');
  let api: RunningApi | undefined;
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });
  async function at(now: string, env: Record<string, string> = {}) {
    await api?.close();
    api = await startApi(dir.path, { now, env });
    return apiClient(api.baseUrl);
  }

  it('erases once the period has passed, by the system, and not before', async () => {
    let client = await at('2016-05-13T09:00:00Z');
    const withdrawn = (
      await client.post('/v1/professionals', REGISTRAR, registration({ name: 'Ko Rentmeester' }))
    ).body.professionalId as string;
    const active = (
      await client.post('/v1/professionals', REGISTRAR, registration({ name: 'Ans Blijft' }))
    ).body.professionalId as string;
    await client.post(`/v1/professionals/${active}/admission`, ASSESSOR, {
      outcome: 'admitted',
      reasons: ['ok'],
    });
    await client.post(`/v1/professionals/${withdrawn}/withdrawal`, professional(withdrawn), {
      reason: 'New job',
    });

    await at('2019-05-12T09:00:00Z', { VAKREGISTER_RETENTION_YEARS: '3' });
    expect(await api!.app.get(LifecycleScheduler).runOnce()).toBe(0);

    client = await at('2019-05-14T09:00:00Z', { VAKREGISTER_RETENTION_YEARS: '3' });
    expect(await api!.app.get(LifecycleScheduler).runOnce()).toBe(1);
    const erased = await client.get<Json>(`/v1/professionals/${withdrawn}`, REGISTRAR);
    expect(erased.body).toMatchObject({ name: '[gewist]', email: '[gewist]', status: 'withdrawn' });
    const trail = await client.get<{ events: Json[] }>(
      `/v1/professionals/${withdrawn}/audit-trail`,
      'auditor:au-1',
    );
    expect(trail.body.events.at(-1)).toMatchObject({
      type: 'PersonalDataErased',
      actor: { id: 'system', role: 'system' },
      data: { basis: 'retention', erasedOn: '2019-05-14' },
    });
    expect((await client.get<Json>(`/v1/professionals/${active}`, REGISTRAR)).body.name).toBe(
      'Ans Blijft',
    );
    expect(await api!.app.get(LifecycleScheduler).runOnce()).toBe(0);
  }, 60_000);
});
