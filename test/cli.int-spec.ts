import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { makeTempDir, testEvent } from '@vakregister/testing';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'apps', 'cli', 'src', 'main.ts');

function vakregister(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', ...env },
  });
}

describe('vakregister CLI', () => {
  const dir = makeTempDir('cli');
  afterAll(() => dir.remove());

  it('reports the embedded store of the configured data directory', async () => {
    const store = SqliteEventStore.open(eventLogFile(dir.path));
    await store.appendToStream('cli-status', [testEvent(), testEvent(), testEvent()], {
      expectedRevision: 'no_stream',
    });
    await store.close();

    const { stdout } = await vakregister(['status', '--json'], { VAKREGISTER_DATA_DIR: dir.path });
    expect(JSON.parse(stdout)).toEqual({
      status: 'up',
      adapter: 'sqlite',
      location: dir.path,
      lastPosition: '2',
    });
  }, 30_000);

  it('refuses a bad configuration value, naming the variable', async () => {
    const failure = await vakregister(['status'], { PORT: 'eighty' }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(78);
    expect(failure?.stderr).toContain('PORT');
  }, 30_000);
});
