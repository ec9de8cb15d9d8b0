import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestActor } from '../access/request-actor';
import type { CommandEnvelope } from './command-envelope';
import { parseLedgerInteger } from '../http/ledger-integer';

type Headers = Record<string, string | string[] | undefined>;

const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `If-Match: "3"` (or W/"3", or 3): the stream revision the client saw. */
export function parseIfMatch(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const revision = parseLedgerInteger(/^(?:W\/)?"?(\d+)"?$/.exec(value.trim())?.[1]);
  if (revision === undefined) {
    throw new BadRequestException({
      detail: 'If-Match must be an ETag of this API, such as "3".',
      errors: [{ field: 'If-Match', message: 'not an ETag of this API' }],
    });
  }
  return revision;
}

/** The envelope of a command: who, correlation, idempotency and precondition, from the request. */
export function envelopeFromRequest(
  actor: RequestActor,
  headers: Headers,
  reason?: string,
): CommandEnvelope {
  const correlationId = single(headers, 'x-correlation-id');
  const idempotencyKey = single(headers, 'idempotency-key');
  for (const [name, value] of [
    ['X-Correlation-Id', correlationId],
    ['Idempotency-Key', idempotencyKey],
  ] as const) {
    if (value !== undefined && !HEADER_VALUE.test(value)) {
      throw new BadRequestException({
        detail: `${name} must be 1 to 200 visible ASCII characters.`,
        errors: [{ field: name, message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
  }
  const ifMatch = parseIfMatch(single(headers, 'if-match'));
  return {
    actor,
    correlationId: correlationId ?? randomUUID(),
    causationId: randomUUID(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(reason ? { reason } : {}),
  };
}
