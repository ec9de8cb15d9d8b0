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
  /**
   * The global position (decimal) of the last event the decider saw: the later of the
   * professional's and the schemes' last events. Absent where no ledger is behind the decision.
   */
  ledgerPosition?: string;
}

/**
 * The `decidedAtPosition` a decision event records: the ledger as it stood when it was decided,
 * so that its basis can be recomputed from exactly that much of the ledger later.
 */
export function decidedAt(context: DecisionContext): { decidedAtPosition?: string } {
  return context.ledgerPosition === undefined ? {} : { decidedAtPosition: context.ledgerPosition };
}

/** The scheme version in force on a date; a ledger without one cannot decide anything. */
export function requireScheme(context: DecisionContext, date: LocalDate = context.today): Scheme {
  const scheme = schemeInForce(context.schemes, date);
  if (!scheme) throw illegalState(`No scheme version is in force on ${date}.`);
  return scheme;
}
