import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { IntegrityKeeper, SigningKey, integrityFile } from '@vakregister/ledger-integrity';
import { fillEventLog } from '../event-store/fill';

export interface KeeperRun {
  events: number;
  seconds: number;
  heads: number;
  /** integrity.sqlite (with its WAL) per event. */
  bytesPerEvent: number;
}

/**
 * The keeper as the API runs it: a log of `count` events written beforehand, then a cold start
 * that catches up (batches of 500, one signed head each, SQLite writes included).
 */
export async function measureKeeperCatchUp(dir: string, count: number): Promise<KeeperRun> {
  const dataDir = join(dir, 'keeper');
  await fillEventLog(eventLogFile(dataDir), count);
  const store = SqliteEventStore.open(eventLogFile(dataDir));
  const keeper = IntegrityKeeper.open(store, dataDir, SigningKey.generate());
  try {
    const start = performance.now();
    await keeper.start();
    if (!(await keeper.waitFor(BigInt(count - 1), 3_600_000))) {
      throw new Error('The keeper did not catch up');
    }
    const seconds = (performance.now() - start) / 1000;
    const heads = keeper.checkpoints({ limit: 1000 }).length;
    await keeper.close();
    const file = integrityFile(dataDir);
    const size = statSync(file).size + sizeIfExists(`${file}-wal`);
    return { events: count, seconds, heads, bytesPerEvent: size / count };
  } finally {
    await keeper.close();
    await store.close();
  }
}

function sizeIfExists(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
