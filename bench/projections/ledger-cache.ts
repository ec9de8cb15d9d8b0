import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { Ledger, PlaintextCodec } from '@vakregister/ledger';
import { StoreWriter, simulateLedger, type SimulationStats } from '@vakregister/pilot';

/**
 * Bump when the simulation changes what it writes for a seed, so that a cached ledger of an
 * older generator is regenerated instead of silently measured.
 */
const GENERATOR_VERSION = 1;

/** Events per professional over the twenty years, measured on generated ledgers (seed 1). */
const EVENTS_PER_PROFESSIONAL = 200;

export interface LedgerManifest {
  generator: number;
  seed: number;
  targetEvents: number;
  professionals: number;
  events: number;
  lastPosition: string;
  generatedAt: string;
  generationSeconds: number;
  stats: SimulationStats;
}

export interface CachedLedger {
  dir: string;
  file: string;
  manifest: LedgerManifest;
  /** Whether this run generated it (false: reused from the cache). */
  generated: boolean;
}

/** The cache lives outside the repository: a million events are about a gigabyte. */
export function ledgerCacheDir(targetEvents: number, seed: number): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'vakregister-bench', `ledger-${targetEvents}-${seed}`);
}

/**
 * The generated ledger for (events, seed): reused when a complete one is cached, generated
 * otherwise. Generation writes into a scratch directory that is renamed into place only after
 * the store is closed and checked, so that an interrupted run never leaves a ledger that looks
 * complete.
 */
export async function ensureLedger(
  targetEvents: number,
  seed: number,
  progress: (message: string) => void,
): Promise<CachedLedger> {
  const dir = ledgerCacheDir(targetEvents, seed);
  const cached = readManifest(dir);
  if (cached && cached.generator === GENERATOR_VERSION && (await isComplete(dir, cached))) {
    return { dir, file: eventLogFile(dir), manifest: cached, generated: false };
  }
  if (existsSync(dir)) {
    progress(`discarding ${dir}: incomplete or written by another generator version`);
    rmSync(dir, { recursive: true, force: true });
  }
  removeAbandonedScratch(dir);
  const scratch = `${dir}.partial-${process.pid}`;
  mkdirSync(scratch, { recursive: true });
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch);
  try {
    const manifest = await generate(scratch, targetEvents, seed, progress);
    writeFileSync(join(scratch, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(scratch, dir);
    return { dir, file: eventLogFile(dir), manifest, generated: true };
  } finally {
    process.removeListener('exit', removeScratch);
    removeScratch();
  }
}

/** Scratch directories of generations that were killed (a signal skips the exit handler). */
function removeAbandonedScratch(dir: string): void {
  const prefix = `${basename(dir)}.partial-`;
  const parent = dirname(dir);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid !== process.pid && !isAlive(pid))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readManifest(dir: string): LedgerManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as LedgerManifest;
  } catch {
    return undefined;
  }
}

async function isComplete(dir: string, manifest: LedgerManifest): Promise<boolean> {
  if (!existsSync(eventLogFile(dir))) return false;
  const store = SqliteEventStore.open(eventLogFile(dir));
  try {
    const health = await store.health();
    return health.lastPosition?.toString() === manifest.lastPosition;
  } finally {
    await store.close();
  }
}

async function generate(
  dir: string,
  targetEvents: number,
  seed: number,
  progress: (message: string) => void,
): Promise<LedgerManifest> {
  const started = performance.now();
  const professionals = Math.max(10, Math.round(targetEvents / EVENTS_PER_PROFESSIONAL));
  progress(
    `generating ~${targetEvents.toLocaleString('en-US')} events: ` +
      `${professionals.toLocaleString('en-US')} professionals over 2016–2035, seed ${seed}`,
  );
  const store = SqliteEventStore.open(eventLogFile(dir));
  let stats: SimulationStats;
  let lastPosition: bigint | undefined;
  try {
    const writer = new StoreWriter(new Ledger(store, new PlaintextCodec()));
    let reported = 0;
    stats = await simulateLedger(
      {
        professionals,
        seed,
        onMonth: (month, sofar) => {
          if (sofar.events - reported < Math.max(50_000, targetEvents / 10)) return;
          reported = sofar.events;
          const seconds = (performance.now() - started) / 1000;
          progress(
            `   ${month}: ${sofar.events.toLocaleString('en-US')} events, ` +
              `${Math.round(sofar.events / seconds).toLocaleString('en-US')} events/s`,
          );
        },
      },
      writer,
    );
    lastPosition = (await store.health()).lastPosition;
    if (lastPosition === undefined || lastPosition !== BigInt(stats.events - 1)) {
      throw new Error(`Simulated ${stats.events} events but the log ends at ${lastPosition}`);
    }
  } finally {
    await store.close();
  }
  return {
    generator: GENERATOR_VERSION,
    seed,
    targetEvents,
    professionals: stats.professionals,
    events: stats.events,
    lastPosition: lastPosition.toString(),
    generatedAt: new Date().toISOString(),
    generationSeconds: (performance.now() - started) / 1000,
    stats,
  };
}
