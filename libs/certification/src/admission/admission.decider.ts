import { invalid, ruleViolation } from '../shared/domain-error';
import { requireScheme, type DecisionContext } from '../professional/decision-context';
import type { DecideAdmission } from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import { requireStatus } from '../professional/professional-guards';
import type { ProfessionalState } from '../professional/professional-state';
import type { Scheme } from '../schemes/scheme';

/** The admission requirements (toegangseisen) the professional does not meet under a scheme. */
export function unmetAdmissionRequirements(state: ProfessionalState, scheme: Scheme): string[] {
  const { diploma, evc, experienceYears, codeSigned } = state.details;
  const unmet: string[] = [];
  const levels = scheme.admission.diplomaLevels;
  if (!evc && !(diploma && levels.includes(diploma.level.toLowerCase()))) {
    unmet.push(`a diploma of level ${levels.join(' or ')} or an EVC statement is required`);
  }
  if (experienceYears < scheme.admission.minExperienceYears) {
    unmet.push(
      `at least ${scheme.admission.minExperienceYears} years of experience as klantmanager are required (${experienceYears} given)`,
    );
  }
  if (!codeSigned) unmet.push('the professional code must be signed');
  return unmet;
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
  if (outcome === 'admitted') {
    const unmet = unmetAdmissionRequirements(state, scheme);
    if (unmet.length > 0) {
      throw ruleViolation(
        `Admission under ${scheme.schemeId} is not possible: ${unmet.join('; ')}.`,
      );
    }
  }
  const data = {
    professionalId: state.professionalId,
    decisionId: context.newId(),
    schemeId: scheme.schemeId,
    decidedOn: context.today,
    reasons,
  };
  return [
    outcome === 'admitted'
      ? { type: 'AdmissionGranted', data }
      : { type: 'AdmissionRefused', data },
  ];
}
