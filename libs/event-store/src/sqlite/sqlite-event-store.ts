import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { validateAppend } from '../append-validation';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '../errors';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  EventMetadata,
  EventToAppend,
  JsonObject,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../event-store.port';
import { GroupCommit } from './group-commit';
import { openSqliteDatabase } from './open-sqlite-database';
import { migrate } from './sqlite-schema';
import { StreamHeads } from './stream-heads';
import { SqliteAllSubscription } from './sqlite-subscription';
import { AppendSignal } from './append-signal';
import { RecentEvents } from './recent-events';

/** Row layout of `events` as read with `.raw()`: keep in step with EVENT_COLUMNS. */
type EventRow = [bigint, string, bigint, string, string, string, string, bigint];
const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, stored_at';

const READ_PAGE_SIZE = 1000;

/** How many of a stream's last events an `any` append searches for its ids. */
const IDEMPOTENCE_WINDOW = 1000n;

interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export interface SqliteEventStoreOptions {
  /** How often a live subscription looks for events appended by another process. */
  foreignAppendPollMs?: number;
}

/** The file of the event log inside the data directory. */
export function eventLogFile(dataDir: string): string {
  return join(dataDir, 'events.sqlite');
}

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`, a gap-free
 * global position (the rowid, assigned as max+1 inside the write transaction) and group commit.
 */
export class SqliteEventStore implements EventStore {
  private readonly groupCommit: GroupCommit;
  private readonly appended = new AppendSignal();
  private readonly recent = new RecentEvents();
  private readonly heads: StreamHeads;
  private readonly subscriptions = new Set<SqliteAllSubscription>();
  private readonly statements;
  private closed = false;

  static open(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = openSqliteDatabase(file, { synchronous: 'FULL' });
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteEventStore(db, options);
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteEventStoreOptions,
  ) {
    const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
    this.statements = {
      lastRevision: prepare('SELECT last_revision FROM streams WHERE stream_id = ?').pluck(),
      lastPosition: prepare('SELECT max(position) FROM events').pluck(),
      recentRevisionOfEventId: prepare(
        `SELECT revision FROM events WHERE stream_id = ? AND revision >= ? AND event_id = ?`,
      ).pluck(),
      eventAtRevision: prepare(
        'SELECT event_id, position FROM events WHERE stream_id = ? AND revision = ?',
      ).raw(),
      insertEvent: prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      upsertRevision: prepare(
        `INSERT INTO streams (stream_id, last_revision) VALUES (?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision`,
      ),
      upsertMetadata: prepare(
        `INSERT INTO streams (stream_id, metadata) VALUES (?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET metadata = excluded.metadata`,
      ),
      metadata: prepare('SELECT metadata FROM streams WHERE stream_id = ?').pluck(),
      streamForwards: prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ?
         ORDER BY revision ASC LIMIT ?`,
      ).raw(),
      streamBackwards: prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ?
         ORDER BY revision DESC LIMIT ?`,
      ).raw(),
      allForwards: prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?`,
      ).raw(),
      allBackwards: prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`,
      ).raw(),
    };
    this.heads = new StreamHeads(db);
    this.groupCommit = new GroupCommit(
      db,
      512,
      () => {
        for (const committed of this.recent.commit()) {
          this.heads.saw(committed.streamId, committed.revision);
        }
        this.appended.notify();
      },
      () => {
        this.recent.discard();
        this.heads.forget();
      },
    );
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      validateAppend(streamId, events);
      // Serialise before queueing, so that a bad payload fails alone and the shared transaction
      // does only the inserts.
      const serialized = events.map((event) => serializeEvent(streamId, event));
      return this.groupCommit.run(() =>
        this.appendInTransaction(streamId, serialized, options.expectedRevision),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private appendInTransaction(
    streamId: string,
    events: readonly SerializedEvent[],
    expected: ExpectedRevision,
  ): AppendResult {
    const s = this.statements;
    const last = s.lastRevision.get(streamId) as bigint | null | undefined;
    const current = last ?? null;

    const matches = matchesExpected(expected, current);
    // An exact expectation that matches leaves no room for a duplicate after it.
    if (!matches || expected === 'any' || expected === 'stream_exists') {
      const duplicate = this.findIdempotentAppend(streamId, events, expected, current);
      if (duplicate) return duplicate;
      if (!matches) throw new WrongExpectedVersionError(streamId, expected, current ?? 'no_stream');
    }

    let position = (s.lastPosition.get() as bigint | null) ?? -1n;
    let revision = current ?? -1n;
    const storedAt = BigInt(Date.now());
    const inserted = events.map((event) => {
      position += 1n;
      revision += 1n;
      s.insertEvent.run(
        position,
        streamId,
        revision,
        event.id,
        event.type,
        event.data,
        event.metadata,
        storedAt,
      );
      return { ...event, position, streamId, revision, storedAt };
    });
    s.upsertRevision.run(streamId, revision);
    // Last, so that a write that throws has staged nothing for its rolled-back savepoint.
    for (const event of inserted) this.recent.stage(event);
    return { nextExpectedRevision: revision, position };
  }

  /**
   * EventStoreDB's idempotence: when the same event ids already sit in the stream, in order,
   * where this append would have put them, the append succeeds again without writing. With an
   * exact expectation that place is known; with `any` or `stream_exists` the stream's last
   * IDEMPOTENCE_WINDOW events are searched (EventStoreDB, too, remembers recent ids only).
   */
  private findIdempotentAppend(
    streamId: string,
    events: readonly SerializedEvent[],
    expected: ExpectedRevision,
    current: bigint | null,
  ): AppendResult | undefined {
    if (current === null) return undefined;
    const s = this.statements;
    let first: bigint | undefined;
    if (expected === 'no_stream' || typeof expected === 'bigint') {
      first = expected === 'no_stream' ? 0n : expected + 1n;
      const row = s.eventAtRevision.get(streamId, first) as [string, bigint] | undefined;
      if (!row || row[0] !== events[0].id) return undefined;
    } else {
      first = s.recentRevisionOfEventId.get(
        streamId,
        current - IDEMPOTENCE_WINDOW,
        events[0].id,
      ) as bigint | undefined;
      if (first === undefined) return undefined;
    }
    let position = -1n;
    for (let index = 0; index < events.length; index++) {
      const row = s.eventAtRevision.get(streamId, first + BigInt(index)) as
        [string, bigint] | undefined;
      if (!row || row[0] !== events[index].id) {
        throw new WrongExpectedVersionError(streamId, expected, current);
      }
      position = row[1];
    }
    return { nextExpectedRevision: first + BigInt(events.length - 1), position };
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from = resolveStart(options.fromRevision, backwards);
    this.assertOpen();
    // Asking for what follows a stream's known end, as a folded stream cache does: nothing.
    if (!backwards && this.heads.endsBefore(streamId, from)) return;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(READ_PAGE_SIZE, remaining);
      const statement = backwards
        ? this.statements.streamBackwards
        : this.statements.streamForwards;
      const rows = statement.all(streamId, from, limit) as EventRow[];
      if (!backwards && rows.length < limit) {
        // The stream ends at the last row read, or before `from` when none was left.
        this.heads.saw(streamId, rows.length > 0 ? rows[rows.length - 1][2] : from - 1n);
      }
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      const lastRevision = rows[rows.length - 1][2];
      from = backwards ? lastRevision - 1n : lastRevision + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from = resolveStart(options.fromPosition, backwards);
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(READ_PAGE_SIZE, remaining);
      const recent = backwards ? undefined : this.recent.readForwards(from, limit);
      const rows = recent ? undefined : this.readRows(from, limit, backwards);
      // Rows are parsed one at a time, so that an unreadable event fails at its own position.
      const events = recent ?? rows!.map((row) => ({ row, position: row[0] }));
      for (const event of events) yield 'row' in event ? toRecordedEvent(event.row) : event;
      remaining -= events.length;
      if (events.length < limit) return;
      const lastPosition = events[events.length - 1].position;
      from = backwards ? lastPosition - 1n : lastPosition + 1n;
    }
  }

  private readRows(from: bigint, limit: number, backwards: boolean): EventRow[] {
    const statement = backwards ? this.statements.allBackwards : this.statements.allForwards;
    return statement.all(from, limit) as EventRow[];
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    const checkpoint =
      options.fromPosition === undefined || options.fromPosition === 'start'
        ? -1n
        : options.fromPosition;
    const subscription = new SqliteAllSubscription({
      after: checkpoint,
      readPage: (from, limit) =>
        this.recent.readForwards(from, limit) ??
        this.readRows(from, limit, false).map(toRecordedEvent),
      pageSize: READ_PAGE_SIZE,
      appended: this.appended,
      pollMs: this.options.foreignAppendPollMs ?? 1000,
      onStopped: (self) => this.subscriptions.delete(self),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamExists(streamId: string): Promise<boolean> {
    this.assertOpen();
    const last = this.statements.lastRevision.get(streamId) as bigint | null | undefined;
    return last !== undefined && last !== null;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    this.assertOpen();
    const json = this.statements.metadata.get(streamId) as string | null | undefined;
    return json ? (JSON.parse(json) as StreamMetadata) : {};
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    try {
      this.assertOpen();
      const json = JSON.stringify(metadata);
      return this.groupCommit.run(() => {
        this.statements.upsertMetadata.run(streamId, json);
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async health(): Promise<StoreHealth> {
    try {
      this.assertOpen();
      const last = this.statements.lastPosition.get() as bigint | null;
      return { status: 'up', adapter: 'sqlite', ...(last === null ? {} : { lastPosition: last }) };
    } catch (error) {
      return { status: 'down', adapter: 'sqlite', detail: (error as Error).message };
    }
  }

  /** SQLite settings that decide durability; exposed so that tests can assert them. */
  durabilitySettings(): { journalMode: string; synchronous: number } {
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.groupCommit.close();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }
}

function matchesExpected(expected: ExpectedRevision, current: bigint | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === null;
    case 'stream_exists':
      return current !== null;
    default:
      return current === expected;
  }
}

/** The largest INTEGER SQLite stores: "past the end" for positions and revisions. */
const MAX_INT64 = 9223372036854775807n;

function resolveStart(from: bigint | 'start' | 'end' | undefined, backwards: boolean): bigint {
  if (from === undefined) return backwards ? MAX_INT64 : 0n;
  if (from === 'start') return backwards ? -1n : 0n;
  if (from === 'end') return MAX_INT64;
  return from;
}

function serializeEvent(streamId: string, event: EventToAppend): SerializedEvent {
  try {
    return {
      id: event.id.toLowerCase(),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
    };
  } catch (error) {
    throw new InvalidAppendError(
      streamId,
      `event ${event.id} is not JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * Metadata is parsed when first read: it is half of an event's JSON, and a rebuild of a read
 * model that needs no metadata (most of them) would otherwise spend much of its time parsing it.
 */
class StoredEvent implements RecordedEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly storedAt: Date;
  private readonly metadataJson: string;
  private parsedMetadata: EventMetadata | undefined;

  constructor(row: EventRow) {
    this.position = row[0];
    this.streamId = row[1];
    this.revision = row[2];
    this.id = row[3];
    this.type = row[4];
    this.data = JSON.parse(row[5]) as JsonObject;
    this.metadataJson = row[6];
    this.storedAt = new Date(Number(row[7]));
  }

  get metadata(): EventMetadata {
    return (this.parsedMetadata ??= JSON.parse(this.metadataJson) as EventMetadata);
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return new StoredEvent(row);
}
