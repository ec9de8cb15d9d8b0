import Database from 'better-sqlite3';
import { SqliteEventStore } from '@vakregister/event-store';
import type { TimeBudget, Throughput } from '../support/timing';
import { measureSync, timeOnce } from '../support/timing';
import { benchEvent, benchStreamId, serialize, type ScanResult } from './events';

/** Column order of the store's `events` table. */
export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, stored_at';

/**
 * Creates an empty event log by opening and closing the store, so that raw code writes into
 * exactly the store's tables, indexes and STRICT typing rather than a copy that could drift.
 */
export async function createEmptyEventLog(file: string): Promise<void> {
  const store = SqliteEventStore.open(file);
  await store.close();
}

/** A plain better-sqlite3 connection with the durability the store uses for its log. */
export function openRaw(file: string, synchronous: 'FULL' | 'OFF'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  // The store's page cache size, so that a gap between the figures is the store's code.
  db.pragma('cache_size = -65536');
  return db;
}

export function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare('SELECT sqlite_version()').pluck().get() as string;
  } finally {
    db.close();
  }
}

/**
 * Inserts rows as a hand-written appender would: positions and revisions counted in memory, no
 * reads, no savepoints. One stream, because that dirties the fewest index pages per commit (the
 * limit) and is the layout of the one-writer store runs.
 */
class RawAppender {
  private readonly insert: Database.Statement;
  private readonly streamId = benchStreamId();
  private position = 0;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  appendOne(storedAt: number): void {
    const event = benchEvent(this.streamId, this.position);
    const { data, metadata } = serialize(event);
    const revision = this.position;
    this.insert.run(
      this.position++,
      this.streamId,
      revision,
      event.id,
      event.type,
      data,
      metadata,
      storedAt,
    );
  }
}

/** The limits 1a–1c: inserts with `rowsPerTransaction` rows per commit, i.e. per fsync. */
export async function measureRawInserts(
  file: string,
  rowsPerTransaction: number,
  budget: TimeBudget,
): Promise<Throughput> {
  await createEmptyEventLog(file);
  const db = openRaw(file, 'FULL');
  try {
    const appender = new RawAppender(db);
    const commit = db.transaction(() => {
      const storedAt = Date.now();
      for (let row = 0; row < rowsPerTransaction; row++) appender.appendOne(storedAt);
    });
    return measureSync(budget, () => {
      commit.immediate();
      return rowsPerTransaction;
    });
  } finally {
    db.close();
  }
}

type RawEventRow = [number, string, number, string, string, string, string, number];

/** What a reader of the full log must at least do: one ordered scan and two JSON.parse a row. */
export async function scanRaw(db: Database.Database): Promise<ScanResult> {
  const select = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY position`).raw(true);
  let checksum = 0;
  const result = await timeOnce(() => {
    let count = 0;
    for (const row of select.iterate() as IterableIterator<RawEventRow>) {
      const data = JSON.parse(row[5]) as { sequence: number };
      const metadata = JSON.parse(row[6]) as { schemaVersion: number };
      checksum += data.sequence + metadata.schemaVersion;
      count++;
    }
    return count;
  });
  return { ...result, checksum };
}
