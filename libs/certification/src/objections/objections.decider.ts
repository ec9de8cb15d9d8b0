import { addDays, addYears } from '../shared/calendar';
import { forbidden, illegalState, invalid, notFound, ruleViolation } from '../shared/domain-error';
import { computeBasis } from '../certification/certification-basis';
import { computeAdmissionBasis } from '../admission/admission-basis';
import { decidedAt, requireScheme, type DecisionContext } from '../professional/decision-context';
import type {
  DecideObjection,
  ExtendObjectionDeadline,
  LodgeObjection,
} from '../professional/professional-commands';
import type { ProfessionalEvent, RemedyType } from '../professional/professional-events';
import { requireRegistered } from '../professional/professional-guards';
import {
  CONTESTABLE_DECISIONS,
  type DecisionRecord,
  type ObjectionState,
  type ProfessionalState,
} from '../professional/professional-state';
import { computeObjectionBasis } from './objection-basis';
import { EXTENSION_DAYS, objectionDueBy, objectionTermEndsOn } from './objection-terms';

function requireObjection(state: ProfessionalState, objectionId: string): ObjectionState {
  requireRegistered(state);
  const objection = state.objections[objectionId];
  if (!objection) throw notFound(`This professional has no objection ${objectionId}.`);
  return objection;
}

/** An objection that is open and whose contested decision counted or excluded the activity. */
export function openObjectionCovering(
  state: ProfessionalState,
  activityId: string,
): ObjectionState | undefined {
  return Object.values(state.objections).find(
    (objection) =>
      objection.status === 'open' &&
      state.decisions[objection.decisionId]?.activityIds.includes(activityId),
  );
}

export function decideObjectionLodging(
  state: ProfessionalState,
  command: LodgeObjection,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireRegistered(state);
  const { decisionId, grounds, advisoryCommittee, lateAdmissionReason, actorRole } = command.data;
  const decision = state.decisions[decisionId];
  if (!decision) throw notFound(`This professional has no decision ${decisionId}.`);
  if (!(CONTESTABLE_DECISIONS as readonly string[]).includes(decision.type)) {
    throw ruleViolation(
      `A ${decision.type} decision is not adverse; there is nothing to object to.`,
    );
  }
  if (decision.reversedBy)
    throw illegalState('This decision has already been reversed on objection.');
  if (
    Object.values(state.objections).some((o) => o.decisionId === decisionId && o.status === 'open')
  ) {
    throw illegalState('An objection against this decision is already open.');
  }
  const termEndsOn = objectionTermEndsOn(decision.decidedOn);
  // API.md: the professional lodges; an appeals member only admits one late, with a reason.
  if (actorRole === 'appeals' && !lateAdmissionReason) {
    throw forbidden(
      'An appeals member lodges an objection only to admit it late, with lateAdmissionReason.',
    );
  }
  if (actorRole !== 'appeals' && lateAdmissionReason) {
    throw forbidden('Only an appeals member may admit a late objection.');
  }
  if (context.today > termEndsOn && !lateAdmissionReason) {
    throw ruleViolation(
      `The objection term ended on ${termEndsOn} (six weeks after the decision of ${decision.decidedOn}); an appeals member may admit it late with a reason.`,
    );
  }
  return [
    {
      type: 'ObjectionLodged',
      data: {
        professionalId: state.professionalId,
        objectionId: context.newId(),
        decisionId,
        lodgedOn: context.today,
        termEndsOn,
        dueBy: objectionDueBy(decision.decidedOn, advisoryCommittee),
        advisoryCommittee,
        grounds,
        ...(lateAdmissionReason ? { lateAdmissionReason } : {}),
      },
    },
  ];
}

export function decideObjectionExtension(
  state: ProfessionalState,
  command: ExtendObjectionDeadline,
): ProfessionalEvent[] {
  const objection = requireObjection(state, command.data.objectionId);
  if (objection.status !== 'open')
    throw illegalState(`This objection has already been ${objection.status}.`);
  if (objection.extended)
    throw illegalState('The deadline of this objection has already been extended once.');
  return [
    {
      type: 'ObjectionDeadlineExtended',
      data: {
        professionalId: state.professionalId,
        objectionId: objection.objectionId,
        dueBy: addDays(objection.dueBy, EXTENSION_DAYS),
        reason: command.data.reason,
      },
    },
  ];
}

