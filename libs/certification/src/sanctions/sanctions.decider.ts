import { addMonths } from '../shared/calendar';
import { illegalState, notFound, ruleViolation } from '../shared/domain-error';
import { decidedAt, requireScheme, type DecisionContext } from '../professional/decision-context';
import type {
  EndSuspension,
  LiftSuspension,
  RevokeCertificate,
  SuspendCertificate,
} from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import {
  effectiveState,
  requireRegistered,
  requireStatus,
} from '../professional/professional-guards';
import type { ProfessionalState } from '../professional/professional-state';
import { certificateValidOn } from '../certification/certification.decider';
import { computeRevocationBasis, computeSuspensionBasis } from './sanction-basis';

export function decideSuspension(
  state: ProfessionalState,
  command: SuspendCertificate,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireStatus(effectiveState(state, context.today), ['certified'], 'suspend the certificate');
  if (!certificateValidOn(state, context.today) || !state.certificate) {
    throw illegalState('Cannot suspend: the certificate is not in force today.');
  }
  const scheme = requireScheme(context);
  const latest = addMonths(context.today, scheme.maxSuspensionMonths);
  const { until, reason } = command.data;
  if (until <= context.today || until > latest) {
    throw ruleViolation(
      `A suspension ends after today and lasts at most ${scheme.maxSuspensionMonths} months: until ${context.today} < date ≤ ${latest} (${until} given).`,
      'until',
    );
  }
  return [
    {
      type: 'CertificateSuspended',
      data: {
        professionalId: state.professionalId,
        decisionId: context.newId(),
        certificateId: state.certificate.certificateId,
        from: context.today,
        until,
        reason,
        basis: computeSuspensionBasis(state, context.today, scheme),
        ...decidedAt(context),
      },
    },
  ];
}

export function decideSuspensionLift(
  state: ProfessionalState,
  command: LiftSuspension,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireRegistered(state);
  const suspension = state.suspension;
  if (!suspension || suspension.decisionId !== command.data.decisionId) {
    if (state.decisions[command.data.decisionId]) {
      throw illegalState('This suspension is no longer in force.');
    }
    throw notFound(`This professional has no suspension ${command.data.decisionId}.`);
  }
  if (suspension.until <= context.today) {
    throw illegalState(`This suspension already ended by itself on ${suspension.until}.`);
  }
  return [
    {
      type: 'SuspensionLifted',
      data: {
        professionalId: state.professionalId,
        decisionId: suspension.decisionId,
        liftedOn: context.today,
        reason: command.data.reason,
      },
    },
  ];
}

/** The scheduler's command: records that a suspension reached its `until` date; nothing otherwise. */
export function decideSuspensionEnd(
  state: ProfessionalState,
  _command: EndSuspension,
  context: DecisionContext,
): ProfessionalEvent[] {
  const suspension = state.suspension;
  if (!suspension || suspension.until > context.today) return [];
  return [
    {
      type: 'SuspensionEnded',
      data: {
        professionalId: state.professionalId,
        decisionId: suspension.decisionId,
        endedOn: suspension.until,
      },
    },
  ];
}

export function decideRevocation(
  state: ProfessionalState,
  command: RevokeCertificate,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireStatus(state, ['certified', 'suspended'], 'revoke the certificate');
  const certificate = state.certificate;
  if (!certificate || certificate.status !== 'valid') {
    throw illegalState('Cannot revoke: there is no certificate in force.');
  }
  return [
    {
      type: 'CertificateRevoked',
      data: {
        professionalId: state.professionalId,
        decisionId: context.newId(),
        certificateId: certificate.certificateId,
        revokedOn: context.today,
        reason: command.data.reason,
        basis: computeRevocationBasis(state, context.today),
        ...decidedAt(context),
      },
    },
  ];
}
