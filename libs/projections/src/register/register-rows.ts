import type { RegisterFacts } from './register-facts';
import type { TimelineSegment } from './status-timeline';

/** The columns of a row version that carry its values (not who it belongs to or when known). */
export const ROW_VALUE_COLUMNS = [
  'registration_number',
  'name',
  'email',
  'municipality',
  'sector',
  'status',
  'renewal_pending',
  'certificate_id',
  'certificate_valid_from',
  'certificate_valid_until',
  'valid_from',
  'valid_to',
] as const;

/** The values of one row version: one valid-time segment of an entry. */
export type RowValues = ReturnType<typeof rowsOf>[number];

/** An entry's row values, one per segment of its valid-time timeline. */
export function rowsOf(facts: RegisterFacts, timeline: TimelineSegment[]) {
  return timeline.map((segment) => ({
    registration_number: facts.registrationNumber,
    name: facts.name,
    email: facts.email,
    municipality: facts.municipality,
    sector: facts.sector,
    status: segment.status,
    renewal_pending: segment.renewalPending ? 1 : 0,
    certificate_id: segment.certificateId,
    certificate_valid_from: segment.certificateValidFrom,
    certificate_valid_until: segment.certificateValidUntil,
    valid_from: segment.validFrom,
    valid_to: segment.validTo,
  }));
}

export function sameRows(current: readonly RowValues[], next: readonly RowValues[]): boolean {
  return (
    current.length === next.length &&
    current.every((row, index) =>
      ROW_VALUE_COLUMNS.every((column) => row[column] === next[index][column]),
    )
  );
}
