import { SqliteEventStore } from '@vakregister/event-store';
import { EVENT_COLUMNS, createEmptyEventLog, openRaw } from './raw-sqlite';
import { benchEvent, benchStreamId, serialize } from './events';

/** A klantmanager's history is tens of events, interleaved with everyone else's in the log. */
const EVENTS_PER_STREAM = 50;
const ROWS_PER_FILL_TRANSACTION = 10_000;

export interface FilledLog {
  events: number;
  streams: number;
  seconds: number;
}

/**
 * Writes `count - 1` events straight into the store's own file, several times faster than
 * appends at synchronous=FULL, then appends the last one through the store. The raw rows are
 * what the store writes (positions gap-free from 0, revisions gap-free per stream,
 * `streams.last_revision` kept), and the store's own append on top proves it takes the log for
 * one it wrote.
 */
export async function fillEventLog(
  file: string,
  count: number,
  onProgress: (written: number) => void = () => undefined,
): Promise<FilledLog> {
  const started = Date.now();
  const rawCount = count - 1;
  await createEmptyEventLog(file);
  const streamIds = Array.from(
    { length: Math.max(1, Math.ceil(rawCount / EVENTS_PER_STREAM)) },
    benchStreamId,
  );
  // The log is thrown away if the machine crashes now: no need to pay an fsync per commit.
  const db = openRaw(file, 'OFF');
  try {
    const insertEvent = db.prepare(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertStream = db.prepare('INSERT INTO streams (stream_id, last_revision) VALUES (?, ?)');
    // Building the indexes once at the end is about twice as fast as keeping them up to date row
    // by row; they are rebuilt from the store's own DDL, so the file ends up the same.
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' " +
          'AND sql IS NOT NULL',
      )
      .all() as Array<{ name: string; sql: string }>;
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    const writeRows = db.transaction((from: number, to: number) => {
      const storedAt = Date.now();
      for (let position = from; position < to; position++) {
        const streamId = streamIds[position % streamIds.length];
        const event = benchEvent(streamId, position);
        const { data, metadata } = serialize(event);
        const revision = Math.floor(position / streamIds.length);
        insertEvent.run(
          position,
          streamId,
          revision,
          event.id,
          event.type,
          data,
          metadata,
          storedAt,
        );
      }
    });
    for (let from = 0; from < rawCount; from += ROWS_PER_FILL_TRANSACTION) {
      const to = Math.min(rawCount, from + ROWS_PER_FILL_TRANSACTION);
      writeRows.immediate(from, to);
      onProgress(to);
    }
    for (const { sql } of indexes) db.exec(sql);
    db.transaction(() => {
      for (let index = 0; index < Math.min(rawCount, streamIds.length); index++) {
        const events = Math.floor((rawCount - 1 - index) / streamIds.length) + 1;
        insertStream.run(streamIds[index], events - 1);
      }
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  await appendLastThroughStore(file, rawCount, streamIds[0]);
  return { events: count, streams: streamIds.length, seconds: (Date.now() - started) / 1000 };
}

async function appendLastThroughStore(file: string, rawCount: number, streamId: string) {
  const store = SqliteEventStore.open(file);
  try {
    const health = await store.health();
    const expectedLast = rawCount === 0 ? undefined : BigInt(rawCount - 1);
    if (health.lastPosition !== expectedLast) {
      throw new Error(
        `Wrote ${rawCount} rows but the store's last position is ${health.lastPosition}`,
      );
    }
    let lastRevision: bigint | undefined;
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      lastRevision = event.revision;
    }
    // Refused with WrongExpectedVersionError unless `streams` agrees with `events`.
    const result = await store.appendToStream(streamId, [benchEvent(streamId, rawCount)], {
      expectedRevision: lastRevision ?? 'no_stream',
    });
    if (result.position !== BigInt(rawCount)) {
      throw new Error(`The store appended at position ${result.position}, not ${rawCount}`);
    }
  } finally {
    await store.close();
  }
}
