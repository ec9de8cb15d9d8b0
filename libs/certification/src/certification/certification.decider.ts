import { addDays, addMonths, addYears, type LocalDate } from '../shared/calendar';
import { illegalState, invalid, notFound, ruleViolation } from '../shared/domain-error';
import { decidedAt, requireScheme, type DecisionContext } from '../professional/decision-context';
import type {
  DecideCertification,
  ExpireCertificate,
  RequestCertification,
  WithdrawCertificationRequest,
} from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import {
  effectiveState,
  requireRegistered,
  requireStatus,
} from '../professional/professional-guards';
import type { ProfessionalState, RequestState } from '../professional/professional-state';
import type { Scheme } from '../schemes/scheme';
import { computeBasis } from './certification-basis';

export function pendingRequest(state: ProfessionalState): RequestState | undefined {
  return Object.values(state.requests).find((request) => request.status === 'pending');
}

/** The renewal window `[validUntil − months, validUntil)`. */
export function renewalWindow(validUntil: LocalDate, scheme: Scheme) {
  return { from: addMonths(validUntil, -scheme.renewalWindowMonths), until: validUntil };
}

/**
 * Whether the professional holds a certificate in force on a date (valid time: from the dates,
 * not from when a job ran): the latest certificate, the one an early renewal continues, or the
 * latest past its `validUntil` while an on-time renewal is pending.
 */
export function certificateValidOn(state: ProfessionalState, date: LocalDate): boolean {
  if (state.status === 'revoked' || state.status === 'withdrawn') return false;
  const inForce = (certificate: ProfessionalState['certificate']) =>
    !!certificate &&
    certificate.status === 'valid' &&
    certificate.validFrom <= date &&
    date < certificate.validUntil;
  if (inForce(state.certificate) || inForce(state.previousCertificate)) return true;
  const latest = state.certificate;
  return (
    !!latest &&
    latest.status === 'valid' &&
    date >= latest.validUntil &&
    onTimeRenewalPending(state)
  );
}

/** A renewal requested inside the window keeps the certificate in force until it is decided. */
export function onTimeRenewalPending(state: ProfessionalState): boolean {
  const request = pendingRequest(state);
  return (
    !!request &&
    request.kind === 'renewal' &&
    !!state.certificate &&
    request.requestedOn < state.certificate.validUntil
  );
}

export function decideCertificationRequest(
  recorded: ProfessionalState,
  _command: RequestCertification,
  context: DecisionContext,
): ProfessionalEvent[] {
  const state = effectiveState(recorded, context.today);
  requireStatus(state, ['admitted', 'certified', 'expired'], 'request certification');
  const pending = pendingRequest(state);
  if (pending) {
    throw illegalState(
      `A certification request (${pending.requestId}) is already waiting for a decision.`,
    );
  }
  const scheme = requireScheme(context);
  const today = context.today;
  const base = {
    professionalId: state.professionalId,
    requestId: context.newId(),
    requestedOn: today,
    schemeId: scheme.schemeId,
  };

  const certificate = state.certificate;
  if (state.status === 'certified' && certificate && today < certificate.validUntil) {
    const window = renewalWindow(certificate.validUntil, scheme);
    if (today < window.from) {
      throw ruleViolation(
        `Renewal can be requested from ${window.from} until ${addDays(window.until, -1)} (the last ${scheme.renewalWindowMonths} months before the certificate ends on ${certificate.validUntil}).`,
      );
    }
    return [
      {
        type: 'CertificationRequested',
        data: {
          ...base,
          kind: 'renewal',
          cycle: { from: certificate.validFrom, until: certificate.validUntil },
          renews: certificate.certificateId,
        },
      },
    ];
  }
  // A first certificate, or a new one after a refusal or expiry: the qualifying period is
  // [request date − cycle, request date], inclusive of the request date.
  return [
    {
      type: 'CertificationRequested',
      data: {
        ...base,
        kind: 'first',
        cycle: { from: addYears(today, -scheme.cycleYears), until: addDays(today, 1) },
      },
    },
  ];
}

/** The request exists (404) and is still undecided (409 with the caller's sentence). */
function requirePendingRequest(
  state: ProfessionalState,
  requestId: string,
  notPending: (status: RequestState['status']) => string,
): RequestState {
  requireRegistered(state);
  const request = state.requests[requestId];
  if (!request) throw notFound(`This professional has no certification request ${requestId}.`);
  if (request.status !== 'pending') throw illegalState(notPending(request.status));
  return request;
}

export function decideCertificationRequestWithdrawal(
  state: ProfessionalState,
  command: WithdrawCertificationRequest,
): ProfessionalEvent[] {
  const request = requirePendingRequest(
    state,
    command.data.requestId,
    (status) => `Only an undecided request can be withdrawn; this one is ${status}.`,
  );
  return [
    {
      type: 'CertificationRequestWithdrawn',
      data: {
        professionalId: state.professionalId,
        requestId: request.requestId,
        ...(command.data.reason ? { reason: command.data.reason } : {}),
      },
    },
  ];
}

export function decideCertification(
  state: ProfessionalState,
  command: DecideCertification,
  context: DecisionContext,
): ProfessionalEvent[] {
  const request = requirePendingRequest(
    state,
    command.data.requestId,
    (status) => `This certification request has already been ${status}.`,
  );
  requireStatus(
    state,
    ['admitted', 'certified', 'suspended', 'expired'],
    'decide on certification',
  );
  const { outcome, reasons } = command.data;
  if (outcome === 'refused' && reasons.length === 0) {
    throw invalid('A refusal states at least one reason.', 'reasons');
  }
  // The decision is judged by the scheme in force on its own date, and records which.
  const scheme = requireScheme(context);
  const basis = computeBasis(state, request.cycle, request.requestedOn, scheme);
  const common = {
    professionalId: state.professionalId,
    decisionId: context.newId(),
    requestId: request.requestId,
    decidedOn: context.today,
    schemeId: scheme.schemeId,
    reasons,
    basis,
    ...decidedAt(context),
  };
  if (outcome === 'refused') return [{ type: 'CertificationRefused', data: common }];

  if (basis.shortfalls.length > 0) {
    throw ruleViolation(
      `The rules of ${scheme.schemeId} do not support granting: ${basis.shortfalls.join('; ')}.`,
    );
  }
  // A renewal continues the cycle from the old validUntil, even when decided late.
  const validFrom =
    request.kind === 'renewal' && state.certificate ? state.certificate.validUntil : context.today;
  return [
    {
      type: 'CertificateGranted',
      data: {
        ...common,
        certificateId: context.newId(),
        validFrom,
        validUntil: addYears(validFrom, scheme.cycleYears),
      },
    },
  ];
}

/** The scheduler's command: records the expiry of a certificate past `validUntil`; nothing otherwise. */
export function decideExpiry(
  state: ProfessionalState,
  _command: ExpireCertificate,
  context: DecisionContext,
): ProfessionalEvent[] {
  const certificate = state.certificate;
  if (!state.registered || !certificate || certificate.status !== 'valid') return [];
  if (state.status !== 'certified' && state.status !== 'suspended') return [];
  if (context.today < certificate.validUntil || onTimeRenewalPending(state)) return [];
  return [
    {
      type: 'CertificateExpired',
      data: {
        professionalId: state.professionalId,
        certificateId: certificate.certificateId,
        expiredOn: certificate.validUntil,
      },
    },
  ];
}
