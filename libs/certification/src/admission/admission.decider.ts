import { invalid, ruleViolation } from '../shared/domain-error';
import { decidedAt, requireScheme, type DecisionContext } from '../professional/decision-context';
import type { DecideAdmission } from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import { requireStatus } from '../professional/professional-guards';
import type { ProfessionalState } from '../professional/professional-state';
import type { Scheme } from '../schemes/scheme';
import { computeAdmissionBasis } from './admission-basis';

/** The admission requirements (toegangseisen) the professional does not meet under a scheme. */
export function unmetAdmissionRequirements(state: ProfessionalState, scheme: Scheme): string[] {
  return computeAdmissionBasis(state, scheme).unmet;
}

export function decideAdmission(
  state: ProfessionalState,
  command: DecideAdmission,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireStatus(state, ['applicant'], 'decide on admission');
  const scheme = requireScheme(context);
  const { outcome, reasons } = command.data;
  if (outcome === 'refused' && reasons.length === 0) {
    throw invalid('A refusal states at least one reason.', 'reasons');
  }
  const basis = computeAdmissionBasis(state, scheme);
  if (outcome === 'admitted' && basis.unmet.length > 0) {
    throw ruleViolation(
      `Admission under ${scheme.schemeId} is not possible: ${basis.unmet.join('; ')}.`,
    );
  }
  const data = {
    professionalId: state.professionalId,
    decisionId: context.newId(),
    schemeId: scheme.schemeId,
    decidedOn: context.today,
    reasons,
    basis,
    ...decidedAt(context),
  };
  return [
    outcome === 'admitted'
      ? { type: 'AdmissionGranted', data }
      : { type: 'AdmissionRefused', data },
  ];
}
