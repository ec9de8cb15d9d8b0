import { isLocalDate } from '../shared/calendar';
import { illegalState, invalid, ruleViolation } from '../shared/domain-error';
import type { Scheme } from './scheme';
import type { SchemeEvent } from './scheme-events';

export type SchemesState = readonly Scheme[];
export const initialSchemesState: SchemesState = [];

export function evolveSchemes(state: SchemesState, event: SchemeEvent): SchemesState {
  switch (event.type) {
    case 'SchemePublished':
      return [...state, event.data];
    default: {
      const unknown: never = event.type;
      throw new Error(`Unknown event ${String(unknown)}`);
    }
  }
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/** The rules a scheme version must obey to be publishable. */
function problemsOf(scheme: Scheme): string[] {
  const problems: string[] = [];
  if (!isLocalDate(scheme.effectiveFrom)) problems.push('effectiveFrom is not a calendar date');
  const positive: Array<[string, number]> = [
    ['cycleYears', scheme.cycleYears],
    ['pointsRequired', scheme.pointsRequired],
    ['planMin', scheme.planMin],
    ['maxHoursPerActivity', scheme.maxHoursPerActivity],
    ['renewalWindowMonths', scheme.renewalWindowMonths],
    ['maxSuspensionMonths', scheme.maxSuspensionMonths],
  ];
  for (const [name, value] of positive) if (!(value > 0)) problems.push(`${name} must be above 0`);
  if (scheme.categories.length === 0) problems.push('a scheme has at least one category');
  if (scheme.competencies.length === 0) problems.push('a scheme has at least one competency');
  const categoryIds = scheme.categories.map((category) => category.id);
  const competencyIds = scheme.competencies.map((competency) => competency.id);
  if (duplicates(categoryIds).length > 0)
    problems.push(`category ${duplicates(categoryIds)[0]} appears twice`);
  if (duplicates(competencyIds).length > 0)
    problems.push(`competency ${duplicates(competencyIds)[0]} appears twice`);
  for (const category of scheme.categories) {
    if (category.min !== undefined && category.max !== undefined && category.min > category.max) {
      problems.push(`category ${category.id} has min ${category.min} above max ${category.max}`);
    }
  }
  const minimums = scheme.categories.reduce((sum, category) => sum + (category.min ?? 0), 0);
  if (minimums > scheme.pointsRequired) {
    problems.push(
      `the category minimums (${minimums}) exceed pointsRequired (${scheme.pointsRequired})`,
    );
  }
  if (scheme.planMin > scheme.planMax)
    problems.push(`planMin ${scheme.planMin} is above planMax ${scheme.planMax}`);
  if (scheme.planMax > scheme.competencies.length) {
    problems.push(
      `planMax ${scheme.planMax} is above the number of competencies (${scheme.competencies.length})`,
    );
  }
  return problems;
}

export function decidePublishScheme(state: SchemesState, scheme: Scheme): SchemeEvent[] {
  if (state.some((published) => published.schemeId === scheme.schemeId)) {
    throw illegalState(
      `Scheme ${scheme.schemeId} has already been published; publish a new version under another id.`,
    );
  }
  if (!isLocalDate(scheme.effectiveFrom))
    throw invalid('effectiveFrom is not a calendar date.', 'effectiveFrom');
  const problems = problemsOf(scheme);
  if (problems.length > 0)
    throw ruleViolation(`The scheme is not consistent: ${problems.join('; ')}.`);
  return [{ type: 'SchemePublished', data: scheme }];
}
