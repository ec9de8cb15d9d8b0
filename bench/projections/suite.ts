import { statSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@vakregister/event-store';
import { Ledger, PlaintextCodec } from '@vakregister/ledger';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDatabase } from '@vakregister/projections';
import betterSqlitePackage from 'better-sqlite3/package.json';
import { filesystemOf } from '../event-store/fsync';
import { openRaw, sqliteVersion } from '../event-store/raw-sqlite';
import type { BenchOptions } from '../support/args';
import { formatFigure, renderReport, type ReportRow } from '../support/report';
import type { Suite } from '../support/suite';
import { withTempDir } from '../support/temp-dir';
import type { Throughput } from '../support/timing';
import { ensureLedger, ledgerCacheDir, type CachedLedger } from './ledger-cache';
import {
  planAuditTrailPages,
  planRegisterQueries,
  timeAuditTrailPages,
  timeRegisterQueries,
  type LatencyRun,
} from './queries';
import { scanRaw, timeRebuild, type RawScan, type RebuildRun } from './rebuild';

export const projectionsSuite: Suite = {
  name: 'projections',
  description:
    'projection rebuilds against a raw scan, register queries and audit-trail pages, on a ' +
    'generated 20-year ledger',
  run: runProjectionsSuite,
};

/** A rebuild must run at this share of the raw scan rate or better, each projection alone. */
const REBUILD_TARGET = 0.4;
/**
 * Wall time for the rebuild section: a repeat round of a rebuild runs only while it fits, so
 * that the suite stays within about five minutes however many projections there are.
 */
const REBUILD_BUDGET_SECONDS = 210;
/** A single rebuild is stopped here and measured over the part it did. */
const REBUILD_CAP_SECONDS = 150;
const QUERIES = 1_000;
const PAGES = 1_000;
/** Run first and thrown away: the JIT, the page cache and SQLite's cache warm up on them. */
const WARM_UP = 100;
const QUERY_P99_MS = 20;
const PAGE_P99_MS = 10;
const PAGE_LIMIT = 100;

type Progress = (message: string) => void;

