/** `If-Match` named a revision the stream has moved past (412). */
export class PreconditionFailedError extends Error {
  constructor(
    readonly expected: bigint,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `The record changed since revision ${expected} (it is now at ${String(actual)}); reload and try again.`,
    );
    this.name = 'PreconditionFailedError';
  }
}

/** Other writers kept winning the race for a stream after every retry (409). */
export class ContendedStreamError extends Error {
  constructor(attempts: number) {
    super(`The record is being changed by others; gave up after ${attempts} attempts. Try again.`);
    this.name = 'ContendedStreamError';
  }
}

export const MAX_DECISION_ATTEMPTS = 5;
