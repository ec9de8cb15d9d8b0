import { addDays, type LocalDate } from '../shared/calendar';

/** Awb: the term starts the day after the decision and lasts six weeks. */
export const OBJECTION_TERM_DAYS = 42;
/** Decided within six weeks after the term ended (twelve with an advisory committee). */
export const DECISION_PERIOD_DAYS = 42;
export const ADVISORY_DECISION_PERIOD_DAYS = 84;
/** The one extension allowed. */
export const EXTENSION_DAYS = 42;

/** The last day on which an objection is on time (a decision on 2016-05-13 → 2016-06-24). */
export function objectionTermEndsOn(decidedOn: LocalDate): LocalDate {
  return addDays(decidedOn, OBJECTION_TERM_DAYS);
}

/** The day by which an objection must be decided. */
export function objectionDueBy(decidedOn: LocalDate, advisoryCommittee: boolean): LocalDate {
  return addDays(
    objectionTermEndsOn(decidedOn),
    advisoryCommittee ? ADVISORY_DECISION_PERIOD_DAYS : DECISION_PERIOD_DAYS,
  );
}
