import type Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { ProjectionEngine } from '@vakregister/projections';
import { EVENT_COLUMNS } from '../event-store/raw-sqlite';
import { timeOnce, type Throughput } from '../support/timing';

type RawEventRow = [number, string, number, string, string, string, string, number];

export type RawScan = Throughput & {
  /** Sum over the events read, so that two passes can be checked to have seen the same rows. */
  checksum: number;
};

/**
 * The limit of any rebuild: one ordered scan of the log with both JSON columns parsed, and
 * nothing else (no BigInt positions, no Date, no decoding, no writes).
 */
export async function scanRaw(db: Database.Database): Promise<RawScan> {
  const select = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY position`).raw(true);
  let checksum = 0;
  const result = await timeOnce(() => {
    let count = 0;
    for (const row of select.iterate() as IterableIterator<RawEventRow>) {
      const data = JSON.parse(row[5]) as { professionalId?: string };
      const metadata = JSON.parse(row[6]) as { schemaVersion: number };
      checksum += metadata.schemaVersion + (data.professionalId === undefined ? 0 : 1);
      count++;
    }
    return count;
  });
  return { ...result, checksum };
}

export interface RebuildRun extends Throughput {
  name: string;
  /** Set when the rebuild was stopped at the cap: the figures cover the part it did. */
  stoppedAt?: number;
}

/** Thrown from the progress callback to stop a rebuild that passes its cap. */
class RebuildCapReached extends Error {}

/**
 * One `engine.rebuild(name)` from zero, timed whole (fresh tables, every page, index build and
 * swap), as `vakregister projections rebuild` runs it. The rate counts every event of the log,
 * since the projection reads every one of them, including those it ignores. A rebuild still
 * running after `capSeconds` is stopped between two pages (the engine leaves its live tables
 * alone then) and measured over the events it applied: a projection that turns quadratic must
 * not hold the whole run hostage.
 */
export async function timeRebuild(
  engine: ProjectionEngine,
  name: string,
  events: number,
  capSeconds: number,
  progress: (message: string) => void,
): Promise<RebuildRun> {
  const started = performance.now();
  let nextReport = 0.25;
  let applied = 0;
  let stopped = false;
  const result = await timeOnce(async () => {
    try {
      await engine.rebuild(name, (position, head) => {
        applied = Number(position + 1n);
        const seconds = (performance.now() - started) / 1000;
        if (seconds > capSeconds && applied < events) throw new RebuildCapReached();
        const done = applied / Number(head + 1n);
        if (done < nextReport || done >= 1) return;
        nextReport += 0.25;
        progress(
          `   ${name}: ${Math.round(done * 100)}% after ${seconds.toFixed(1)} s, ` +
            `${Math.round(applied / seconds).toLocaleString('en-US')} events/s`,
        );
      });
      return events;
    } catch (error) {
      if (!(error instanceof RebuildCapReached)) throw error;
      stopped = true;
      progress(`   ${name}: stopped at the ${capSeconds} s cap after ${applied} events`);
      return applied;
    }
  });
  return { ...result, name, ...(stopped ? { stoppedAt: applied } : {}) };
}
