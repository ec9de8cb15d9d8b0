import type { Scheme } from '@vakregister/certification';
import { ExportFormatError } from '@vakregister/ledger';
import {
  AlternativeSchemeError,
  formatWhatIfReport,
  parseAlternativeScheme,
  replayWhatIf,
} from '@vakregister/pilot';
import { SingleBar } from 'cli-progress';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, CommandRunner, Option } from 'nest-commander';

interface ReplayOptions {
  from?: string;
  scheme?: string;
  json?: boolean;
}

/** Redrawing the bar on every line would cost more than the replay itself. */
const LINES_PER_REDRAW = 1000;

/**
 * `vakregister replay --from ledger.ndjson --scheme alternative.json [--json]`: what-if over an
 * exported ledger. Reads neither the ledger of the data directory nor the key store: no rule
 * reads a personal field.
 */
@Command({
  name: 'replay',
  description:
    'What-if: re-evaluate every certification decision of an exported ledger under another scheme',
})
export class ReplayCommand extends CommandRunner {
  async run(_params: string[], options: ReplayOptions): Promise<void> {
    if (!options.from || !options.scheme) {
      console.error(
        'Usage: vakregister replay --from <ledger.ndjson> --scheme <scheme.json> [--json]',
      );
      process.exitCode = 2;
      return;
    }
    let alternative: Scheme;
    let size: number;
    try {
      alternative = parseAlternativeScheme(readFileSync(options.scheme, 'utf8'));
      size = statSync(options.from).size;
    } catch (error) {
      console.error(
        error instanceof AlternativeSchemeError
          ? error.message
          : `Cannot read an input file: ${(error as Error).message}`,
      );
      process.exitCode = 2;
      return;
    }
    // On a terminal only: in a pipe or a log the report stays the only output.
    const bar = new SingleBar({
      format: 'replay [{bar}] {percentage}% | {lines} lines | ETA {eta_formatted}',
      hideCursor: true,
    });
    bar.start(size, 0, { lines: 0 });
    let bytes = 0;
    let lines = 0;
    try {
      const report = await replayWhatIf(
        createInterface({ input: createReadStream(options.from, 'utf8'), crlfDelay: Infinity }),
        alternative,
        (text) => {
          bytes += Buffer.byteLength(text, 'utf8') + 1;
          if (++lines % LINES_PER_REDRAW === 0) bar.update(Math.min(bytes, size), { lines });
        },
      );
      bar.update(size, { lines });
      bar.stop();
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatWhatIfReport(report),
      );
    } catch (error) {
      bar.stop();
      if (!(error instanceof ExportFormatError)) throw error;
      console.error(`The replay stopped. ${error.message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--from <file>', description: 'the exported ledger (NDJSON, log order)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({
    flags: '--scheme <file>',
    description: 'the alternative scheme: the JSON body of POST /v1/schemes',
  })
  parseScheme(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}
