import type { LocalDate } from '../shared/calendar';
import type { ObjectionBasis, RemedyType } from '../professional/professional-events';
import type {
  DecisionRecord,
  ObjectionState,
  ProfessionalState,
} from '../professional/professional-state';

/** What upholding an objection against this decision appends, on the date of the outcome. */
function remedyFor(
  state: ProfessionalState,
  contested: DecisionRecord,
  decidedOn: LocalDate,
): RemedyType[] {
  switch (contested.type) {
    case 'AdmissionRefused':
      return ['AdmissionGranted'];
    case 'CertificationRefused':
      return ['CertificateGranted'];
    case 'CertificateSuspended':
      // Only a suspension still running is lifted; one past its until date ended by itself.
      return state.suspension?.decisionId === contested.decisionId &&
        state.suspension.until > decidedOn
        ? ['SuspensionLifted']
        : [];
    case 'CertificateRevoked':
      return ['RevocationReversed'];
    default:
      return [];
  }
}

/**
 * The basis of the decision on an objection: the contested decision, the reviews corrected
 * while it was open and the remedy the outcome appends. The decider builds the remedy from it
 * and stores it; verification recomputes it with this same function.
 */
export function computeObjectionBasis(
  state: ProfessionalState,
  objection: ObjectionState,
  outcome: 'upheld' | 'rejected',
  decidedOn: LocalDate,
): ObjectionBasis {
  const contested = state.decisions[objection.decisionId];
  return {
    contestedDecisionId: objection.decisionId,
    contestedType: contested?.type ?? 'unknown',
    correctedActivities: objection.corrections.map(({ activityId, outcome: corrected }) => ({
      activityId,
      outcome: corrected,
    })),
    remedy: outcome === 'upheld' && contested ? remedyFor(state, contested, decidedOn) : [],
  };
}
