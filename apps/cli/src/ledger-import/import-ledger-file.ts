import type { EventStore, EventToAppend } from '@vakregister/event-store';
import { ExportFormatError, parseExportLine, type ExportedEvent } from '@vakregister/ledger';
import { SingleBar } from 'cli-progress';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

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

/** First pass: every line parses, and every stream's revisions run 0, 1, 2 … without gaps. */
async function check(file: string): Promise<number> {
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
async function load(store: EventStore, file: string, total: number): Promise<void> {
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
    await store.appendToStream(batch[0].streamId, events, {
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

/**
 * Loads an exported ledger (NDJSON) into `store`, which the caller has made sure is empty,
 * preserving event ids, order, streams, revisions, types, data and metadata. The whole file is
 * checked first (malformed lines and revision gaps throw an ExportFormatError naming the line),
 * so a bad file imports nothing. Returns the number of events imported.
 */
export async function importLedgerFile(store: EventStore, file: string): Promise<number> {
  const total = await check(file);
  await load(store, file, total);
  return total;
}
