import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

export interface Throughput {
  /** Units of work completed: rows or events. */
  operations: number;
  seconds: number;
  perSecond: number;
  /** Latency of one step: a transaction, an append call, a write+fsync. */
  latency: LatencySummary;
}

export interface TimeBudget {
  seconds: number;
  /** Run first and thrown away, so that the JIT and SQLite's cache are warm when timing starts. */
  warmUpSeconds: number;
}

export function timeBudget(seconds: number): TimeBudget {
  return { seconds, warmUpSeconds: Math.min(1, seconds * 0.2) };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sortedAscending: ArrayLike<number>, fraction: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sortedAscending.length) - 1;
  return sortedAscending[Math.min(sortedAscending.length - 1, Math.max(0, rank))];
}

export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  return {
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    samples: sorted.length,
  };
}

/** Runs `step` (which returns how many operations it completed) back to back for `seconds`. */
export function runSyncFor(seconds: number, step: () => number): Throughput {
  const latencies: number[] = [];
  let operations = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let before = start;
  while (before < deadline) {
    operations += step();
    const after = performance.now();
    latencies.push(after - before);
    before = after;
  }
  return throughput(operations, before - start, latencies);
}

export function measureSync(budget: TimeBudget, step: () => number): Throughput {
  runSyncFor(budget.warmUpSeconds, step);
  return runSyncFor(budget.seconds, step);
}

/**
 * Runs `workers` loops of `step` concurrently for `seconds`. Steps in flight at the deadline
 * finish and count, and so does the time they take.
 */
export async function runConcurrentFor(
  seconds: number,
  workers: number,
  step: (worker: number) => Promise<number>,
): Promise<Throughput> {
  const latencies: number[] = [];
  let operations = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      let before = performance.now();
      while (before < deadline) {
        // Not `operations += await ...`: that reads the total before awaiting and loses the
        // other workers' counts.
        const done = await step(worker);
        operations += done;
        const after = performance.now();
        latencies.push(after - before);
        before = after;
      }
    }),
  );
  return throughput(operations, performance.now() - start, latencies);
}

export async function measureConcurrent(
  budget: TimeBudget,
  workers: number,
  step: (worker: number) => Promise<number>,
): Promise<Throughput> {
  await runConcurrentFor(budget.warmUpSeconds, workers, step);
  return runConcurrentFor(budget.seconds, workers, step);
}

/** Times one run of `work` that processes a known number of operations. */
export async function timeOnce(work: () => Promise<number> | number): Promise<Throughput> {
  const start = performance.now();
  const operations = await work();
  const elapsedMs = performance.now() - start;
  return throughput(operations, elapsedMs, [elapsedMs]);
}

function throughput(operations: number, elapsedMs: number, latencies: number[]): Throughput {
  const seconds = elapsedMs / 1000;
  return {
    operations,
    seconds,
    perSecond: operations / seconds,
    latency: summarizeLatencies(latencies),
  };
}
