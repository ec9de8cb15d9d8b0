import {
  ANY,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  END,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  isCommandError,
  jsonEvent,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type EventData,
  type Position as ClientPosition,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import {
  EventStoreError,
  EventStoreUnavailableError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '../errors';
import type {
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  RecordedEvent,
  StreamMetadata,
} from '../event-store.port';

/** The fields of the client's recorded event this adapter relies on. */
export interface ClientRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  created: Date | number | string;
  position?: ClientPosition;
}

/** The client's resolved event (from a stream read, a $all read or a subscription). */
export interface ClientResolvedEvent {
  event?: ClientRecordedEvent;
  commitPosition?: bigint;
}

/** The gRPC API writes "no position" as the largest unsigned 64-bit integer. */
const NO_POSITION = 0xffffffffffffffffn;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toClientExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      // The client serialises the revision as an unsigned integer: a negative one would wrap.
      if (typeof expected !== 'bigint' || expected < 0n) {
        throw new InvalidAppendError(streamId, `invalid expected revision ${String(expected)}`);
      }
      return expected;
  }
}

/** The client reports a missing stream as 'no_stream' or, from older paths, a negative number. */
export function toPortActualRevision(actual: unknown): bigint | 'no_stream' {
  if (typeof actual === 'bigint') return actual < 0n ? 'no_stream' : actual;
  if (typeof actual === 'number' && Number.isInteger(actual)) {
    return actual < 0 ? 'no_stream' : BigInt(actual);
  }
  return 'no_stream';
}

/** Passing the port's id makes a retried append idempotent on the server. */
export function toClientEvent(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
}

/**
 * The server's own position of an append, or undefined when it cannot be trusted: an idempotent
 * retry may carry none, and for a batch it is not documented which event the position belongs to.
 */
export function trustedAppendPosition(
  result: ClientAppendResult,
  eventCount: number,
): bigint | undefined {
  if (eventCount !== 1 || result.position === undefined) return undefined;
  const commit = result.position.commit;
  return commit < 0n || commit === NO_POSITION ? undefined : commit;
}

/**
 * On 20+ servers every event written outside a legacy TCP transaction has commit == prepare, so
 * one bigint identifies it; a position from the port is sent as both halves.
 */
export function toClientPosition(position: bigint): ClientPosition {
  return { commit: position, prepare: position };
}

/** Positions at or below 0 precede every event, and the server needs no exact record there. */
export function toReadPosition(position: bigint | 'start' | 'end'): ReadPosition {
  if (position === 'start') return START;
  if (position === 'end') return END;
  return position <= 0n ? START : toClientPosition(position);
}

export function toReadRevision(revision: bigint | 'start' | 'end'): ReadRevision {
  if (revision === 'start') return START;
  if (revision === 'end') return END;
  return revision;
}

/** The commit position of a resolved event, or undefined when the server did not report one. */
export function positionOf(resolved: ClientResolvedEvent): bigint | undefined {
  const candidates = [resolved.event?.position?.commit, resolved.commitPosition];
  return candidates.find(
    (candidate): candidate is bigint =>
      typeof candidate === 'bigint' && candidate >= 0n && candidate !== NO_POSITION,
  );
}

/** The exact client position of an event, so that a resumed read lands on a record boundary. */
export function exactPositionOf(resolved: ClientResolvedEvent): ClientPosition | undefined {
  const commit = positionOf(resolved);
  if (commit === undefined) return undefined;
  const prepare = resolved.event?.position?.prepare;
  if (resolved.event?.position?.commit === commit && typeof prepare === 'bigint') {
    if (prepare >= 0n && prepare !== NO_POSITION) return { commit, prepare };
  }
  return toClientPosition(commit);
}

