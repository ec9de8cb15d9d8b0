import {
  BVK_2016,
  addDays,
  computeBasis,
  foldProfessional,
  objectionDueBy,
  objectionTermEndsOn,
  type ActivityReviewCorrected,
  type CertificationRefused,
  type DecideObjection,
  type ExtendObjectionDeadline,
  type LocalDate,
  type LodgeObjection,
  type ObjectionDeadlineExtended,
  type ObjectionDecided,
  type ObjectionLodged,
  type ProfessionalEvent,
  type ReviewActivity,
  type Scheme,
} from '@vakregister/certification';
import { PROFESSIONAL_ID } from './decider-spec';

// Builders for objection histories of the professional `p-1`, next to those of decider-spec.ts.

/**
 * An objection lodged against a decision taken on `decidedOn`: its term and due date follow
 * from that date by the rules of objection-terms.ts, so that a history cannot contradict them.
 */
export function objectionLodged(
  objectionId: string,
  contested: { decisionId: string; decidedOn: LocalDate },
  options: { lodgedOn?: LocalDate; advisoryCommittee?: boolean; lateAdmissionReason?: string } = {},
): ObjectionLodged {
  const advisoryCommittee = options.advisoryCommittee ?? false;
  return {
    type: 'ObjectionLodged',
    data: {
      professionalId: PROFESSIONAL_ID,
      objectionId,
      decisionId: contested.decisionId,
      lodgedOn: options.lodgedOn ?? addDays(contested.decidedOn, 7),
      termEndsOn: objectionTermEndsOn(contested.decidedOn),
      dueBy: objectionDueBy(contested.decidedOn, advisoryCommittee),
      advisoryCommittee,
      grounds: 'The decision overlooks an accredited activity.',
      ...(options.lateAdmissionReason ? { lateAdmissionReason: options.lateAdmissionReason } : {}),
    },
  };
}

export function objectionExtended(
  objectionId: string,
  dueBy: LocalDate,
): ObjectionDeadlineExtended {
  return {
    type: 'ObjectionDeadlineExtended',
    data: { professionalId: PROFESSIONAL_ID, objectionId, dueBy, reason: 'A hearing is needed.' },
  };
}

export function objectionDecided(
  objectionId: string,
  contestedDecisionId: string,
  outcome: 'upheld' | 'rejected',
  decidedOn: LocalDate,
  extra: { decisionId?: string; replacementDecisionId?: string } = {},
): ObjectionDecided {
  return {
    type: 'ObjectionDecided',
    data: {
      professionalId: PROFESSIONAL_ID,
      objectionId,
      decisionId: extra.decisionId ?? `decision-${objectionId}`,
      contestedDecisionId,
      outcome,
      decidedOn,
      reasons: [outcome === 'upheld' ? 'The grounds are well founded.' : 'No new facts.'],
      ...(extra.replacementDecisionId
        ? { replacementDecisionId: extra.replacementDecisionId }
        : {}),
    },
  };
}

export function reviewCorrected(
  activityId: string,
  objectionId: string,
  outcome: 'approved' | 'rejected',
  reviewedOn: LocalDate,
): ActivityReviewCorrected {
  return {
    type: 'ActivityReviewCorrected',
    data: {
      professionalId: PROFESSIONAL_ID,
      activityId,
      outcome,
      reason: outcome === 'approved' ? 'Accredited after all.' : 'Evidence does not hold.',
      objectionId,
      reviewedOn,
    },
  };
}

/**
 * A certification refusal as the decider records it: the basis is computed from the history
 * (so that it names every activity the decision counted or excluded, which is what a second
 * review during an objection checks), under the scheme given.
 */
export function refusedOnRecord(
  history: readonly ProfessionalEvent[],
  requestId: string,
  decidedOn: LocalDate,
  options: { decisionId?: string; scheme?: Scheme } = {},
): CertificationRefused {
  const state = foldProfessional(history);
  const request = state.requests[requestId];
  if (!request) throw new Error(`The history has no certification request ${requestId}.`);
  const scheme = options.scheme ?? BVK_2016;
  const basis = computeBasis(state, request.cycle, request.requestedOn, scheme);
  return {
    type: 'CertificationRefused',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId: options.decisionId ?? `refusal-${requestId}`,
      requestId,
      decidedOn,
      schemeId: scheme.schemeId,
      reasons: basis.shortfalls.length > 0 ? basis.shortfalls : ['Refused.'],
      basis,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Command builders.

export function lodgeObjectionCommand(
  decisionId: string,
  overrides: Partial<LodgeObjection['data']> = {},
): LodgeObjection {
  return {
    type: 'LodgeObjection',
    data: {
      decisionId,
      grounds: 'The decision overlooks an accredited activity.',
      advisoryCommittee: false,
      actorRole: 'professional',
      ...overrides,
    },
  };
}

export function extendObjectionCommand(objectionId: string): ExtendObjectionDeadline {
  return { type: 'ExtendObjectionDeadline', data: { objectionId, reason: 'A hearing is needed.' } };
}

export function decideObjectionCommand(
  objectionId: string,
  outcome: 'upheld' | 'rejected',
  overrides: Partial<DecideObjection['data']> = {},
): DecideObjection {
  return {
    type: 'DecideObjection',
    data: {
      objectionId,
      outcome,
      reasons: [outcome === 'upheld' ? 'The grounds are well founded.' : 'No new facts.'],
      deciderId: 'app-1',
      contestedDeciderId: 'ass-1',
      ...overrides,
    },
  };
}

export function reviewActivityCommand(
  activityId: string,
  outcome: 'approved' | 'rejected',
  reason = 'Reviewed again on objection.',
): ReviewActivity {
  return { type: 'ReviewActivity', data: { activityId, outcome, reason } };
}
