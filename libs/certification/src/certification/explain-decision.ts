import type { CertificationBasis } from '../professional/professional-events';

/** A plain-language explanation of a certification decision, from its stored basis. */
export interface Explanation {
  nl: string;
  en: string;
}

const OUTCOME_ACTIVITY: Record<
  CertificationBasis['activities'][number]['outcome'],
  [string, string]
> = {
  counted: ['telde volledig mee', 'counted in full'],
  'over-cap': [
    'telde deels mee (boven het maximum van de categorie)',
    'counted in part (over the category cap)',
  ],
  'not-approved': ['telde niet mee (niet goedgekeurd)', 'did not count (not approved)'],
  'outside-cycle': ['telde niet mee (buiten de cyclus)', 'did not count (outside the cycle)'],
  'not-in-scheme': [
    'telde niet mee (categorie niet in de regeling)',
    'did not count (category not in the scheme)',
  ],
};

/** Explains why the rules of the basis lead to granting or refusing, in Dutch and English. */
export function explainCertification(
  outcome: 'granted' | 'refused',
  decidedOn: string,
  basis: CertificationBasis,
): Explanation {
  const categories = Object.entries(basis.perCategory)
    .map(([id, category]) => {
      const bounds = [
        category.min !== undefined ? `min ${category.min}` : '',
        category.max !== undefined ? `max ${category.max}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `${id} ${category.counted}${bounds ? ` (${bounds})` : ''}`;
    })
    .join('; ');
  const competencies = Object.entries(basis.perCompetency)
    .map(([id, competency]) => `${id} ${competency.points}/${competency.min}`)
    .join('; ');
  const counts = (index: 0 | 1) =>
    Object.entries(
      basis.activities.reduce<Record<string, number>>((tally, activity) => {
        const text = OUTCOME_ACTIVITY[activity.outcome][index];
        tally[text] = (tally[text] ?? 0) + 1;
        return tally;
      }, {}),
    )
      .map(([text, count]) => `${count} ${text}`)
      .join(', ');
  const period = `${basis.cycle.from} – ${basis.cycle.until}`;
  const shortNl = basis.shortfalls.length
    ? ` Tekort: ${basis.shortfalls.join('; ')}.`
    : ' Aan alle eisen is voldaan.';
  const shortEn = basis.shortfalls.length
    ? ` Short of: ${basis.shortfalls.join('; ')}.`
    : ' Every requirement is met.';
  return {
    nl:
      `Op ${decidedOn} is certificering ${outcome === 'granted' ? 'verleend' : 'geweigerd'} onder regeling ${basis.schemeId}. ` +
      `Over de cyclus ${period} telden ${basis.total} van de vereiste ${basis.pointsRequired} punten (${categories}); ` +
      `per gekozen competentie: ${competencies || 'geen ontwikkelplan'}. Activiteiten: ${counts(0) || 'geen'}.${shortNl}`,
    en:
      `On ${decidedOn} certification was ${outcome} under scheme ${basis.schemeId}. ` +
      `Over the cycle ${period}, ${basis.total} of the required ${basis.pointsRequired} points counted (${categories}); ` +
      `per planned competency: ${competencies || 'no development plan'}. Activities: ${counts(1) || 'none'}.${shortEn}`,
  };
}
