import {
  recomputeBasis,
  type CertificateGranted,
  type CertificationBasis,
  type CertificationRefused,
  type ProfessionalState,
  type Scheme,
} from '@vakregister/certification';

export type CertificationDecision = CertificateGranted | CertificationRefused;

/** What became of one certification decision under the alternative scheme. */
export type Reevaluation =
  /** Decided before the alternative's `effectiveFrom`: left as recorded. */
  | { kind: 'before-alternative' }
  /** The facts use categories or competencies the alternative lacks, or the request is missing. */
  | {
      kind: 'not-comparable';
      missingCategories: string[];
      missingCompetencies: string[];
      requestMissing: boolean;
    }
  | {
      kind: 're-evaluated';
      grantedAsRecorded: boolean;
      grantedUnderAlternative: boolean;
      /** Refused although the recorded rules supported granting: a judgement the rules do not cover. */
      refusedOnJudgement: boolean;
    };

const isCertificationBasis = (basis: unknown): basis is CertificationBasis =>
  typeof basis === 'object' && basis !== null && 'shortfalls' in basis && 'activities' in basis;

/**
 * The basis of a decision with the alternative standing in for the scheme version it recorded:
 * the domain's own recomputation (same request, cycle, plan date and facts), fed a scheme list in
 * which the recorded id names the alternative's rules.
 */
function basisUnder(
  decision: CertificationDecision,
  before: ProfessionalState,
  alternative: Scheme,
): CertificationBasis | null {
  const standIn = { ...alternative, schemeId: decision.data.schemeId };
  const basis = recomputeBasis(decision, before, [standIn]);
  return isCertificationBasis(basis) ? basis : null;
}

/** Categories whose points counted in the recorded basis but that the alternative does not have. */
function categoriesLost(recorded: CertificationBasis, basis: CertificationBasis): string[] {
  const counted = new Set(
    recorded.activities
      .filter((activity) => activity.outcome === 'counted' || activity.outcome === 'over-cap')
      .map((activity) => activity.activityId),
  );
  const lost = basis.activities.filter(
    (activity) => activity.outcome === 'not-in-scheme' && counted.has(activity.activityId),
  );
  return [...new Set(lost.map((activity) => activity.category))];
}

/**
 * Re-evaluates one certification decision on the facts as they stood just before it. Under the
 * alternative, a decision is granted when its basis has no shortfalls, except a refusal whose
 * recorded basis had none either: that refusal rested on the committee's judgement and stands.
 */
export function reevaluateDecision(
  decision: CertificationDecision,
  before: ProfessionalState,
  alternative: Scheme,
): Reevaluation {
  if (decision.data.decidedOn < alternative.effectiveFrom) return { kind: 'before-alternative' };
  const basis = basisUnder(decision, before, alternative);
  if (!basis) {
    return {
      kind: 'not-comparable',
      missingCategories: [],
      missingCompetencies: [],
      requestMissing: true,
    };
  }
  const recorded = decision.data.basis;
  const known = new Set(alternative.competencies.map((competency) => competency.id));
  const missingCategories = categoriesLost(recorded, basis);
  const missingCompetencies = basis.planCompetencies.filter((id) => !known.has(id));
  if (missingCategories.length > 0 || missingCompetencies.length > 0) {
    return {
      kind: 'not-comparable',
      missingCategories,
      missingCompetencies,
      requestMissing: false,
    };
  }
  const grantedAsRecorded = decision.type === 'CertificateGranted';
  const refusedOnJudgement = !grantedAsRecorded && recorded.shortfalls.length === 0;
  return {
    kind: 're-evaluated',
    grantedAsRecorded,
    grantedUnderAlternative: !refusedOnJudgement && basis.shortfalls.length === 0,
    refusedOnJudgement,
  };
}