async function runProjectionsSuite(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const progress: Progress = (message) =>
    console.error(
      `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`,
    );
  const environment = describeEnvironment(options);

  progress(`ledger cache: ${ledgerCacheDir(options.events, options.seed)}`);
  const ledger = await ensureLedger(options.events, options.seed, progress);
  progress(
    ledger.generated
      ? `generated ${ledger.file} in ${ledger.manifest.generationSeconds.toFixed(1)} s`
      : `reusing ${ledger.file}`,
  );
  environment.push(...describeLedger(ledger));
  const measuring = performance.now();

  const rows: ReportRow[] = [];
  await withTempDir(options.dir, 'projections', async (dir) => {
    environment.push(
      `Read models: fresh database in ${options.dir} (${filesystemOf(dir)}), ` +
        'synchronous=NORMAL as the API opens it',
    );
    const store = SqliteEventStore.open(ledger.file);
    const logDb = openRaw(ledger.file, 'FULL');
    const readModels = openReadModelDatabase(dir);
    try {
      const domain = new Ledger(store, new PlaintextCodec());
      const engine = new ProjectionEngine(
        store,
        readModels,
        ALL_PROJECTIONS,
        (event) => domain.toDomain(event),
        { log: () => undefined, error: (message) => console.error(message) },
      );
      const rebuilt = await measureRebuilds(engine, logDb, ledger, options, progress);
      rows.push(...rebuilt.rows);
      if (rebuilt.registerBuilt) {
        rows.push(...measureRegisterQueries(readModels, logDb, ledger, options, progress));
      } else {
        environment.push('Register queries skipped: no rebuild of the register completed');
      }

      progress(
        `3  ${PAGES} audit-trail pages of ${PAGE_LIMIT} events (after ${WARM_UP} to warm up)`,
      );
      await timeAuditTrailPages(
        domain,
        planAuditTrailPages(logDb, WARM_UP, options.seed + 3),
        PAGE_LIMIT,
      );
      const pages = await timeAuditTrailPages(
        domain,
        planAuditTrailPages(logDb, PAGES, options.seed + 4),
        PAGE_LIMIT,
      );
      rows.push(
        ...latencyRows('3', 'audit-trail page', pages, PAGE_P99_MS, [
          `${PAGES} pages as ProfessionalHistoryController builds them: readStream(from a ` +
            `random revision, ${PAGE_LIMIT + 1} events) + toDomain + describeEvent; random ` +
            `professionals; ${pages.meanRows.toFixed(1)} events per page on average`,
          `slowest: ${pages.slowest.map((sample) => `${sample.ms.toFixed(1)} ms ${sample.what}`).join('; ')}`,
        ]),
      );
    } finally {
      readModels.close();
      logDb.close();
      await store.close();
    }
  });

  // Other processes on the machine move every figure here; the load says how much to trust them.
  environment.push(
    `Load average ${loadavg()[0].toFixed(2)} at the end; ${cpus().length} CPUs. ` +
      `Measured in ${((performance.now() - measuring) / 1000).toFixed(0)} s, ledger excluded`,
  );
  progress(
    `done in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
      `(${((performance.now() - measuring) / 1000).toFixed(0)} s without the ledger)`,
  );
  console.log(renderReport('Projections benchmark', environment, rows));
}

/** Section 2: register pages with random valid and record times, on the rebuilt register. */
function measureRegisterQueries(
  readModels: ReturnType<typeof openReadModelDatabase>,
  logDb: ReturnType<typeof openRaw>,
  ledger: CachedLedger,
  options: BenchOptions,
  progress: Progress,
): ReportRow[] {
  const lastPosition = Number(ledger.manifest.lastPosition);
  const warmUpQueries = planRegisterQueries(logDb, WARM_UP, options.seed + 1, lastPosition);
  const plan = planRegisterQueries(logDb, QUERIES, options.seed + 2, lastPosition);
  progress(`2  ${QUERIES} register queries (after ${WARM_UP} to warm up)`);
  timeRegisterQueries(readModels, warmUpQueries.queries);
  const queries = timeRegisterQueries(readModels, plan.queries);
  const mix = plan.mix;
  return latencyRows('2', 'register query', queries, QUERY_P99_MS, [
    `${QUERIES} RegisterQueries.list() calls, limit 50: ${mix.asOfOnly} asOf only, ` +
      `${mix.knownAtOnly} knownAt only (asOf = its date, as the controller does), ` +
      `${mix.both} both; ${mix.municipality} for one municipality; ` +
      `${queries.meanRows.toFixed(1)} entries per page on average`,
    `slowest: ${queries.slowest.map((sample) => `${sample.ms.toFixed(1)} ms ${sample.what}`).join('; ')}`,
  ]);
}

/**
 * Raw scan and every projection's rebuild, in turns, up to `rounds` times: each round scans,
 * then rebuilds each projection one after the other as `vakregister projections rebuild` does.
 * A repeat of a rebuild is skipped when it would not fit the section's budget.
 */
async function measureRebuilds(
  engine: ProjectionEngine,
  logDb: ReturnType<typeof openRaw>,
  ledger: CachedLedger,
  options: BenchOptions,
  progress: Progress,
): Promise<{ rows: ReportRow[]; registerBuilt: boolean }> {
  const events = ledger.manifest.events;
  const n = formatFigure(events, 'events');
  const names = engine.names();
  const scans: RawScan[] = [];
  const rebuilds = new Map<string, RebuildRun[]>(names.map((name) => [name, []]));
  const skipped = new Set<string>();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  for (let round = 1; round <= options.rounds; round++) {
    progress(`1a raw SELECT + JSON.parse of ${n} events, round ${round}/${options.rounds}`);
    scans.push(await scanRaw(logDb));
    for (const name of names) {
      const runs = rebuilds.get(name) ?? [];
      const previous = runs[runs.length - 1];
      if (previous?.stoppedAt !== undefined) continue;
      if (previous && elapsed() + previous.seconds > REBUILD_BUDGET_SECONDS) {
        skipped.add(name);
        continue;
      }
      progress(`1  rebuild ${name} from ${n} events, round ${round}/${options.rounds}`);
      runs.push(await timeRebuild(engine, name, events, REBUILD_CAP_SECONDS, progress));
      rebuilds.set(name, runs);
    }
  }
  for (const scan of scans) {
    if (scan.operations !== events || scan.checksum !== scans[0].checksum) {
      throw new Error(`A raw scan saw ${scan.operations} events; the ledger has ${events}`);
    }
  }

  const raw = fastest(scans);
  const rows: ReportRow[] = [
    {
      id: '1a',
      name: `raw SELECT + JSON.parse, ${n} events`,
      figure: raw.perSecond,
      unit: 'events/s',
      detail:
        `${raw.seconds.toFixed(2)} s per pass: the limit of a rebuild, which must read and ` +
        `parse every event${roundsNote(scans)}`,
    },
  ];
  let bestSeconds = 0;
  let applied = 0;
  names.forEach((name, index) => {
    const runs = rebuilds.get(name) ?? [];
    const best = fastest(runs);
    bestSeconds += best.seconds;
    applied += best.operations;
    const stopped =
      best.stoppedAt === undefined
        ? ''
        : `; STOPPED at the ${REBUILD_CAP_SECONDS} s cap after ` +
          `${formatFigure(best.stoppedAt, 'events')} events: the rate of the part done`;
    const repeat = skipped.has(name)
      ? `; ${runs.length} of ${options.rounds} rounds (another would pass the ` +
        `${REBUILD_BUDGET_SECONDS} s budget of this section)`
      : '';
    rows.push({
      id: `1${String.fromCharCode(98 + index)}`,
      name: `rebuild ${name}, ${n} events`,
      figure: best.perSecond,
      unit: 'events/s',
      baselineId: '1a',
      target: { atLeast: REBUILD_TARGET, style: 'percent' },
      detail:
        `engine.rebuild('${name}') from zero into fresh tables, indexes and swap included: ` +
        `${best.seconds.toFixed(2)} s${roundsNote(runs)}${repeat}${stopped}`,
    });
  });
  const partly = applied < events * names.length ? ' (stopped rebuilds count what they did)' : '';
  rows.push({
    id: `1${String.fromCharCode(98 + names.length)}`,
    name: `all ${names.length} projections, events × projections`,
    figure: applied / bestSeconds,
    unit: 'events/s',
    baselineId: '1a',
    ratioStyle: 'percent',
    detail:
      `${names.join(' + ')}, one after the other: ${bestSeconds.toFixed(2)} s (the best run ` +
      `of each) for ${applied.toLocaleString('en-US')} events applied${partly}; no target: ` +
      `the ${Math.round(REBUILD_TARGET * 100)}% target applies to each projection's own ` +
      'rebuild above',
  });
  const register = rebuilds.get('register') ?? [];
  return { rows, registerBuilt: register.some((run) => run.stoppedAt === undefined) };
}

