import { parseBenchArgs, usage, type BenchCommand } from './support/args';
import type { Suite } from './support/suite';
import { apiSuite } from './api/suite';
import { eventStoreSuite } from './event-store/suite';
import { integritySuite } from './integrity/suite';
import { projectionsSuite } from './projections/suite';

/** Every suite under bench/, in the order a full run executes them. */
const SUITES: readonly Suite[] = [eventStoreSuite, apiSuite, projectionsSuite, integritySuite];

async function main(argv: readonly string[]): Promise<number> {
  const names = SUITES.map((suite) => suite.name);
  let command: BenchCommand;
  try {
    command = parseBenchArgs(argv, names);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage(names)}`);
    return 2;
  }
  if (command.help) {
    console.log(usage(names));
    return 0;
  }
  const selected =
    command.suites.length === 0
      ? SUITES
      : command.suites.map((name) => SUITES.find((suite) => suite.name === name) as Suite);
  for (const suite of selected) {
    console.error(`Running ${suite.name}: ${suite.description}`);
    await suite.run(command.options);
  }
  // A missed target is reported in the table, not through the exit code: benchmarks inform.
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
