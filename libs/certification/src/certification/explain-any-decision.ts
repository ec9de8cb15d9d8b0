import type { DecisionEvent } from '../professional/professional-events';
import { explainAdmission } from './explain-admission';
import { explainCertification, type Explanation } from './explain-decision';
import { explainObjection } from './explain-objection';
import { explainRevocation, explainSuspension } from './explain-sanction';
import { explainWithoutBasis } from './explain-without-basis';

/**
 * The plain-language explanation of any decision: from its stored basis when it has one (never
 * from a recomputation, which could follow newer code), otherwise from its data.
 */
export function explainDecision(decision: DecisionEvent): Explanation {
  switch (decision.type) {
    case 'AdmissionGranted':
    case 'AdmissionRefused':
      return decision.data.basis
        ? explainAdmission(
            decision.type === 'AdmissionGranted' ? 'granted' : 'refused',
            decision.data.decidedOn,
            decision.data.basis,
            decision.type === 'AdmissionGranted' ? decision.data.remedyOf : undefined,
          )
        : explainWithoutBasis(decision);
    case 'CertificateGranted':
    case 'CertificationRefused':
      // Certification decisions have stored their basis from the start; old ones may still lack it.
      return decision.data.basis
        ? explainCertification(
            decision.type === 'CertificateGranted' ? 'granted' : 'refused',
            decision.data.decidedOn,
            decision.data.basis,
          )
        : explainWithoutBasis(decision);
    case 'CertificateSuspended':
      return decision.data.basis
        ? explainSuspension(decision.data, decision.data.basis)
        : explainWithoutBasis(decision);
    case 'CertificateRevoked':
      return decision.data.basis
        ? explainRevocation(decision.data, decision.data.basis)
        : explainWithoutBasis(decision);
    case 'ObjectionDecided':
      return decision.data.basis
        ? explainObjection(decision.data, decision.data.basis)
        : explainWithoutBasis(decision);
    case 'RevocationReversed':
      return explainWithoutBasis(decision);
    default: {
      const unknown: never = decision;
      throw new Error(`Unknown decision ${JSON.stringify(unknown)}`);
    }
  }
}