/** The event of one remedy the basis of an upheld objection names. */
function remedyEvent(
  kind: RemedyType,
  state: ProfessionalState,
  objection: ObjectionState,
  contested: DecisionRecord,
  reasons: string[],
  context: DecisionContext,
): ProfessionalEvent {
  const remedyOf = { objectionId: objection.objectionId, decisionId: contested.decisionId };
  switch (kind) {
    case 'AdmissionGranted': {
      // Judged by the rules in force when the contested decision was taken.
      const scheme = requireScheme(context, contested.decidedOn);
      return {
        type: 'AdmissionGranted',
        data: {
          professionalId: state.professionalId,
          decisionId: context.newId(),
          schemeId: scheme.schemeId,
          decidedOn: context.today,
          reasons,
          basis: computeAdmissionBasis(state, scheme),
          remedyOf,
          ...decidedAt(context),
        },
      };
    }
    case 'CertificateGranted': {
      const refusedRequest = contested.requestId ? state.requests[contested.requestId] : undefined;
      if (!refusedRequest)
        throw illegalState('The refused request of this decision cannot be found.');
      // Judged by the rules in force when the contested decision was taken, on the corrected record.
      const scheme = requireScheme(context, contested.decidedOn);
      const basis = computeBasis(state, refusedRequest.cycle, refusedRequest.requestedOn, scheme);
      if (basis.shortfalls.length > 0) {
        throw ruleViolation(
          `Upholding would grant the certificate, but the corrected record still falls short: ${basis.shortfalls.join('; ')}. Correct the reviews first, or reject the objection.`,
        );
      }
      // Valid-time backdating: the certificate counts from the date it should have been granted.
      const validFrom =
        refusedRequest.kind === 'renewal' && state.certificate
          ? state.certificate.validUntil
          : contested.decidedOn;
      return {
        type: 'CertificateGranted',
        data: {
          professionalId: state.professionalId,
          decisionId: context.newId(),
          requestId: refusedRequest.requestId,
          certificateId: context.newId(),
          validFrom,
          validUntil: addYears(validFrom, scheme.cycleYears),
          decidedOn: context.today,
          schemeId: scheme.schemeId,
          reasons,
          basis,
          remedyOf,
          ...decidedAt(context),
        },
      };
    }
    case 'SuspensionLifted':
      return {
        type: 'SuspensionLifted',
        data: {
          professionalId: state.professionalId,
          decisionId: contested.decisionId,
          liftedOn: context.today,
          reason: `Objection ${objection.objectionId} upheld`,
        },
      };
    case 'RevocationReversed':
      return {
        type: 'RevocationReversed',
        data: {
          professionalId: state.professionalId,
          decisionId: context.newId(),
          reversedDecisionId: contested.decisionId,
          objectionId: objection.objectionId,
          reversedOn: context.today,
          ...decidedAt(context),
        },
      };
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown remedy ${String(unknown)}`);
    }
  }
}

export function decideObjectionOutcome(
  state: ProfessionalState,
  command: DecideObjection,
  context: DecisionContext,
): ProfessionalEvent[] {
  const objection = requireObjection(state, command.data.objectionId);
  if (objection.status !== 'open')
    throw illegalState(`This objection has already been ${objection.status}.`);
  const { outcome, reasons, deciderId, contestedDeciderId, deciderProfessionalId } = command.data;
  if (deciderProfessionalId === state.professionalId) {
    throw forbidden('You may not decide an objection about your own professional record.');
  }
  if (deciderId === contestedDeciderId) {
    throw forbidden(
      'You took the contested decision; another appeals member must decide this objection.',
    );
  }
  if (reasons.length === 0)
    throw invalid('A decision on an objection states at least one reason.', 'reasons');
  const contested = state.decisions[objection.decisionId];
  // The basis names the remedy, so that what is appended is what verification recomputes.
  const basis = computeObjectionBasis(state, objection, outcome, context.today);
  const remedies = basis.remedy.map((kind) =>
    remedyEvent(kind, state, objection, contested, reasons, context),
  );
  const replacement = remedies.find(
    (event) =>
      event.type === 'CertificateGranted' ||
      event.type === 'AdmissionGranted' ||
      event.type === 'RevocationReversed',
  );
  return [
    {
      type: 'ObjectionDecided',
      data: {
        professionalId: state.professionalId,
        objectionId: objection.objectionId,
        decisionId: context.newId(),
        contestedDecisionId: contested.decisionId,
        outcome,
        decidedOn: context.today,
        reasons,
        ...(replacement
          ? { replacementDecisionId: (replacement.data as { decisionId: string }).decisionId }
          : {}),
        basis,
        ...decidedAt(context),
      },
    },
    ...remedies,
  ];
}
