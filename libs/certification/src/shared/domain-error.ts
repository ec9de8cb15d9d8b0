/**
 * Why a command was refused. The HTTP layer maps the kind once: `invalid` 400, `forbidden` 403,
 * `not-found` 404, `state` 409, `rule` 422.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'state' | 'rule';

/** A refusal with a sentence a committee member can read, and optional field errors. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly errors: readonly { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, field?: string) =>
  new DomainError('invalid', message, field ? [{ field, message }] : []);
export const notFound = (message: string) => new DomainError('not-found', message);
export const illegalState = (message: string) => new DomainError('state', message);
export const ruleViolation = (message: string, field?: string) =>
  new DomainError('rule', message, field ? [{ field, message }] : []);
export const forbidden = (message: string) => new DomainError('forbidden', message);
