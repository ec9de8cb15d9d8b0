import type { ExpectedRevision } from './event-store.port';

/** Base class of every error the event store port throws on purpose. */
export abstract class EventStoreError extends Error {
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream's revision did not match the expectation; nothing was appended. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream "${streamId}": expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The append request itself is malformed (empty id, duplicate ids, non-JSON data, …). */
export class InvalidAppendError extends EventStoreError {
  constructor(
    readonly streamId: string,
    detail: string,
  ) {
    super(`Cannot append to stream "${streamId}": ${detail}`);
  }
}

/** The store cannot be reached or used (connection lost, file locked, disk failure). */
export class EventStoreUnavailableError extends EventStoreError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(detail);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