/** p50, p99 and the budget row that turns "p99 < limit" into a ratio the report can judge. */
function latencyRows(
  section: string,
  what: string,
  run: LatencyRun,
  limitMs: number,
  details: string[],
): ReportRow[] {
  return [
    {
      id: `${section}a`,
      name: `${what}, p50`,
      figure: run.latency.p50Ms,
      unit: 'ms',
      detail: details[0],
    },
    {
      id: `${section}b`,
      name: `${what}, p99`,
      figure: run.latency.p99Ms,
      unit: 'ms',
      detail: details[1],
    },
    {
      id: `${section}c`,
      name: `${what}, p99 budget ${limitMs} ms ÷ p99`,
      figure: limitMs,
      unit: 'ms',
      baselineId: `${section}b`,
      target: { atLeast: 1, style: 'times' },
      detail: `target p99 < ${limitMs} ms: met when the budget is at least the p99 (ratio ≥ 1)`,
    },
  ];
}

function describeEnvironment(options: BenchOptions): string[] {
  const cpuList = cpus();
  const load = loadavg()[0];
  const busy = load > cpuList.length / 2 ? ' (busy: expect noise)' : '';
  return [
    `Node ${process.version} (V8 ${process.versions.v8}), ` +
      `better-sqlite3 ${betterSqlitePackage.version}, SQLite ${sqliteVersion()}`,
    `${process.platform} ${release()} ${process.arch}, ${cpuList.length} × ` +
      `${cpuList[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `load average ${load.toFixed(2)} at start${busy}`,
    `Timing: rebuilds and raw scans timed whole, best of up to ${options.rounds} interleaved ` +
      `rounds within ${REBUILD_BUDGET_SECONDS} s (a rebuild stops at ${REBUILD_CAP_SECONDS} s); ` +
      `queries and pages timed one by one after ${WARM_UP} warm-up calls`,
  ];
}

function describeLedger(ledger: CachedLedger): string[] {
  const { manifest } = ledger;
  const { stats } = manifest;
  const megabytes = statSync(ledger.file).size / 2 ** 20;
  const provenance = ledger.generated
    ? `generated by this run in ${manifest.generationSeconds.toFixed(1)} s`
    : `cached, generated in ${manifest.generationSeconds.toFixed(1)} s on ` +
      manifest.generatedAt.slice(0, 10);
  const mix = Object.entries(stats.eventsByType)
    .sort((a, b) => b[1] - a[1])
    .map(([type, count]) => `${type} ${count.toLocaleString('en-US')}`);
  const refused = Object.entries(stats.refused).map(([key, count]) => `${key} ${count}`);
  return [
    `Ledger: ${ledger.file} (${megabytes.toFixed(0)} MiB), ${provenance}; reused while ` +
      'complete, delete its directory to regenerate',
    `  ${manifest.events.toLocaleString('en-US')} events, ` +
      `${manifest.professionals.toLocaleString('en-US')} professionals, seed ${manifest.seed}, ` +
      `recorded ${stats.firstRecordedAt.slice(0, 10)} … ${stats.lastRecordedAt.slice(0, 10)}:`,
    ...wrap(mix, 100, '  '),
    ...(refused.length > 0
      ? ['  Commands the deciders refused (not recorded, as the API answers 4xx):']
      : []),
    ...wrap(refused, 100, '    '),
  ];
}

/** Comma-separated items in lines of at most `width` columns (an item longer stays whole). */
function wrap(items: string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  items.forEach((item, index) => {
    const text = index < items.length - 1 ? `${item},` : item;
    if (line !== '' && indent.length + line.length + 1 + text.length > width) {
      lines.push(indent + line);
      line = text;
    } else {
      line = line === '' ? text : `${line} ${text}`;
    }
  });
  if (line !== '') lines.push(indent + line);
  return lines;
}

function fastest<T extends Throughput>(runs: T[]): T {
  return runs.reduce((best, run) => (run.perSecond > best.perSecond ? run : best));
}

/** Every round's figure, so that a reader sees how much the machine's noise moved them. */
function roundsNote(runs: Throughput[]): string {
  if (runs.length < 2) return '';
  return `; rounds ${runs.map((run) => formatFigure(run.perSecond, '')).join(' / ')}`;
}
