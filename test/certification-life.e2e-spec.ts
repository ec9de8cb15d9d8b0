import { makeTempDir } from '@vakregister/testing';
import { LifecycleScheduler } from '../apps/api/src/scheduler/lifecycle-scheduler';
import { ASSESSOR, REGISTRAR, apiClient, professional, type Json } from './support/api-client';
import { FULL_CYCLE, certifyFirstTime } from './support/scenarios';
import { decodedLedgerEvents } from './support/ledger-reader';
import { startApi, type RunningApi } from './support/start-api';

describe('the life of a klantmanager over HTTP (embedded store, simulated clock)', () => {
  const dir = makeTempDir('life');
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

  it('registers, admits, plans, logs and reviews, certifies, renews late, and expires another', async () => {
    let client = await at('2016-05-13T09:00:00Z');
    const fatima = await certifyFirstTime(client, 'Fatima el Amrani');
    const bram = await certifyFirstTime(client, 'Bram Janssen');

    const state = await client.get<Json>(`/v1/professionals/${fatima}`, REGISTRAR);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      status: 'certified',
      name: 'Fatima el Amrani',
      renewalPending: false,
    });
    expect(state.headers.get('etag')).toBe(`"${state.body.revision as string}"`);

    // In the renewal window (it opens on 2019-11-13): Fatima logs a new cycle and applies.
    client = await at('2019-12-02T10:00:00Z');
    for (const activity of FULL_CYCLE((index) => `2019-0${index + 1}-10`)) {
      const logged = await client.post(
        `/v1/professionals/${fatima}/activities`,
        professional(fatima),
        activity,
      );
      await client.post(
        `/v1/professionals/${fatima}/activities/${logged.body.activityId as string}/review`,
        ASSESSOR,
        {
          outcome: 'approved',
          reason: 'Evidence in order',
        },
      );
    }
    const renewal = await client.post(
      `/v1/professionals/${fatima}/certification-requests`,
      professional(fatima),
      {},
    );
    expect(renewal.body).toMatchObject({
      kind: 'renewal',
      cycle: { from: '2016-05-13', until: '2020-05-13' },
    });

    // After validUntil: Bram (no renewal) expires; Fatima stays certified while her renewal is pending.
    client = await at('2020-06-02T10:00:00Z');
    const appended = await api!.app.get(LifecycleScheduler).runOnce();
    expect(appended).toBe(1);
    expect((await client.get<Json>(`/v1/professionals/${bram}`, REGISTRAR)).body.status).toBe(
      'expired',
    );
    expect((await client.get<Json>(`/v1/professionals/${fatima}`, REGISTRAR)).body).toMatchObject({
      status: 'certified',
      renewalPending: true,
    });
    expect(await api!.app.get(LifecycleScheduler).runOnce()).toBe(0);

    // Decided late, the renewal continues the cycle from the old validUntil.
    const renewed = await client.post(
      `/v1/professionals/${fatima}/certification-decisions`,
      ASSESSOR,
      {
        requestId: renewal.body.requestId,
        outcome: 'granted',
        reasons: ['Renewal: all requirements met'],
      },
    );
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ validFrom: '2020-05-13', validUntil: '2024-05-13' });

    const events = await decodedLedgerEvents(api!.app);
    const expired = events.filter((event) => event.type === 'CertificateExpired');
    expect(expired.map((event) => event.data)).toEqual([
      expect.objectContaining({ professionalId: bram, expiredOn: '2020-05-13' }),
    ]);
    expect(expired[0].metadata.actor).toEqual({ id: 'system', role: 'system' });
    const granted = events.filter((event) => event.type === 'CertificateGranted');
    expect(granted).toHaveLength(3);
    expect(granted[2].metadata).toMatchObject({
      actor: { id: 'ass-1', role: 'assessor', authentication: 'development-header' },
      reason: 'Renewal: all requirements met',
      recordedAt: expect.stringMatching(/^2020-06-02T10:00/),
      schemaVersion: 1,
    });
    // Positions and recorded time only move forward across the simulated restarts.
    const recordedAt = events.map((event) => event.metadata.recordedAt);
    expect([...recordedAt].sort()).toEqual(recordedAt);
  }, 60_000);
});
