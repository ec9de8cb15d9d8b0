import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@vakregister/testing';
import { apiClient, REGISTRAR } from './support/api-client';
import { runCli } from './support/run-cli';
import { startApi } from './support/start-api';

describe('vakregister pilot generate', () => {
  const root = makeTempDir('pilot-generate');
  afterAll(() => root.remove());
  // The CLI opens the configured data directory whatever the command: keep it out of ./data.
  const scratch = { VAKREGISTER_DATA_DIR: join(root.path, 'unused') };
  const file = join(root.path, 'pilot.ndjson');

  it('writes the requested size, and refuses bad options with exit code 2', async () => {
    const generated = await runCli(
      ['pilot', 'generate', '--out', file, '--professionals', '30', '--years', '2'],
      scratch,
    );
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(generated.stdout).toContain(`Wrote ${lines.length} events`);
    const registered = lines.filter((line) => line.includes('"type":"ProfessionalRegistered"'));
    expect(registered).toHaveLength(30);
    expect(JSON.parse(lines[lines.length - 1]).metadata.recordedAt).toMatch(/^2017-/);

    for (const [args, message] of [
      [['--professionals', '5'], '--professionals must be a whole number from 6'],
      [['--years', 'many'], '--years must be a whole number'],
      [['--seed', '-1'], '--seed must be a whole number'],
    ]) {
      const refused = await runCli(['pilot', 'generate', '--out', file, ...args], scratch);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(message);
    }
    const noOut = await runCli(['pilot', 'generate'], scratch);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out <file> is required');
  }, 60_000);

  it('imports into an empty data directory, exports the same bytes, and serves it', async () => {
    const dataDir = join(root.path, 'data');
    const imported = await runCli(['import', file], { VAKREGISTER_DATA_DIR: dataDir });
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported ${lines.length} events.`);

    const again = join(root.path, 'again.ndjson');
    expect((await runCli(['export', '--out', again], { VAKREGISTER_DATA_DIR: dataDir })).code).toBe(
      0,
    );
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);

    const lodged = lines.filter((line) => line.includes('"type":"ObjectionLodged"')).length;
    expect(lodged).toBeGreaterThan(0);
    const api = await startApi(dataDir);
    try {
      const client = apiClient(api.baseUrl);
      const last = lines.length - 1;
      const register = await client.get<{ entries: Array<{ municipality: string }> }>(
        `/v1/register?minPosition=${last}&limit=100`,
        REGISTRAR,
      );
      expect(register.status).toBe(200);
      expect(register.body.entries.length).toBeGreaterThan(0);
      const objections = await client.get<{ objections: unknown[] }>(
        `/v1/objections?minPosition=${last}`,
        'appeals:app-1',
      );
      expect(objections.status).toBe(200);
      expect(objections.body.objections).toHaveLength(lodged);
    } finally {
      await api.close();
    }
  }, 120_000);
});
