import { illegalState } from '../shared/domain-error';
import type { LocalDate } from '../shared/calendar';
import { schemeInForce, type Scheme } from '../schemes/scheme';

/** What a decider may know besides the stream: time and rules come in, never from a clock. */
export interface DecisionContext {
  /** The command's instant (ISO 8601 UTC) from the domain clock. */
  now: string;
  /** The Europe/Amsterdam calendar date of `now`. */
  today: LocalDate;
  /** Every published scheme version. */
  schemes: readonly Scheme[];
  /** Next id for something the command creates (deterministic in the infrastructure). */
  newId(): string;
}

/** The scheme version in force on a date; a ledger without one cannot decide anything. */
export function requireScheme(context: DecisionContext, date: LocalDate = context.today): Scheme {
  const scheme = schemeInForce(context.schemes, date);
  if (!scheme) throw illegalState(`No scheme version is in force on ${date}.`);
  return scheme;
}
