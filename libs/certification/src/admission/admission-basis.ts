import type { AdmissionBasis } from '../professional/professional-events';
import type { ProfessionalState } from '../professional/professional-state';
import type { Scheme } from '../schemes/scheme';

/**
 * Each admission requirement (toegangseis) of a scheme against the professional's registered
 * details. The decider stores it with the decision; verification recomputes it from the ledger
 * as it stood then, so both must come from this one function.
 */
export function computeAdmissionBasis(state: ProfessionalState, scheme: Scheme): AdmissionBasis {
  const { diploma, evc, experienceYears, codeSigned } = state.details;
  const levels = scheme.admission.diplomaLevels;
  const required = scheme.admission.minExperienceYears;
  const diplomaOrEvc = {
    met: evc || (!!diploma && levels.includes(diploma.level.toLowerCase())),
    given: { diplomaLevel: diploma?.level ?? null, evc },
    required: [...levels],
  };
  const experience = { met: experienceYears >= required, given: experienceYears, required };

  const unmet: string[] = [];
  if (!diplomaOrEvc.met) {
    unmet.push(`a diploma of level ${levels.join(' or ')} or an EVC statement is required`);
  }
  if (!experience.met) {
    unmet.push(
      `at least ${required} years of experience as klantmanager are required (${experienceYears} given)`,
    );
  }
  if (!codeSigned) unmet.push('the professional code must be signed');

  return {
    schemeId: scheme.schemeId,
    requirements: { diplomaOrEvc, experienceYears: experience, codeSigned: { met: codeSigned } },
    unmet,
  };
}
