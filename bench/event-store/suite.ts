import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import betterSqlitePackage from 'better-sqlite3/package.json';
import type { BenchOptions } from '../support/args';
import { formatFigure, formatRatio, renderReport, type ReportRow } from '../support/report';
import type { Suite } from '../support/suite';
import { withTempDir } from '../support/temp-dir';
import { timeBudget, type LatencySummary, type Throughput } from '../support/timing';
import { assertDurable, measureStoreAppends, scanStore } from './embedded-store';
import type { ScanResult } from './events';
import { fillEventLog } from './fill';
import { filesystemOf, measureFsync } from './fsync';
import { measureRawInserts, openRaw, scanRaw, sqliteVersion } from './raw-sqlite';

export const eventStoreSuite: Suite = {
  name: 'event-store',
  description: 'the embedded SQLite event store against raw better-sqlite3 on the same disk',
  run: runEventStoreSuite,
};

const CONCURRENT_WRITERS = 64;
const RAW_BATCH = 1_000;
const STORE_BATCH = 100;
/** Small logs read in milliseconds; more passes then cost little and steady the figure. */
const MAX_READ_PASSES = 10;

type Progress = (message: string) => void;

interface WriteSpec extends Omit<ReportRow, 'figure' | 'detail'> {
  /** What one latency sample is. */
  step: string;
  /** A second row to compare with in the details, where the baseline alone would mislead. */
  alsoVersus?: string;
  run(file: string): Promise<Throughput>;
}

async function runEventStoreSuite(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const progress: Progress = (message) =>
    console.error(
      `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`,
    );
  const rows: ReportRow[] = [];
  const environment = describeEnvironment(options);

  await withTempDir(options.dir, 'event-store', async (dir) => {
    const filesystem = filesystemOf(dir);
    environment.push(`Disk: ${options.dir} (${filesystem})`);
    if (filesystem === 'tmpfs') {
      environment.push('WARNING: tmpfs makes fsync free, so the write figures mean nothing here');
    }
    // Measured first, while the disk is quiet.
    progress('4  fsync latency of 4 KiB writes');
    const fsync = measureFsync(dir);
    rows.push(...(await measureWrites(dir, options, progress)));
    rows.push(...(await measureReads(dir, options, progress, environment)));
    rows.push(
      {
        id: '4a',
        name: 'fsync of a 4 KiB write, median',
        figure: fsync.p50Ms,
        unit: 'ms',
        detail:
          `${fsync.samples} runs: at most ${formatFigure(1000 / fsync.p50Ms, '')} commits/s ` +
          'at synchronous=FULL, the ceiling of 1a',
      },
      { id: '4b', name: 'fsync of a 4 KiB write, p99', figure: fsync.p99Ms, unit: 'ms' },
    );
  });

  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(renderReport('Event store benchmark', environment, rows));
}

async function measureWrites(
  dir: string,
  options: BenchOptions,
  progress: Progress,
): Promise<ReportRow[]> {
  const budget = timeBudget(options.seconds);
  // Each store measurement runs right after its baseline, so that both see the same load.
  const specs: WriteSpec[] = [
    {
      id: '1a',
      name: 'raw insert, 1 row per transaction',
      unit: 'events/s',
      step: 'commit',
      run: (file) => measureRawInserts(file, 1, budget),
    },
    {
      id: '2a',
      name: 'store append ×1, 1 writer',
      unit: 'events/s',
      baselineId: '1a',
      step: 'append',
      run: (file) => measureStoreAppends(file, { writers: 1, eventsPerAppend: 1 }, budget),
    },
    {
      id: '2b',
      name: `store append ×1, ${CONCURRENT_WRITERS} writers`,
      unit: 'events/s',
      baselineId: '1a',
      target: { atLeast: 2, style: 'times' },
      step: 'append',
      run: (file) =>
        measureStoreAppends(file, { writers: CONCURRENT_WRITERS, eventsPerAppend: 1 }, budget),
    },
    {
      id: '1b',
      name: `raw insert, ${formatFigure(RAW_BATCH, '')} rows per transaction`,
      unit: 'events/s',
      step: 'commit',
      run: (file) => measureRawInserts(file, RAW_BATCH, budget),
    },
    {
      id: '1c',
      name: `raw insert, ${STORE_BATCH} rows per transaction`,
      unit: 'events/s',
      baselineId: '1b',
      ratioStyle: 'percent',
      step: 'commit',
      run: (file) => measureRawInserts(file, STORE_BATCH, budget),
    },
    {
      id: '2c',
      name: `store append ×${STORE_BATCH}, 1 writer`,
      unit: 'events/s',
      baselineId: '1b',
      target: { atLeast: 0.7, style: 'percent' },
      step: `append of ${STORE_BATCH}`,
      // 1b commits ten times as many events per fsync as one append of 2c: 1c shows how much
      // of the gap is that, and how much is the store.
      alsoVersus: '1c',
      run: (file) =>
        measureStoreAppends(file, { writers: 1, eventsPerAppend: STORE_BATCH }, budget),
    },
  ];

  const results = new Map<string, Throughput[]>(specs.map((spec) => [spec.id, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const spec of specs) {
      progress(`${spec.id} ${spec.name}, round ${round}/${options.rounds}`);
      // A fresh log each time, so that no measurement inherits another's table size or cache.
      const file = eventLogFile(join(dir, `${spec.id}-${round}`));
      mkdirSync(dirname(file), { recursive: true });
      try {
        results.get(spec.id)?.push(await spec.run(file));
      } finally {
        rmSync(dirname(file), { recursive: true, force: true });
      }
    }
  }

  const best = new Map([...results].map(([id, runs]) => [id, fastest(runs)]));
  return [...specs]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ run: _run, step, alsoVersus, ...row }) => {
      const runs = results.get(row.id) ?? [];
      const figure = fastest(runs).perSecond;
      const other = alsoVersus === undefined ? undefined : best.get(alsoVersus);
      const versus = other
        ? `; ${formatRatio(figure / other.perSecond, 'percent')} of ${alsoVersus}`
        : '';
      return {
        ...row,
        figure,
        detail: `${latency(fastest(runs).latency)} per ${step}${versus}${roundsNote(runs)}`,
      };
    });
}

