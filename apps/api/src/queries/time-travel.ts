import { BadRequestException } from '@nestjs/common';
import { amsterdamDate, isLocalDate, type LocalDate } from '@vakregister/certification';
import type { KnownAt } from '@vakregister/projections';
import { parseLedgerInteger } from '../http/ledger-integer';

function invalid(field: string, message: string): BadRequestException {
  return new BadRequestException({ detail: `${field} ${message}.`, errors: [{ field, message }] });
}

/** `asOf`: a calendar date (valid time). */
export function parseAsOf(value: unknown): LocalDate | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isLocalDate(value)) throw invalid('asOf', 'must be a calendar date such as 2016-05-13');
  return value;
}

/** `knownAt`: a ledger position (a decimal integer) or an ISO 8601 instant (record time), inclusive. */
export function parseKnownAt(value: unknown): KnownAt | undefined {
  if (value === undefined || value === '') return undefined;
  const position = parseLedgerInteger(value);
  if (position !== undefined) return { position };
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return { instant: instant.toISOString() };
  }
  throw invalid(
    'knownAt',
    'must be a ledger position or an ISO 8601 instant such as 2016-05-13T10:00:00Z',
  );
}

/** The date a `knownAt` instant falls on, when a query gives `knownAt` without `asOf`. */
export function dateOfInstant(knownAt: KnownAt | undefined): LocalDate | undefined {
  return knownAt && 'instant' in knownAt ? amsterdamDate(knownAt.instant) : undefined;
}
