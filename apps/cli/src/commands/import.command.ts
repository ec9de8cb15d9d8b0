import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@vakregister/event-store';
import {
  ExportFormatError,
  lockDataDirectory,
  lockHolder,
  parseExportLine,
  type ExportedEvent,
} from '@vakregister/ledger';
import { SingleBar } from 'cli-progress';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, CommandRunner } from 'nest-commander';

async function* lines(file: string): AsyncGenerator<{ text: string; number: number }> {
  let number = 0;
  for await (const text of createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Infinity,
  })) {
    number++;
    if (text.trim() !== '') yield { text, number };
  }
}

/**
 * `vakregister import file.ndjson`: into an empty ledger only, preserving event ids, order,
 * streams, revisions, types, data and metadata. The whole file is checked first (malformed
 * lines and revision gaps are named with their line number), so a bad file imports nothing.
 */
@Command({
  name: 'import',
  arguments: '<file>',
  description: 'Load an exported ledger into an empty one',
})
export class ImportCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    const holder = lockHolder(this.config.dataDir);
    if (holder) {
      console.error(
        `Refusing to import: ${holder.purpose} (process ${holder.pid}) holds ${this.config.dataDir}.`,
      );
      process.exitCode = 1;
      return;
    }
    const release = lockDataDirectory(this.config.dataDir, 'vakregister import');
    try {
      if ((await this.store.health()).lastPosition !== undefined) {
        console.error(
          'Refusing to import: the target ledger is not empty. Import into a new ledger only.',
        );
        process.exitCode = 1;
        return;
      }
      const total = await this.check(file);
      await this.load(file, total);
      console.log(`Imported ${total} events.`);
    } catch (error) {
      if (!(error instanceof ExportFormatError)) throw error;
      console.error(`Nothing was imported. ${error.message}`);
      process.exitCode = 1;
    } finally {
      release();
    }
  }

  /** First pass: every line parses, and every stream's revisions run 0, 1, 2 … without gaps. */
  private async check(file: string): Promise<number> {
    const next = new Map<string, bigint>();
    const ids = new Set<string>();
    let count = 0;
    for await (const { text, number } of lines(file)) {
      const event = parseExportLine(text, number);
      const expected = next.get(event.streamId) ?? 0n;
      if (BigInt(event.revision) !== expected) {
        throw new ExportFormatError(
          number,
          `stream ${event.streamId} expects revision ${expected}, not ${event.revision}`,
        );
      }
      if (ids.has(event.id))
        throw new ExportFormatError(number, `event id ${event.id} appears twice`);
      ids.add(event.id);
      next.set(event.streamId, expected + 1n);
      count++;
    }
    return count;
  }

  /** Second pass: runs of one stream go in one append, with the exact expected revision. */
  private async load(file: string, total: number): Promise<void> {
    const bar = new SingleBar({
      format: 'import [{bar}] {percentage}% | {value}/{total} events | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    bar.start(total, 0);
    let batch: ExportedEvent[] = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const first = BigInt(batch[0].revision);
      const events: EventToAppend[] = batch.map(({ id, type, data, metadata }) => ({
        id,
        type,
        data,
        metadata,
      }));
      await this.store.appendToStream(batch[0].streamId, events, {
        expectedRevision: first === 0n ? 'no_stream' : first - 1n,
      });
      done += batch.length;
      bar.update(done);
      batch = [];
    };
    for await (const { text, number } of lines(file)) {
      const event = parseExportLine(text, number);
      if (batch.length > 0 && (batch[0].streamId !== event.streamId || batch.length >= 500))
        await flush();
      batch.push(event);
    }
    await flush();
    bar.stop();
  }
}
