import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { toExportLine } from '@vakregister/ledger';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, CommandRunner, Option } from 'nest-commander';

interface ExportOptions {
  out?: string;
  fromPosition?: string;
}

/**
 * `vakregister export --out file.ndjson [--from-position N]`: the ledger in log order, one event
 * per line, as stored (personal fields stay ciphertext).
 */
@Command({ name: 'export', description: 'Write the ledger as NDJSON, in log order' })
export class ExportCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_params: string[], options: ExportOptions): Promise<void> {
    if (!options.out) {
      console.error('--out <file> is required');
      process.exitCode = 2;
      return;
    }
    if (options.fromPosition !== undefined && !/^\d{1,19}$/.test(options.fromPosition)) {
      console.error('--from-position must be a ledger position (a decimal integer)');
      process.exitCode = 2;
      return;
    }
    const out = createWriteStream(options.out, { encoding: 'utf8' });
    let count = 0;
    for await (const event of this.store.readAll({
      fromPosition: options.fromPosition === undefined ? 'start' : BigInt(options.fromPosition),
    })) {
      // Respect back-pressure: a million events must not pile up in memory.
      if (!out.write(`${toExportLine(event)}\n`)) await once(out, 'drain');
      count++;
    }
    out.end();
    await once(out, 'finish');
    console.log(`Exported ${count} events to ${options.out}.`);
  }

  @Option({ flags: '--out <file>', description: 'where to write the NDJSON' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--from-position <n>',
    description: 'start at this ledger position (inclusive)',
  })
  parseFromPosition(value: string): string {
    return value;
  }
}
