import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '@vakregister/testing';
import { REGISTRAR, apiClient, registration, type Json } from './support/api-client';
import { certifyFirstTime } from './support/scenarios';
import { startApi } from './support/start-api';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'apps', 'cli', 'src', 'main.ts');

function vakregister(args: string[], dataDir: string) {
  return run(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', VAKREGISTER_DATA_DIR: dataDir },
  }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('vakregister export and import', () => {
  const root = makeTempDir('export-import');
  const source = join(root.path, 'source');
  afterAll(() => root.remove());

  beforeAll(async () => {
    const api = await startApi(source, { now: '2016-05-13T09:00:00Z' });
    try {
      const client = apiClient(api.baseUrl);
      await certifyFirstTime(client, 'Hendrika Exportmans');
      await client.post('/v1/professionals', REGISTRAR, registration({ name: 'Piet Tweede' }));
    } finally {
      await api.close();
    }
  }, 60_000);

  it('round-trips byte for byte, carrying ciphertext only', async () => {
    const first = join(root.path, 'first.ndjson');
    const exported = await vakregister(['export', '--out', first], source);
    expect(exported.code).toBe(0);
    const text = readFileSync(first, 'utf8');
    expect(text.split('\n').filter(Boolean).length).toBeGreaterThan(20);
    expect(text).not.toContain('Hendrika');
    expect(text).toContain('enc:v1:');

    const target = join(root.path, 'target');
    const imported = await vakregister(['import', first], target);
    expect(imported.code).toBe(0);
    const second = join(root.path, 'second.ndjson');
    await vakregister(['export', '--out', second], target);
    expect(readFileSync(second)).toEqual(readFileSync(first));

    const tail = join(root.path, 'tail.ndjson');
    await vakregister(['export', '--out', tail, '--from-position', '5'], source);
    expect(readFileSync(tail, 'utf8')).toBe(text.split('\n').slice(5).join('\n'));
  }, 90_000);

  it('restores plaintext with the key store, and shows markers without it', async () => {
    const file = join(root.path, 'keys.ndjson');
    await vakregister(['export', '--out', file], source);
    const withKeys = join(root.path, 'with-keys');
    const withoutKeys = join(root.path, 'without-keys');
    for (const dir of [withKeys, withoutKeys])
      expect((await vakregister(['import', file], dir)).code).toBe(0);
    copyFileSync(join(source, 'keys.sqlite'), join(withKeys, 'keys.sqlite'));
    copyFileSync(`${source}.dev-master-key`, `${withKeys}.dev-master-key`);

    const names = async (dir: string) => {
      await vakregister(['projections', 'rebuild', 'register'], dir);
      const api = await startApi(dir, { now: '2016-05-14T09:00:00Z' });
      try {
        const page = await apiClient(api.baseUrl).get<{ entries: Json[] }>(
          '/v1/register',
          REGISTRAR,
        );
        return page.body.entries.map((entry) => entry.name);
      } finally {
        await api.close();
      }
    };
    expect(await names(withKeys)).toEqual(['Hendrika Exportmans', 'Piet Tweede']);
    expect(await names(withoutKeys)).toEqual(['[gewist]', '[gewist]']);
  }, 120_000);

  it('refuses a malformed line, naming it, and imports nothing', async () => {
    const good = readFileSync(join(root.path, 'first.ndjson'), 'utf8').split('\n');
    const bad = join(root.path, 'bad.ndjson');
    writeFileSync(bad, [...good.slice(0, 3), '{"streamId": "x"', ...good.slice(3)].join('\n'));
    const target = join(root.path, 'bad-target');
    const refused = await vakregister(['import', bad], target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nothing was imported. Line 4: not valid JSON');
    const status = await vakregister(['status', '--json'], target);
    expect(JSON.parse(status.stdout).lastPosition).toBeNull();
  }, 60_000);

  it('refuses a revision gap and a target that is not empty', async () => {
    const good = readFileSync(join(root.path, 'first.ndjson'), 'utf8').split('\n').filter(Boolean);
    const gap = join(root.path, 'gap.ndjson');
    writeFileSync(gap, [...good.slice(0, 2), ...good.slice(3)].join('\n'));
    const gapped = await vakregister(['import', gap], join(root.path, 'gap-target'));
    expect(gapped.code).toBe(1);
    expect(gapped.stderr).toMatch(/Line \d+: stream .* expects revision/);
    const notEmpty = await vakregister(['import', join(root.path, 'first.ndjson')], source);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain('not empty');
  }, 60_000);
});