/** EventStoreDB's own events ($metadata, $stats…, links) live in $-types or $-streams. */
export function isSystemEvent(resolved: ClientResolvedEvent): boolean {
  const event = resolved.event;
  if (!event) return true;
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function toStoredAt(created: Date | number | string): Date {
  return created instanceof Date ? created : new Date(created);
}

/**
 * Maps an event to the port's shape, or returns undefined for what the port cannot represent: a
 * deleted link target, or an event some other writer stored as binary or without JSON objects.
 */
export function toRecordedEvent(resolved: ClientResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) return undefined;
  const position = positionOf(resolved);
  if (position === undefined) {
    throw new Error(
      `EventStoreDB reported no position for event ${event.id} (a 22.6+ server is required)`,
    );
  }
  return {
    streamId: event.streamId,
    revision: event.revision,
    position,
    id: event.id,
    type: event.type,
    data: event.data as JsonObject,
    metadata: event.metadata as EventMetadata,
    storedAt: toStoredAt(event.created),
  };
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError || error instanceof StreamDeletedError;
}

const UNAVAILABLE_GRPC_CODES = new Set([
  1, // CANCELLED (by the server, e.g. on shutdown)
  4, // DEADLINE_EXCEEDED
  14, // UNAVAILABLE
]);

/** Errors after which the same request may succeed once the server is reachable again. */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT)$/.test(code)) {
    return true;
  }
  return /failed to discover|ECONNREFUSED|connection (closed|refused|reset)/i.test(error.message);
}

/**
 * Errors worth another attempt from another starting point: the server's own failures (including
 * its refusal of a position that is no record boundary), but not a refusal of the caller.
 */
export function isRetryableError(error: unknown): boolean {
  if (isUnavailableError(error)) return true;
  if (error instanceof AccessDeniedError || error instanceof InvalidArgumentError) return false;
  return error instanceof Error && isCommandError(error);
}

export interface ErrorContext {
  streamId?: string;
  expectedRevision?: ExpectedRevision;
}

/** Translates the client's errors into the port's; anything else passes through unchanged. */
export function mapClientError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof ClientWrongExpectedVersionError) {
    return new WrongExpectedVersionError(
      context.streamId ?? error.streamName,
      context.expectedRevision ?? toPortExpectedRevision(error.expectedVersion),
      toPortActualRevision(error.actualVersion),
    );
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidAppendError(
      context.streamId ?? '',
      `the events exceed the server's maximum append size of ${error.maxAppendSize} bytes`,
    );
  }
  if (isUnavailableError(error)) {
    const detail = error instanceof Error && error.message ? error.message : String(error);
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${detail}`, {
      cause: error,
    });
  }
  return error;
}

function toPortExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') {
    return expected;
  }
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  return 'any';
}

/** EventStoreDB reserves `$`-keys of stream metadata for its own settings ($maxAge, $acl…). */
export function customMetadataOf(raw: unknown): StreamMetadata {
  if (!isPlainObject(raw)) return {};
  const custom: StreamMetadata = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('$')) custom[key] = value as JsonValue;
  }
  return custom;
}

export function systemMetadataOf(raw: unknown): Record<string, unknown> {
  if (!isPlainObject(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter(([key]) => key.startsWith('$')));
}

/** A `$`-key would change the stream's ACL or retention on the server, so it is refused. */
export function assertCustomMetadata(streamId: string, metadata: StreamMetadata): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.startsWith('$')) {
    throw new InvalidAppendError(
      String(streamId),
      'stream ids are non-empty and never start with "$"',
    );
  }
  if (!isPlainObject(metadata)) {
    throw new InvalidAppendError(streamId, 'stream metadata is not a JSON object');
  }
  const reserved = Object.keys(metadata).find((key) => key.startsWith('$'));
  if (reserved !== undefined) {
    throw new InvalidAppendError(
      streamId,
      `metadata key "${reserved}" is reserved by EventStoreDB`,
    );
  }
}

/** The metastream EventStoreDB keeps a stream's metadata in. */
export function metastreamOf(streamId: string): string {
  return `$$${streamId}`;
}

export function toMetadataEvent(data: Record<string, unknown>): EventData {
  return jsonEvent({ type: '$metadata', data });
}
