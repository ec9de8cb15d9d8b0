import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  excludeSystemEvents,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type Direction as ClientDirection,
  type EventData,
  type Filter,
  type Position as ClientPosition,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import { validateAppend } from '../append-validation';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../errors';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  Direction,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../event-store.port';
import {
  assertCustomMetadata,
  customMetadataOf,
  exactPositionOf,
  isRetryableError,
  isStreamNotFound,
  isSystemEvent,
  isUnavailableError,
  mapClientError,
  metastreamOf,
  positionOf,
  systemMetadataOf,
  toClientEvent,
  toClientExpectedRevision,
  toClientPosition,
  toMetadataEvent,
  toPortActualRevision,
  toReadPosition,
  toReadRevision,
  toRecordedEvent,
  trustedAppendPosition,
  type ClientResolvedEvent,
} from './eventstoredb-mapping';

/** A read in progress; `cancel()` ends the gRPC call when the reader stops early. */
export interface ClientRead<E> extends AsyncIterable<E> {
  cancel(): Promise<void>;
}

/** A live subscription; `unsubscribe()` ends the gRPC call and the iteration. */
export interface ClientSubscription<E> extends AsyncIterable<E> {
  unsubscribe(): Promise<void>;
}

/** The part of `EventStoreDBClient` the adapter uses, so that tests can hand it a fake. */
export interface EventStoreDbClient {
  appendToStream(
    streamName: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<ClientAppendResult>;
  readStream(
    streamName: string,
    options: { direction: ClientDirection; fromRevision: ReadRevision; maxCount?: number },
  ): ClientRead<ClientResolvedEvent>;
  readAll(options: {
    direction: ClientDirection;
    fromPosition: ReadPosition;
    maxCount: number;
  }): ClientRead<ClientResolvedEvent>;
  subscribeToAll(options: {
    fromPosition: ReadPosition;
    filter: Filter;
  }): ClientSubscription<ClientResolvedEvent>;
  dispose(): Promise<void>;
}

export interface ReconnectPolicy {
  /** Delay before the first resubscription; it doubles with every consecutive failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed resubscriptions after which the iteration throws. */
  maxAttempts: number;
}

export interface EventStoreDbEventStoreOptions {
  /** Events per $all read request; `readAll` pages so that its `maxCount` skips system events. */
  readPageSize?: number;
  healthTimeoutMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
}

const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5000,
  maxAttempts: 20,
};
/** Recent records health() looks through for the last non-system event. */
const HEALTH_WINDOW = 32;
const METADATA_WRITE_ATTEMPTS = 3;

const noop = () => undefined;

function toClientDirection(direction: Direction): ClientDirection {
  return direction === 'backwards' ? BACKWARDS : FORWARDS;
}

function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Iterates a read and cancels the gRPC call if the loop ends before the server does. */
async function* drain<E>(read: ClientRead<E>): AsyncGenerator<E> {
  let completed = false;
  try {
    for await (const item of read) yield item;
    completed = true;
  } finally {
    if (!completed) await read.cancel().catch(noop);
  }
}

/** The EventStoreDB adapter of the event store port (semantics: event-store.port.ts). */
export class EventStoreDbEventStore implements EventStore {
  private readonly pageSize: number;
  private readonly healthTimeoutMs: number;
  private readonly reconnect: ReconnectPolicy;
  private readonly subscriptions = new Set<EventStoreDbAllSubscription>();
  private closed = false;

