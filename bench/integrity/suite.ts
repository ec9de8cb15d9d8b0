import { cpus, loadavg, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { BenchOptions } from '../support/args';
import { formatFigure, renderReport, type ReportRow } from '../support/report';
import type { Suite } from '../support/suite';
import { withTempDir } from '../support/temp-dir';
import { CHUNK, measurePipeline, type PipelineRound, type StepName } from './pipeline';
import { measureKeeperCatchUp } from './keeper';

export const integritySuite: Suite = {
  name: 'integrity',
  description: 'canonicalising, hashing and Merkle tree building against plain SHA-256 calls',
  run: runIntegritySuite,
};

/** The keeper row writes a real log first; a tenth of the events keeps the suite to minutes. */
const KEEPER_SHARE = 10;

type Progress = (message: string) => void;

async function runIntegritySuite(options: BenchOptions): Promise<void> {
  const started = performance.now();
  const progress: Progress = (message) =>
    console.error(
      `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`,
    );
  const n = formatFigure(options.events, '');
  const environment = describeEnvironment(options);

  const rounds: PipelineRound[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    progress(
      `1-2 canonicalise, hash and build the tree of ${n} events, round ${round}/${options.rounds}`,
    );
    const result = measurePipeline(options.events);
    if (!result.roots[0].equals(result.roots[1])) {
      throw new Error('The pipeline and the tree over the canonical bytes reached different roots');
    }
    rounds.push(result);
  }
  const best = (step: StepName) => Math.min(...rounds.map((round) => round.ms[step]));
  const perSecond = (step: StepName) => options.events / (best(step) / 1000);
  const note = (step: StepName) =>
    `${(best(step) / 1000).toFixed(2)} s for ${n} events` +
    (rounds.length > 1
      ? `; rounds ${rounds.map((round) => (round.ms[step] / 1000).toFixed(2)).join(' / ')} s`
      : '');
  const averageBytes = rounds[0].canonicalBytes / rounds[0].events;
  environment.push(
    `Events: ~${Math.round(averageBytes)} B of canonical JSON each (the event-store bench's ` +
      `events), made and parsed untimed in chunks of ${formatFigure(CHUNK, '')}`,
  );

  const rows: ReportRow[] = [
    {
      id: '1a',
      name: `SHA-256 of the canonical bytes, ${n} calls`,
      figure: perSecond('baseline'),
      unit: 'events/s',
      detail: `${note('baseline')}; crypto.hash, binary-string digest`,
    },
    {
      id: '1b',
      name: 'canonicalise + leaf hash + tree append',
      figure: perSecond('pipeline'),
      unit: 'events/s',
      baselineId: '1a',
      target: { atLeast: 0.5, style: 'percent' },
      detail: `${note('pipeline')}; RecordedEvent → JCS → SHA-256(0x00‖bytes) → frontier`,
    },
    {
      id: '2a',
      name: 'of which: canonicalise (JCS) alone',
      figure: perSecond('canonicalise'),
      unit: 'events/s',
      baselineId: '1a',
      ratioStyle: 'percent',
      detail: `${note('canonicalise')}; UTF-8 written into the reused buffer, no copy`,
    },
    {
      id: '2b',
      name: 'of which: leaf hash of the bytes alone',
      figure: perSecond('leafHash'),
      unit: 'events/s',
      baselineId: '1a',
      ratioStyle: 'percent',
      detail: `${note('leafHash')}; the baseline plus the 0x00 prefix`,
    },
    {
      id: '2c',
      name: 'leaf hash + tree append, bytes given',
      figure: perSecond('hashAndTree'),
      unit: 'events/s',
      baselineId: '1a',
      ratioStyle: 'percent',
      detail: `${note('hashAndTree')}; one interior node (SHA-256 of 65 B) per leaf on average`,
    },
    {
      id: '2d',
      name: 'JCS by the canonicalize package, for comparison',
      figure: perSecond('packageCanonicalise'),
      unit: 'events/s',
      baselineId: '2a',
      ratioStyle: 'percent',
      detail: `${note('packageCanonicalise')}; the same text, as a string`,
    },
  ];

  const keeperEvents = Math.max(1, Math.floor(options.events / KEEPER_SHARE));
  await withTempDir(options.dir, 'integrity', async (dir) => {
    progress(`3  keeper catch-up over a SQLite log of ${formatFigure(keeperEvents, '')} events`);
    const run = await measureKeeperCatchUp(dir, keeperEvents);
    rows.push({
      id: '3a',
      name: `IntegrityKeeper catch-up, ${formatFigure(keeperEvents, '')} events`,
      figure: run.events / run.seconds,
      unit: 'events/s',
      baselineId: '1b',
      ratioStyle: 'percent',
      detail:
        `${run.seconds.toFixed(2)} s including readAll and writes; ${run.heads} heads signed; ` +
        `integrity.sqlite ${Math.round(run.bytesPerEvent)} B per event`,
    });
  });

  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(renderReport('Ledger integrity benchmark', environment, rows));
}

function describeEnvironment(options: BenchOptions): string[] {
  const cpuList = cpus();
  const load = loadavg()[0];
  const busy = load > cpuList.length / 2 ? ' (busy: expect noise)' : '';
  return [
    `Node ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl})`,
    `${process.platform} ${release()} ${process.arch}, ${cpuList.length} × ` +
      `${cpuList[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `load average ${load.toFixed(2)} at start${busy}`,
    `Timing: each step timed chunk by chunk in rotating order over the same events; best of ` +
      `${options.rounds} rounds; one thread`,
  ];
}
