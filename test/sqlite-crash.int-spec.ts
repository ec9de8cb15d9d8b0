import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { collect, makeTempDir } from '@vakregister/testing';

const CHILD = join(__dirname, 'fixtures', 'crash-appender.ts');

interface Acknowledged {
  stream: string;
  ids: string[];
  position: string;
}

function readAcknowledged(file: string): Acknowledged[] {
  if (!existsSync(file)) return [];
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      // The kill may cut the last line of the side file: that append was never reported.
      .filter((line) => line.endsWith('}'))
      .map((line) => JSON.parse(line) as Acknowledged)
  );
}

async function runAndKill(dataDir: string, ackFile: string, label: string, minAcks: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, ackFile, label], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const deadline = Date.now() + 20_000;
  while (readAcknowledged(ackFile).length < minAcks && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`appender exited early: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('embedded store after SIGKILL', () => {
  const dir = makeTempDir('crash');
  afterAll(() => dir.remove());

  it('keeps every acknowledged append, gap-free, in a database that passes integrity_check', async () => {
    const ackFile = join(dir.path, 'acknowledged.ndjson');
    for (let round = 0; round < 3; round++) {
      await runAndKill(dir.path, ackFile, `round${round}`, 200 * (round + 1));
    }
    const acknowledged = readAcknowledged(ackFile);
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);

    const check = new Database(eventLogFile(dir.path));
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const store = SqliteEventStore.open(eventLogFile(dir.path));
    try {
      const all = await collect(store.readAll());
      const byId = new Map(all.map((event) => [event.id, event]));
      for (const ack of acknowledged) {
        const events = ack.ids.map((id) => byId.get(id));
        expect(events.every((event) => event?.streamId === ack.stream)).toBe(true);
        expect(events[events.length - 1]!.position.toString()).toBe(ack.position);
      }
      all.forEach((event, index) => expect(event.position).toBe(BigInt(index)));
      const streams = new Map<string, bigint[]>();
      for (const event of all) {
        streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event.revision]);
      }
      for (const revisions of streams.values()) {
        expect(revisions).toEqual(revisions.map((_, index) => BigInt(index)));
      }
    } finally {
      await store.close();
    }
  }, 90_000);

  it('runs the log in WAL mode with synchronous=FULL, which a SIGKILL cannot show', async () => {
    const store = SqliteEventStore.open(eventLogFile(dir.path));
    try {
      // synchronous: 2 = FULL (an acknowledged commit is fsynced to the WAL).
      expect(store.durabilitySettings()).toEqual({ journalMode: 'wal', synchronous: 2 });
    } finally {
      await store.close();
    }
  });
});
