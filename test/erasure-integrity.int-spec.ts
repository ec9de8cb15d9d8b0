import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IntegrityKeeper } from '@vakregister/ledger-integrity';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { makeTempDir } from '@vakregister/testing';
import { REGISTRAR, apiClient, registration } from './support/api-client';
import { startApi } from './support/start-api';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'apps', 'cli', 'src', 'main.ts');

describe('erasure keeps every integrity proof valid', () => {
  const dir = makeTempDir('erasure-integrity');
  afterAll(() => dir.remove());

  it('verifies clean after a professional was erased', async () => {
    const api = await startApi(dir.path, { now: '2016-05-13T09:00:00Z' });
    try {
      const client = apiClient(api.baseUrl);
      const id = (
        await client.post('/v1/professionals', REGISTRAR, registration({ name: 'Erna Gewist' }))
      ).body.professionalId as string;
      const erased = await client.post(`/v1/professionals/${id}/erasure`, REGISTRAR, {
        reason: 'Asked to',
      });
      expect(erased.status).toBe(201);
      // Every event, the erasure included, is in a signed tree head before the ledger is checked.
      const head = (await api.app.get<EventStore>(EVENT_STORE).health()).lastPosition!;
      expect(await api.app.get(IntegrityKeeper).waitFor(head, 5_000)).toBe(true);
    } finally {
      await api.close();
    }
    const verified = await run(
      process.execPath,
      ['--import', 'tsx', CLI, 'verify', '--strict', '--json'],
      {
        env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', VAKREGISTER_DATA_DIR: dir.path },
      },
    ).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  }, 60_000);
});
