import { makeTempDir } from '@vakregister/testing';
import { REGISTRAR, apiClient, registration } from './support/api-client';
import { runCli } from './support/run-cli';
import { startApi } from './support/start-api';

const vakregister = (args: string[], dataDir: string) =>
  runCli(args, { VAKREGISTER_DATA_DIR: dataDir });

describe('vakregister projections rebuild', () => {
  const dir = makeTempDir('cli-rebuild');
  afterAll(() => dir.remove());

  it('refuses while the API holds the data directory, and rebuilds once it has stopped', async () => {
    const api = await startApi(dir.path, { now: '2016-05-13T09:00:00Z' });
    try {
      const registered = await apiClient(api.baseUrl).post(
        '/v1/professionals',
        REGISTRAR,
        registration(),
      );
      expect(registered.status).toBe(201);
      const refused = await vakregister(['projections', 'rebuild'], dir.path);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Refusing to rebuild: the Vakregister API \(process \d+/);
    } finally {
      await api.close();
    }
    const rebuilt = await vakregister(['projections', 'rebuild', 'register'], dir.path);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/register: rebuilt in/);
    // The progress bar (events/s, ETA) is drawn on stderr, leaving stdout to the result.
    expect(rebuilt.stderr).toMatch(/3\/3 events \| \d+ events\/s/);
  }, 60_000);

  it('names the projections it knows when given another', async () => {
    const unknown = await vakregister(['projections', 'rebuild', 'nonsense'], dir.path);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there are register, queues');
  }, 30_000);
});
