import type { LocalDate } from '../shared/calendar';
import { illegalState } from '../shared/domain-error';
import type { SanctionBasis } from '../professional/professional-events';
import { effectiveState } from '../professional/professional-guards';
import type { ProfessionalState } from '../professional/professional-state';
import type { Scheme } from '../schemes/scheme';

/**
 * The certificate a sanction acts on and the professional's status on the decision date (as
 * the dates make it: a suspension past its `until` has ended). Shared by suspension and
 * revocation, which differ only in the scheme limit a suspension is held to.
 */
function certificateBasis(state: ProfessionalState, decidedOn: LocalDate): SanctionBasis {
  const certificate = state.certificate;
  if (!certificate) throw illegalState('There is no certificate to sanction.');
  return {
    certificateId: certificate.certificateId,
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    status: effectiveState(state, decidedOn).status,
  };
}

/**
 * The basis of a suspension: the certificate, the status and the longest suspension the scheme
 * in force allowed. The decider stores it; verification recomputes it with this function.
 */
export function computeSuspensionBasis(
  state: ProfessionalState,
  decidedOn: LocalDate,
  scheme: Scheme,
): SanctionBasis {
  return {
    ...certificateBasis(state, decidedOn),
    maxSuspensionMonths: scheme.maxSuspensionMonths,
  };
}

/** The basis of a revocation: the certificate it ends and the status it ends it in. */
export function computeRevocationBasis(
  state: ProfessionalState,
  decidedOn: LocalDate,
): SanctionBasis {
  return certificateBasis(state, decidedOn);
}
