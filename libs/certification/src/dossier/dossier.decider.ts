import { ruleViolation, illegalState, notFound, invalid } from '../shared/domain-error';
import { requireScheme, type DecisionContext } from '../professional/decision-context';
import type {
  LogActivity,
  ReviewActivity,
  SetDevelopmentPlan,
  WithdrawActivity,
} from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import { DOSSIER_STATES, requireStatus } from '../professional/professional-guards';
import type { ActivityState, ProfessionalState } from '../professional/professional-state';
import { openObjectionCovering } from '../objections/objections.decider';
import type { Scheme } from '../schemes/scheme';

function unknownCompetencies(scheme: Scheme, competencies: readonly string[]): string[] {
  const known = new Set(scheme.competencies.map((competency) => competency.id));
  return competencies.filter((competency) => !known.has(competency));
}

function requireKnownCompetencies(scheme: Scheme, competencies: readonly string[]): void {
  const unknown = unknownCompetencies(scheme, competencies);
  if (unknown.length > 0) {
    throw ruleViolation(
      `Scheme ${scheme.schemeId} has no competency ${unknown.join(', ')}.`,
      'competencies',
    );
  }
}

export function decideDevelopmentPlan(
  state: ProfessionalState,
  command: SetDevelopmentPlan,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireStatus(state, DOSSIER_STATES, 'set a development plan');
  const scheme = requireScheme(context);
  const competencies = command.data.competencies;
  if (new Set(competencies).size !== competencies.length) {
    throw invalid('A competency appears more than once in the plan.', 'competencies');
  }
  requireKnownCompetencies(scheme, competencies);
  if (competencies.length < scheme.planMin || competencies.length > scheme.planMax) {
    throw ruleViolation(
      `A development plan has ${scheme.planMin} to ${scheme.planMax} competencies (${competencies.length} given).`,
      'competencies',
    );
  }
  return [
    {
      type: 'DevelopmentPlanSet',
      data: {
        professionalId: state.professionalId,
        competencies,
        effectiveFrom: context.today,
        schemeId: scheme.schemeId,
      },
    },
  ];
}

export function decideActivityLog(
  state: ProfessionalState,
  command: LogActivity,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireStatus(state, DOSSIER_STATES, 'log an activity');
  const scheme = requireScheme(context);
  const { category, hours, competencies, completedOn } = command.data;
  if (!scheme.categories.some((known) => known.id === category)) {
    throw ruleViolation(
      `Scheme ${scheme.schemeId} has no category ${category} (it has ${scheme.categories.map((c) => c.id).join(', ')}).`,
      'category',
    );
  }
  if (!(hours > 0) || hours > scheme.maxHoursPerActivity || !Number.isInteger(hours * 4)) {
    throw ruleViolation(
      `Hours are whole quarter-hours, more than 0 and at most ${scheme.maxHoursPerActivity} per activity (${hours} given).`,
      'hours',
    );
  }
  if (competencies.length === 0) {
    throw ruleViolation('An activity develops at least one competency.', 'competencies');
  }
  if (new Set(competencies).size !== competencies.length) {
    throw invalid('A competency appears more than once.', 'competencies');
  }
  requireKnownCompetencies(scheme, competencies);
  if (completedOn > context.today) {
    throw ruleViolation(
      `An activity cannot be completed in the future (${completedOn} is after ${context.today}).`,
      'completedOn',
    );
  }
  return [
    {
      type: 'ActivityLogged',
      data: {
        professionalId: state.professionalId,
        activityId: context.newId(),
        ...command.data,
        loggedOn: context.today,
        schemeId: scheme.schemeId,
      },
    },
  ];
}

function requireActivity(state: ProfessionalState, activityId: string): ActivityState {
  const activity = state.activities[activityId];
  if (!activity) throw notFound(`This professional has no activity ${activityId}.`);
  return activity;
}

export function decideActivityWithdrawal(
  state: ProfessionalState,
  command: WithdrawActivity,
): ProfessionalEvent[] {
  requireStatus(state, DOSSIER_STATES, 'withdraw an activity');
  const activity = requireActivity(state, command.data.activityId);
  if (activity.status !== 'logged') {
    throw illegalState(
      `Only an unreviewed activity can be withdrawn; this one is ${activity.status}.`,
    );
  }
  return [
    {
      type: 'ActivityWithdrawn',
      data: {
        professionalId: state.professionalId,
        activityId: activity.activityId,
        ...(command.data.reason ? { reason: command.data.reason } : {}),
      },
    },
  ];
}

export function decideActivityReview(
  state: ProfessionalState,
  command: ReviewActivity,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireStatus(state, DOSSIER_STATES, 'review an activity');
  const activity = requireActivity(state, command.data.activityId);
  if (activity.status === 'approved' || activity.status === 'rejected') {
    // A second review only while an objection against a decision that weighed it is open.
    const objection = openObjectionCovering(state, activity.activityId);
    if (!objection) {
      throw illegalState(
        `This activity is already ${activity.status}; it can be reviewed again only while an objection against a decision that counted or excluded it is open.`,
      );
    }
    return [
      {
        type: 'ActivityReviewCorrected',
        data: {
          professionalId: state.professionalId,
          activityId: activity.activityId,
          outcome: command.data.outcome,
          reason: command.data.reason,
          objectionId: objection.objectionId,
          reviewedOn: context.today,
        },
      },
    ];
  }
  if (activity.status !== 'logged') {
    throw illegalState(`This activity cannot be reviewed: it is already ${activity.status}.`);
  }
  const data = {
    professionalId: state.professionalId,
    activityId: activity.activityId,
    reviewedOn: context.today,
    reason: command.data.reason,
  };
  return [
    command.data.outcome === 'approved'
      ? { type: 'ActivityApproved', data }
      : { type: 'ActivityRejected', data },
  ];
}
