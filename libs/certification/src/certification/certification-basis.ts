import { inPeriod, type LocalDate, type Period } from '../shared/calendar';
import type { CertificationBasis } from '../professional/professional-events';
import type { ProfessionalState } from '../professional/professional-state';
import type { Scheme } from '../schemes/scheme';

/** The competencies of the development plan in force on a date (the last one set by then). */
export function planInForce(state: ProfessionalState, date: LocalDate): string[] {
  let competencies: string[] = [];
  for (const plan of state.plans) if (plan.effectiveFrom <= date) competencies = plan.competencies;
  return competencies;
}

/**
 * The points of a cycle under a scheme: 1 approved hour = 1 point, only for activities completed
 * inside the cycle; category caps limit what counts (in the order activities were completed);
 * an activity counts in full for every competency it lists.
 */
export function computeBasis(
  state: ProfessionalState,
  cycle: Period,
  planDate: LocalDate,
  scheme: Scheme,
): CertificationBasis {
  const planCompetencies = planInForce(state, planDate);
  const perCategory: CertificationBasis['perCategory'] = {};
  for (const category of scheme.categories) {
    perCategory[category.id] = {
      logged: 0,
      counted: 0,
      ...(category.min !== undefined ? { min: category.min } : {}),
      ...(category.max !== undefined ? { max: category.max } : {}),
    };
  }
  const perCompetency: CertificationBasis['perCompetency'] = {};
  for (const competency of planCompetencies) {
    perCompetency[competency] = { points: 0, min: scheme.minPointsPerPlannedCompetency };
  }

  const activities = Object.values(state.activities)
    .filter((activity) => activity.status !== 'withdrawn')
    // Stable: activities completed on the same day keep the order in which they were logged.
    .sort((a, b) => (a.completedOn < b.completedOn ? -1 : a.completedOn > b.completedOn ? 1 : 0));

  const basisActivities: CertificationBasis['activities'] = [];
  for (const activity of activities) {
    const entry = {
      activityId: activity.activityId,
      category: activity.category,
      hours: activity.hours,
    };
    if (activity.status !== 'approved') {
      basisActivities.push({ ...entry, counted: 0, outcome: 'not-approved' });
      continue;
    }
    if (!inPeriod(activity.completedOn, cycle)) {
      basisActivities.push({ ...entry, counted: 0, outcome: 'outside-cycle' });
      continue;
    }
    const category = perCategory[activity.category];
    if (!category) {
      // Logged under an earlier scheme whose category the scheme in force no longer has.
      basisActivities.push({ ...entry, counted: 0, outcome: 'not-in-scheme' });
      continue;
    }
    let counted = activity.hours;
    category.logged += activity.hours;
    if (category.max !== undefined) {
      counted = Math.max(0, Math.min(counted, category.max - category.counted));
    }
    category.counted += counted;
    for (const competency of activity.competencies) {
      if (perCompetency[competency]) perCompetency[competency].points += activity.hours;
    }
    basisActivities.push({
      ...entry,
      counted,
      outcome: counted < activity.hours ? 'over-cap' : 'counted',
    });
  }

  const total = Object.values(perCategory).reduce((sum, category) => sum + category.counted, 0);
  const shortfalls: string[] = [];
  if (total < scheme.pointsRequired) shortfalls.push(`${total} of ${scheme.pointsRequired} points`);
  for (const [id, category] of Object.entries(perCategory)) {
    if (category.min !== undefined && category.counted < category.min) {
      shortfalls.push(`${category.counted} of at least ${category.min} points in ${id}`);
    }
  }
  if (planCompetencies.length === 0) shortfalls.push(`no development plan in force on ${planDate}`);
  for (const [id, competency] of Object.entries(perCompetency)) {
    if (competency.points < competency.min) {
      shortfalls.push(
        `${competency.points} of at least ${competency.min} points for planned competency ${id}`,
      );
    }
  }

  return {
    schemeId: scheme.schemeId,
    cycle,
    planCompetencies,
    pointsRequired: scheme.pointsRequired,
    total,
    perCategory,
    perCompetency,
    activities: basisActivities,
    shortfalls,
  };
}
