/**
 * The event store port. Its semantics follow EventStoreDB so that the embedded SQLite store and
 * the EventStoreDB adapter pass one contract suite (see docs/adr/0002-event-store-port.md).
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who caused an event: a person with a role, or `{ id: 'system', role: 'system' }`. */
export interface Actor {
  id: string;
  role: string;
}

/**
 * Metadata every event carries. `recordedAt` is written by the application from its clock, so
 * that history survives a migration between stores unchanged.
 */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  reason?: string;
  schemaVersion: number;
  /** ISO 8601 UTC instant. */
  recordedAt: string;
  [key: string]: JsonValue | undefined | Actor;
}

export interface EventToAppend {
  /** UUID; re-appending the same id at the same place is idempotent. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * An event as read back. Readers may be handed the very same object (the embedded store shares
 * recently committed events among its subscribers): treat it as read-only. Its fields may be
 * accessors (the embedded store parses `metadata` on first read): copy them by name, since a
 * spread copies only own fields.
 */
export interface RecordedEvent {
  streamId: string;
  /** Per stream, from 0, gap-free. */
  revision: bigint;
  /** Global, strictly increasing (gap-free in the embedded store, sparse on EventStoreDB). */
  position: bigint;
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  /** The store's own timestamp; informational only (use `metadata.recordedAt`). */
  storedAt: Date;
}

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: bigint;
  /** Global position of the last appended event. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Defaults to the first (forwards) or last (backwards) revision. */
  fromRevision?: bigint | 'start' | 'end';
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: Direction;
  /** Inclusive. Defaults to the start (forwards) or end (backwards) of the log. */
  fromPosition?: bigint | 'start' | 'end';
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: the subscription delivers exactly the events after it. */
  fromPosition?: bigint | 'start';
}

/** Custom key/values of a stream (EventStoreDB keeps them in the stream's `$$` metadata). */
export type StreamMetadata = JsonObject;

/**
 * A catch-up subscription: the events after the checkpoint, then live ones, in order.
 * Iterate it with `for await`; `stop()` ends the iteration cleanly.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface StoreHealth {
  status: 'up' | 'down';
  adapter: 'sqlite' | 'eventstoredb';
  /** Global position of the last event, when known. */
  lastPosition?: bigint;
  detail?: string;
}

export interface EventStore {
  /** Appends all events atomically or none; throws WrongExpectedVersionError on a mismatch. */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /** A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  streamExists(streamId: string): Promise<boolean>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** Injection token of the EventStore in Nest modules. */
export const EVENT_STORE = Symbol('EVENT_STORE');
