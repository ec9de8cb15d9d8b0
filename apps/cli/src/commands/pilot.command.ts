import {
  PILOT_DEFAULTS,
  PILOT_FIRST_YEAR,
  PILOT_LAST_YEAR,
  PILOT_MIN_PROFESSIONALS,
  writePilotFile,
  type PilotSettings,
  type SimulationStats,
} from '@vakregister/pilot';
import { SingleBar } from 'cli-progress';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

interface GenerateOptions {
  out?: string;
  seed?: string;
  professionals?: string;
  years?: string;
  startYear?: string;
}

/** Large enough for a national register; a bound so that a typo does not run for a day. */
const MAX_PROFESSIONALS = 200_000;
const MAX_SEED = 2 ** 32 - 1;

function fail(message: string): void {
  console.error(message);
  process.exitCode = 2;
}

/** A whole number in [min, max], or the message that says why not. */
function wholeNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number | string {
  if (text === undefined) return fallback;
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    return `${flag} must be a whole number from ${min} to ${max}`;
  return value;
}

/** The settings the options name, or the first message about an option that is wrong. */
function pilotSettings(options: GenerateOptions): PilotSettings | string {
  const seed = wholeNumber('--seed', options.seed, PILOT_DEFAULTS.seed, 0, MAX_SEED);
  const professionals = wholeNumber(
    '--professionals',
    options.professionals,
    PILOT_DEFAULTS.professionals,
    PILOT_MIN_PROFESSIONALS,
    MAX_PROFESSIONALS,
  );
  const startYear = wholeNumber(
    '--start-year',
    options.startYear,
    PILOT_DEFAULTS.startYear,
    PILOT_FIRST_YEAR,
    PILOT_LAST_YEAR,
  );
  if (typeof seed === 'string') return seed;
  if (typeof professionals === 'string') return professionals;
  if (typeof startYear === 'string') return startYear;
  const years = wholeNumber(
    '--years',
    options.years,
    Math.min(PILOT_DEFAULTS.years, PILOT_LAST_YEAR - startYear + 1),
    1,
    PILOT_LAST_YEAR - startYear + 1,
  );
  if (typeof years === 'string')
    return `${years} (the simulated calendar ends in ${PILOT_LAST_YEAR})`;
  return { seed, professionals, years, startYear };
}

/**
 * `vakregister pilot generate --out pilot.ndjson [--seed N] [--professionals N] [--years Y]`:
 * the pilot's history as an export file, the same bytes for the same options on any machine.
 */
@SubCommand({
  name: 'generate',
  description:
    'Write a simulated history of the six pilot municipalities as NDJSON in the export format',
})
export class PilotGenerateCommand extends CommandRunner {
  async run(_params: string[], options: GenerateOptions): Promise<void> {
    if (!options.out) return fail('--out <file> is required');
    const directory = dirname(resolve(options.out));
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      return fail(`--out: the directory ${directory} does not exist`);
    }
    const settings = pilotSettings(options);
    if (typeof settings === 'string') return fail(settings);

    // On a terminal only: in a log or a pipe the summary line is enough.
    const bar = process.stderr.isTTY
      ? new SingleBar({
          format: 'pilot [{bar}] {percentage}% | {month} | {events} events | ETA {eta_formatted}',
          hideCursor: true,
        })
      : undefined;
    bar?.start(100, 0, { month: `${settings.startYear}-01`, events: 0 });
    let stats: SimulationStats;
    try {
      stats = await writePilotFile(settings, options.out, ({ month, done, events }) =>
        bar?.update(Math.round(done * 100), { month, events }),
      );
    } finally {
      bar?.stop();
    }
    console.log(
      `Wrote ${stats.events} events of ${stats.professionals} professionals ` +
        `(${settings.startYear}–${settings.startYear + settings.years - 1}, seed ${settings.seed}) ` +
        `to ${options.out}.`,
    );
  }

  @Option({ flags: '--out <file>', description: 'where to write the NDJSON' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--seed <n>',
    description: `the same seed, the same bytes (default ${PILOT_DEFAULTS.seed})`,
  })
  parseSeed(value: string): string {
    return value;
  }

  @Option({
    flags: '--professionals <n>',
    description: `how many take part; Maastricht's cohort is 18 of them (default ${PILOT_DEFAULTS.professionals})`,
  })
  parseProfessionals(value: string): string {
    return value;
  }

  @Option({
    flags: '--years <y>',
    description: `how many calendar years to simulate (default ${PILOT_DEFAULTS.years})`,
  })
  parseYears(value: string): string {
    return value;
  }

  @Option({
    flags: '--start-year <year>',
    description: `the first year (default ${PILOT_DEFAULTS.startYear})`,
  })
  parseStartYear(value: string): string {
    return value;
  }
}

@Command({
  name: 'pilot',
  description: 'Pilot data: generate a simulated history',
  subCommands: [PilotGenerateCommand],
})
export class PilotCommand extends CommandRunner {
  async run(): Promise<void> {
    fail(
      'Usage: vakregister pilot generate --out <file> [--seed N] [--professionals N] [--years Y]',
    );
  }
}