async function measureReads(
  dir: string,
  options: BenchOptions,
  progress: Progress,
  environment: string[],
): Promise<ReportRow[]> {
  const n = formatFigure(options.events, 'events');
  const file = eventLogFile(join(dir, 'read'));
  progress(`3  filling a log of ${n} events`);
  let reported = 0;
  const filled = await fillEventLog(file, options.events, (written) => {
    if (written - reported < 250_000) return;
    reported = written;
    progress(`   ${formatFigure(written, 'events')} written`);
  });
  environment.push(
    `Read log: ${n} events in ${formatFigure(filled.streams, '')} streams, ` +
      `filled in ${filled.seconds.toFixed(1)} s`,
  );

  const raw = openRaw(file, 'FULL');
  const store = SqliteEventStore.open(file);
  const rawReads: ScanResult[] = [];
  const storeReads: ScanResult[] = [];
  try {
    assertDurable(store);
    const spent = () => rawReads.reduce((sum, read) => sum + read.seconds, 0);
    // Raw and store take turns, so that neither alone pays for a cold cache or a noisy moment.
    while (
      rawReads.length < options.rounds ||
      (rawReads.length < MAX_READ_PASSES && spent() < options.seconds)
    ) {
      const pass = rawReads.length + 1;
      progress(`3a raw SELECT + JSON.parse of ${n} rows, pass ${pass}`);
      rawReads.push(await scanRaw(raw));
      progress(`3b store readAll() of ${n} events, pass ${pass}`);
      storeReads.push(await scanStore(store));
    }
  } finally {
    raw.close();
    await store.close();
  }
  for (const read of [...rawReads, ...storeReads]) {
    if (read.operations !== options.events || read.checksum !== rawReads[0].checksum) {
      throw new Error(
        `A full read saw ${read.operations} events (checksum ${read.checksum}); ` +
          `expected ${options.events} (checksum ${rawReads[0].checksum})`,
      );
    }
  }

  const rawRead = fastest(rawReads);
  const storeRead = fastest(storeReads);
  return [
    {
      id: '3a',
      name: `raw SELECT + JSON.parse, ${n} rows`,
      figure: rawRead.perSecond,
      unit: 'events/s',
      detail: `${rawRead.seconds.toFixed(2)} s per pass${roundsNote(rawReads)}`,
    },
    {
      id: '3b',
      name: `store readAll(), ${n} events`,
      figure: storeRead.perSecond,
      unit: 'events/s',
      baselineId: '3a',
      target: { atLeast: 0.6, style: 'percent' },
      detail: `${storeRead.seconds.toFixed(2)} s per pass${roundsNote(storeReads)}`,
    },
  ];
}

function describeEnvironment(options: BenchOptions): string[] {
  const cpuList = cpus();
  const load = loadavg()[0];
  const busy = load > cpuList.length / 2 ? ' (busy: expect noise)' : '';
  const warmUp = timeBudget(options.seconds).warmUpSeconds.toFixed(1);
  return [
    `Node ${process.version} (V8 ${process.versions.v8}), ` +
      `better-sqlite3 ${betterSqlitePackage.version}, SQLite ${sqliteVersion()}`,
    `${process.platform} ${release()} ${process.arch}, ${cpuList.length} × ` +
      `${cpuList[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `load average ${load.toFixed(2)} at start${busy}`,
    `Timing: ${options.seconds} s per write measurement after ${warmUp} s of warm-up, full ` +
      `reads timed whole; best of ${options.rounds} interleaved rounds`,
    'Raw and store alike: WAL, synchronous=FULL, cache_size 64 MiB, the schema of the store; ' +
      'events of ~500 B JSON data + testEvent metadata',
  ];
}

function fastest<T extends Throughput>(runs: T[]): T {
  return runs.reduce((best, run) => (run.perSecond > best.perSecond ? run : best));
}

function latency(summary: LatencySummary): string {
  return `p50 ${summary.p50Ms.toFixed(3)} ms, p99 ${summary.p99Ms.toFixed(3)} ms`;
}

/** Every round's figure, so that a reader sees how much the machine's noise moved them. */
function roundsNote(runs: Throughput[]): string {
  if (runs.length < 2) return '';
  return `; rounds ${runs.map((run) => formatFigure(run.perSecond, '')).join(' / ')}`;
}