  constructor(
    private readonly client: EventStoreDbClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    // A forwards page re-reads the record it resumes from, so a page of one would never advance.
    this.pageSize = Math.max(2, options.readPageSize ?? 512);
    this.healthTimeoutMs = options.healthTimeoutMs ?? 5000;
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateAppend(streamId, events);
    this.assertOpen();
    const expectedRevision = toClientExpectedRevision(streamId, options.expectedRevision);
    let result: ClientAppendResult;
    try {
      result = await this.client.appendToStream(streamId, events.map(toClientEvent), {
        expectedRevision,
      });
    } catch (error) {
      throw mapClientError(error, { streamId, expectedRevision: options.expectedRevision });
    }
    if (!result.success) {
      throw new WrongExpectedVersionError(
        streamId,
        options.expectedRevision,
        toPortActualRevision(result.nextExpectedRevision),
      );
    }
    const position =
      trustedAppendPosition(result, events.length) ??
      (await this.positionOfRevision(streamId, result.nextExpectedRevision));
    return { nextExpectedRevision: result.nextExpectedRevision, position };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.readStreamEvents(streamId, options);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return this.readAllEvents(options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    const subscription = new EventStoreDbAllSubscription({
      open: (fromPosition) =>
        this.client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() }),
      checkpoint: options.fromPosition ?? 'start',
      reconnect: this.reconnect,
      onStopped: (stopped) => this.subscriptions.delete(stopped),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamExists(streamId: string): Promise<boolean> {
    this.assertOpen();
    const read = this.client.readStream(streamId, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    try {
      for await (const resolved of drain(read)) {
        if (resolved.event) return true;
      }
      return false;
    } catch (error) {
      if (isStreamNotFound(error)) return false;
      throw mapClientError(error, { streamId });
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    this.assertOpen();
    const { data } = await this.readRawMetadata(streamId);
    return customMetadataOf(data);
  }

  /**
   * Replaces the custom key/values and keeps the server's own `$`-settings of the stream. The
   * metadata is written as raw JSON to the metastream rather than through the client's
   * setStreamMetadata, which renames keys such as `maxCount` or `acl` into server settings.
   */
  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    assertCustomMetadata(streamId, metadata);
    this.assertOpen();
    for (let attempt = 1; ; attempt++) {
      const current = await this.readRawMetadata(streamId);
      const data = { ...systemMetadataOf(current.data), ...metadata };
      try {
        await this.client.appendToStream(metastreamOf(streamId), [toMetadataEvent(data)], {
          expectedRevision: current.revision === 'no_stream' ? NO_STREAM : current.revision,
        });
        return;
      } catch (error) {
        // Someone else changed the metadata in between: merge again with their `$`-settings.
        if (error instanceof ClientWrongExpectedVersionError && attempt < METADATA_WRITE_ATTEMPTS) {
          continue;
        }
        throw mapClientError(error, { streamId: metastreamOf(streamId) });
      }
    }
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { status: 'down', adapter: 'eventstoredb', detail: 'closed' };
    // $all reads have no deadline in the client, so a hung server would hang the probe.
    const read = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: HEALTH_WINDOW,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.healthTimeoutMs} ms`)),
        this.healthTimeoutMs,
      );
    });
    try {
      const lastPosition = await Promise.race([lastUserEventPosition(read), timeout]);
      return {
        status: 'up',
        adapter: 'eventstoredb',
        ...(lastPosition !== undefined && { lastPosition }),
      };
    } catch (error) {
      return { status: 'down', adapter: 'eventstoredb', detail: errorDetail(error) };
    } finally {
      clearTimeout(timer);
      void read.cancel().catch(noop);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The EventStoreDB event store is closed');
  }

  /** The position of one event, for appends whose result carries no trustworthy position. */
  private async positionOfRevision(streamId: string, revision: bigint): Promise<bigint> {
    const read = this.client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: revision,
      maxCount: 1,
    });
    try {
      for await (const resolved of drain(read)) {
        const position = positionOf(resolved);
        if (position !== undefined) return position;
      }
    } catch (error) {
      throw mapClientError(error, { streamId });
    }
    throw new Error(`EventStoreDB reported no position for ${streamId}@${revision}`);
  }

  private async *readStreamEvents(
    streamId: string,
    options: ReadStreamOptions,
  ): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return;
    const fromRevision = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const read = this.client.readStream(streamId, {
      direction: toClientDirection(direction),
      fromRevision: toReadRevision(fromRevision),
      ...(options.maxCount !== undefined && { maxCount: options.maxCount }),
    });
    try {
      for await (const resolved of drain(read)) {
        const event = toRecordedEvent(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return;
      throw mapClientError(error, { streamId });
    }
  }

  private async *readAllEvents(options: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    const records = direction === 'forwards' ? this.scanForwards(from) : this.scanBackwards(from);
    for await (const resolved of records) {
      if (isSystemEvent(resolved)) continue;
      const event = toRecordedEvent(resolved);
      if (!event) continue;
      yield event;
      if (--remaining <= 0) return;
    }
  }

  /**
   * Forwards reads are inclusive on the server too, but only from a record boundary: any other
   * position (such as `event.position + 1n`, a common way of saying "after") is refused. Then the
   * scan tries the position just before, and at last the start of the log, keeping only records
   * at or after `from`.
   */
  private scanForwards(from: bigint | 'start' | 'end'): AsyncGenerator<ClientResolvedEvent> {
    if (typeof from !== 'bigint' || from <= 0n) {
      return this.pages(FORWARDS, [toReadPosition(from)], () => true);
    }
    const starts: ReadPosition[] = [toClientPosition(from)];
    if (from - 1n > 0n) starts.push(toClientPosition(from - 1n));
    starts.push(START);
    return this.pages(FORWARDS, starts, (position) => position >= from);
  }

  /**
   * The server reads backwards from a position exclusively (it counts from the end of the record
   * before it), while the port includes the event at `from`: that one is fetched with a forwards
   * read of one record. A position that is no record boundary falls back to a scan from the end.
   */
  private async *scanBackwards(
    from: bigint | 'start' | 'end',
  ): AsyncGenerator<ClientResolvedEvent> {
    if (from === 'start' || (typeof from === 'bigint' && from <= 0n)) return;
    if (from === 'end') {
      yield* this.pages(BACKWARDS, [END], () => true);
      return;
    }
    const atFrom = await this.recordAt(from);
    if (atFrom) yield atFrom;
    yield* this.pages(BACKWARDS, [toClientPosition(from), END], (position) => position < from);
  }

  private async recordAt(position: bigint): Promise<ClientResolvedEvent | undefined> {
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: toClientPosition(position),
      maxCount: 1,
    });
    try {
      for await (const resolved of drain(read)) {
        return positionOf(resolved) === position ? resolved : undefined;
      }
      return undefined;
    } catch (error) {
      // The server refuses a position that is no record boundary: no event starts there.
      if (isRetryableError(error) && !isUnavailableError(error)) return undefined;
      throw mapClientError(error);
    }
  }

  /**
   * Reads $all page by page. The first page tries `starts` in order until the server accepts one;
   * later pages resume from the exact position of the last record, skipping what was already seen
   * so that either inclusive or exclusive resumption neither repeats nor loses a record.
   */
  private async *pages(
    direction: ClientDirection,
    starts: readonly ReadPosition[],
    accept: (position: bigint) => boolean,
  ): AsyncGenerator<ClientResolvedEvent> {
    let startIndex = 0;
    let cursor: ClientPosition | undefined;
    let last: bigint | undefined;
    for (;;) {
      const read = this.client.readAll({
        direction,
        fromPosition: cursor ?? starts[startIndex],
        maxCount: this.pageSize,
      });
      let received = 0;
      let advanced = false;
      try {
        for await (const resolved of drain(read)) {
          received++;
          const position = positionOf(resolved);
          if (position === undefined) continue;
          if (
            last !== undefined &&
            (direction === FORWARDS ? position <= last : position >= last)
          ) {
            continue;
          }
          last = position;
          cursor = exactPositionOf(resolved);
          advanced = true;
          if (accept(position)) yield resolved;
        }
      } catch (error) {
        const untried = cursor === undefined && received === 0 && startIndex < starts.length - 1;
        if (untried && isRetryableError(error) && !isUnavailableError(error)) {
          startIndex++;
          continue;
        }
        throw mapClientError(error);
      }
      if (received < this.pageSize || !advanced) return;
    }
  }

  private async readRawMetadata(
    streamId: string,
  ): Promise<{ data: unknown; revision: bigint | 'no_stream' }> {
    const read = this.client.readStream(metastreamOf(streamId), {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    try {
      for await (const resolved of drain(read)) {
        const event = resolved.event;
        if (!event) continue;
        return { data: event.isJson ? event.data : undefined, revision: event.revision };
      }
      return { data: undefined, revision: 'no_stream' };
    } catch (error) {
      if (isStreamNotFound(error)) return { data: undefined, revision: 'no_stream' };
      throw mapClientError(error, { streamId });
    }
  }
}

async function lastUserEventPosition(
  read: ClientRead<ClientResolvedEvent>,
): Promise<bigint | undefined> {
  try {
    for await (const resolved of drain(read)) {
      if (!isSystemEvent(resolved)) return positionOf(resolved);
    }
    return undefined;
  } catch (error) {
    throw mapClientError(error);
  }
}

interface SubscriptionSource {
  open(fromPosition: ReadPosition): ClientSubscription<ClientResolvedEvent>;
  /** Exclusive. */
  checkpoint: bigint | 'start';
  reconnect: ReconnectPolicy;
  onStopped(subscription: EventStoreDbAllSubscription): void;
}

const STOPPED = Symbol('stopped');

/**
 * A catch-up subscription that survives dropped connections: it resubscribes from the exact
 * position of the last delivered event (the server's subscriptions are exclusive), and skips
 * anything at or before it, so a reconnect can neither repeat nor lose an event.
 */
class EventStoreDbAllSubscription implements AllSubscription {
  private stopped = false;
  private iterator: AsyncGenerator<RecordedEvent> | undefined;
  private current: ClientSubscription<ClientResolvedEvent> | undefined;
  private readonly released = new WeakSet<ClientSubscription<ClientResolvedEvent>>();
  /** Ends the current wait (for an event or a backoff delay) when stop() is called. */
  private wake: (() => void) | undefined;

  constructor(private readonly source: SubscriptionSource) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    this.source.onStopped(this);
    if (this.current) await this.release(this.current);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const { checkpoint, reconnect } = this.source;
    let last = checkpoint === 'start' ? -1n : checkpoint;
    let resumeFrom: ReadPosition = toReadPosition(checkpoint);
    let resumingFromEvent = false;
    let failures = 0;
    try {
      while (!this.stopped) {
        const openedAt = Date.now();
        let delivered = false;
        let failure: unknown;
        let handle: ClientSubscription<ClientResolvedEvent> | undefined;
        try {
          handle = this.source.open(resumeFrom);
          this.current = handle;
          const events = handle[Symbol.asyncIterator]();
          for (;;) {
            const next = await this.nextUnlessStopped(events);
            if (next === STOPPED || next.done) break;
            const resolved = next.value;
            const position = positionOf(resolved);
            if (position === undefined || position <= last) continue;
            last = position;
            resumeFrom = exactPositionOf(resolved) ?? toClientPosition(position);
            resumingFromEvent = true;
            delivered = true;
            if (isSystemEvent(resolved)) continue;
            const event = toRecordedEvent(resolved);
            if (event) yield event;
            if (this.stopped) break;
          }
        } catch (error) {
          failure = error;
        } finally {
          if (handle) await this.release(handle);
        }
        if (this.stopped) return;
        if (failure !== undefined && !isRetryableError(failure)) throw mapClientError(failure);
        if (failure !== undefined && !resumingFromEvent && !isUnavailableError(failure)) {
          // The server refuses a checkpoint that is no record boundary; `last` keeps it exclusive.
          resumeFrom = START;
        }
        if (delivered || Date.now() - openedAt >= reconnect.maxDelayMs) failures = 0;
        failures++;
        if (failures > reconnect.maxAttempts) {
          const attempts = reconnect.maxAttempts;
          throw new EventStoreUnavailableError(
            `The subscription to $all dropped and was not restored after ${attempts} attempts`,
            { cause: failure },
          );
        }
        const delay = Math.min(
          reconnect.maxDelayMs,
          reconnect.initialDelayMs * 2 ** Math.min(failures - 1, 30),
        );
        await this.sleepUnlessStopped(delay);
      }
    } finally {
      this.stopped = true;
      this.source.onStopped(this);
    }
  }

  /**
   * Waits for the next event, or for stop(), whichever comes first. A per-wait callback rather
   * than a race against one long-lived promise, which would keep a reaction for every event.
   */
  private nextUnlessStopped(
    events: AsyncIterator<ClientResolvedEvent>,
  ): Promise<IteratorResult<ClientResolvedEvent> | typeof STOPPED> {
    if (this.stopped) return Promise.resolve(STOPPED);
    return new Promise((resolve, reject) => {
      const wake = () => resolve(STOPPED);
      this.wake = wake;
      events
        .next()
        .then(resolve, reject)
        .finally(() => {
          if (this.wake === wake) this.wake = undefined;
        });
    });
  }

  private sleepUnlessStopped(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        if (this.wake === wake) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wake = wake;
    });
  }

  private async release(handle: ClientSubscription<ClientResolvedEvent>): Promise<void> {
    if (this.released.has(handle)) return;
    this.released.add(handle);
    if (this.current === handle) this.current = undefined;
    await handle.unsubscribe().catch(noop);
  }
}

/** The adapter on a client built from an `esdb://` connection string. */
export function createEventStoreDbEventStore(
  connectionString: string,
  options?: EventStoreDbEventStoreOptions,
): EventStoreDbEventStore {
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
}
