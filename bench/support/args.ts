import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Measured duration of each time-bounded measurement (after its warm-up). */
  seconds: number;
  /** Size of the log that the full-read measurement scans. */
  events: number;
  /**
   * Times each measurement is repeated, interleaved with its baseline; the best round counts,
   * since interference from other processes only ever slows a round down.
   */
  rounds: number;
  /** Seconds of load per HTTP measurement of the api suite. */
  apiSeconds: number;
  /** Parent of the temp dir: the disk whose fsync the write figures depend on. */
  dir: string;
  /** Seed of generated data (the projections suite's ledger): the same seed, the same events. */
  seed: number;
}

export interface BenchCommand {
  /** Suites to run, in the order given; empty means all. */
  suites: string[];
  options: BenchOptions;
  help: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  seconds: 3,
  events: 1_000_000,
  rounds: 2,
  apiSeconds: 20,
  dir: tmpdir(),
  seed: 1,
};

export function usage(suiteNames: readonly string[]): string {
  const d = DEFAULT_OPTIONS;
  return [
    'Usage: npm run bench -- [suite] [--seconds S] [--events N] [--rounds R] [--api-seconds S] [--dir PATH]',
    '                        [--seed N]',
    '',
    `  suite         one of: ${suiteNames.join(', ')} (default: all)`,
    `  --seconds S   measured seconds per write measurement (default ${d.seconds})`,
    `  --events N    events in the log read by readAll(), and in the projections suite's`,
    `                generated ledger (default ${d.events})`,
    `  --rounds R    times each measurement runs; the best run counts (default ${d.rounds})`,
    '  --dir PATH    where the temp dir goes (default: the system temp dir); pick the disk',
    '                you care about, since the write figures are bound by its fsync',
    `  --seed N      seed of the projections suite's generated ledger (default ${d.seed}); it is`,
    '                cached in ~/.cache/vakregister-bench per (events, seed)',
    '',
    'BENCH_API_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" passes Node flags to the api suite\'s server.',
    '',
    // npm swallows flags placed before `--`, silently running the defaults.
    'Note the `--` after `npm run bench`: without it npm keeps the flags for itself.',
  ].join('\n');
}

export function parseBenchArgs(
  argv: readonly string[],
  suiteNames: readonly string[],
): BenchCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      seconds: { type: 'string' },
      events: { type: 'string' },
      rounds: { type: 'string' },
      'api-seconds': { type: 'string' },
      dir: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  for (const name of positionals) {
    if (!suiteNames.includes(name)) throw new Error(`Unknown suite "${name}"`);
  }
  return {
    suites: positionals,
    help: values.help ?? false,
    options: {
      seconds: positiveNumber('--seconds', values.seconds, DEFAULT_OPTIONS.seconds),
      events: positiveInteger('--events', values.events, DEFAULT_OPTIONS.events),
      rounds: positiveInteger('--rounds', values.rounds, DEFAULT_OPTIONS.rounds),
      apiSeconds: positiveInteger(
        '--api-seconds',
        values['api-seconds'],
        DEFAULT_OPTIONS.apiSeconds,
      ),
      dir: values.dir ?? DEFAULT_OPTIONS.dir,
      seed: nonNegativeInteger('--seed', values.seed, DEFAULT_OPTIONS.seed),
    },
  };
}

function positiveNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`);
  return value;
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  // Accept 1_000_000 and 1e6 as typed on a command line.
  const value = positiveNumber(flag, text?.replace(/_/g, ''), fallback);
  if (!Number.isSafeInteger(value)) throw new Error(`${flag} needs a positive integer`);
  return value;
}

function nonNegativeInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  // The seed is a 32-bit PRNG seed.
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`${flag} needs an integer from 0 to ${0xffffffff}`);
  }
  return value;
}
