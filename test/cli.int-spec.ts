import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { makeTempDir, testEvent } from '@vakregister/testing';
import { runCli } from './support/run-cli';

describe('vakregister CLI', () => {
  const dir = makeTempDir('cli');
  afterAll(() => dir.remove());

  it('reports the embedded store of the configured data directory', async () => {
    const store = SqliteEventStore.open(eventLogFile(dir.path));
    await store.appendToStream('cli-status', [testEvent(), testEvent(), testEvent()], {
      expectedRevision: 'no_stream',
    });
    await store.close();

    const { code, stdout } = await runCli(['status', '--json'], {
      VAKREGISTER_DATA_DIR: dir.path,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      status: 'up',
      adapter: 'sqlite',
      location: dir.path,
      lastPosition: '2',
    });
  }, 30_000);

  it('refuses a bad configuration value, naming the variable', async () => {
    const { code, stderr } = await runCli(['status'], { PORT: 'eighty' });
    expect(code).toBe(78);
    expect(stderr).toContain('PORT');
  }, 30_000);

  it('exits non-zero with a plain message when a command fails unexpectedly', async () => {
    const out = join(dir.path, 'no-such-directory', 'ledger.ndjson');
    const { code, stderr } = await runCli(['export', '--out', out], {
      VAKREGISTER_DATA_DIR: dir.path,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('ENOENT');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('leaves the data directory alone for a command that does not use the ledger', async () => {
    const untouched = join(dir.path, 'not-created');
    const out = join(dir.path, 'pilot.ndjson');
    const { code } = await runCli(
      ['pilot', 'generate', '--professionals', '25', '--years', '1', '--out', out],
      { VAKREGISTER_DATA_DIR: untouched },
    );
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(untouched)).toBe(false);
  }, 60_000);
});
