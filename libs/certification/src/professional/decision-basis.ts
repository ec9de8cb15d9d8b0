import { computeAdmissionBasis } from '../admission/admission-basis';
import { computeBasis } from '../certification/certification-basis';
import { computeObjectionBasis } from '../objections/objection-basis';
import { computeRevocationBasis, computeSuspensionBasis } from '../sanctions/sanction-basis';
import { schemeInForce, type Scheme } from '../schemes/scheme';
import { DomainError } from '../shared/domain-error';
import type {
  AdmissionBasis,
  CertificationBasis,
  DecisionEvent,
  ObjectionBasis,
  ProfessionalEvent,
  SanctionBasis,
} from './professional-events';
import type { ProfessionalState } from './professional-state';

export type DecisionBasis = AdmissionBasis | CertificationBasis | SanctionBasis | ObjectionBasis;

const DECISION_TYPES: ReadonlySet<string> = new Set<DecisionEvent['type']>([
  'AdmissionGranted',
  'AdmissionRefused',
  'CertificateGranted',
  'CertificationRefused',
  'CertificateSuspended',
  'CertificateRevoked',
  'ObjectionDecided',
  'RevocationReversed',
]);

/** Whether an event is a decision (other events carry a `decisionId` too: lifts, objections). */
export function isDecisionEvent(event: ProfessionalEvent): event is DecisionEvent {
  return DECISION_TYPES.has(event.type);
}

/** The basis stored with a decision; null for one recorded before bases were, or a reversal. */
export function storedBasis(decision: DecisionEvent): DecisionBasis | null {
  if (decision.type === 'RevocationReversed') return null;
  return decision.data.basis ?? null;
}

/**
 * The basis of a decision recomputed with the same functions its decider used, from the
 * professional's state just before it and the scheme versions known when it was taken. Null
 * when that ledger lacks what the decision rested on (the scheme, the request, the certificate).
 */
export function recomputeBasis(
  decision: DecisionEvent,
  before: ProfessionalState,
  schemes: readonly Scheme[],
): DecisionBasis | null {
  try {
    return recompute(decision, before, schemes);
  } catch (error) {
    // A rule the decider checked first does not hold on this ledger: nothing to compare with.
    if (error instanceof DomainError) return null;
    throw error;
  }
}

function recompute(
  decision: DecisionEvent,
  before: ProfessionalState,
  schemes: readonly Scheme[],
): DecisionBasis | null {
  // The scheme version the decision recorded, as the ledger held it then.
  const recorded = (schemeId: string) => schemes.find((scheme) => scheme.schemeId === schemeId);
  switch (decision.type) {
    case 'AdmissionGranted':
    case 'AdmissionRefused': {
      const scheme = recorded(decision.data.schemeId);
      return scheme ? computeAdmissionBasis(before, scheme) : null;
    }
    case 'CertificateGranted':
    case 'CertificationRefused': {
      const request = before.requests[decision.data.requestId];
      const scheme = recorded(decision.data.schemeId);
      return request && scheme
        ? computeBasis(before, request.cycle, request.requestedOn, scheme)
        : null;
    }
    case 'CertificateSuspended': {
      // A suspension records no scheme id: the one in force on its first day held it.
      const scheme = schemeInForce(schemes, decision.data.from);
      return scheme ? computeSuspensionBasis(before, decision.data.from, scheme) : null;
    }
    case 'CertificateRevoked':
      return computeRevocationBasis(before, decision.data.revokedOn);
    case 'ObjectionDecided': {
      const objection = before.objections[decision.data.objectionId];
      return objection
        ? computeObjectionBasis(before, objection, decision.data.outcome, decision.data.decidedOn)
        : null;
    }
    case 'RevocationReversed':
      return null;
    default: {
      const unknown: never = decision;
      throw new Error(`Unknown decision ${JSON.stringify(unknown)}`);
    }
  }
}
