import type { LocalDate } from '@vakregister/certification';

/** What the register learned from one event, dated in valid time. */
export type RegisterTransition =
  | { kind: 'admitted' | 'withdrawn'; on: LocalDate }
  | { kind: 'refused' | 'revoked'; on: LocalDate; decisionId?: string }
  | { kind: 'certified'; certificateId: string; validFrom: LocalDate; validUntil: LocalDate }
  | { kind: 'suspended'; decisionId: string; from: LocalDate; until: LocalDate }
  | { kind: 'suspension-ended'; decisionId: string; on: LocalDate }
  | { kind: 'renewal-requested'; requestId: string; on: LocalDate }
  | { kind: 'request-closed'; requestId: string; on: LocalDate };

export type RegisterStatus =
  | 'applicant'
  | 'admitted'
  | 'refused'
  | 'certified'
  | 'suspended'
  | 'expired'
  | 'revoked'
  | 'withdrawn';

/** The register's entry for one professional on one date. */
export interface StatusOnDate {
  status: RegisterStatus;
  renewalPending: boolean;
  certificateId: string | null;
  certificateValidFrom: LocalDate | null;
  certificateValidUntil: LocalDate | null;
}

/** A stretch of valid time `[validFrom, validTo)` with one entry; `validTo` null = open-ended. */
export interface TimelineSegment extends StatusOnDate {
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

function transitionDates(transition: RegisterTransition): LocalDate[] {
  switch (transition.kind) {
    case 'certified':
      return [transition.validFrom, transition.validUntil];
    case 'suspended':
      return [transition.from, transition.until];
    default:
      return [transition.on];
  }
}

/**
 * The entry on a date, from the dates alone: a certificate is in force in
 * `[validFrom, validUntil)`, stays in force past `validUntil` while a renewal requested before
 * then is undecided, and a suspension ends on its `until` or when it is lifted.
 */
export function statusOn(
  registeredOn: LocalDate,
  transitions: readonly RegisterTransition[],
  date: LocalDate,
): StatusOnDate | undefined {
  if (date < registeredOn) return undefined;
  let base: RegisterStatus = 'applicant';
  let certificate: Extract<RegisterTransition, { kind: 'certified' }> | undefined;
  let suspension: Extract<RegisterTransition, { kind: 'suspended' }> | undefined;
  const renewals = new Map<string, LocalDate>();
  for (const transition of transitions) {
    switch (transition.kind) {
      case 'admitted':
        // An admission granted on objection replaces the refusal.
        if (transition.on <= date && (base === 'applicant' || base === 'refused'))
          base = 'admitted';
        break;
      case 'refused':
        if (transition.on <= date && base === 'applicant') base = 'refused';
        break;
      case 'revoked':
      case 'withdrawn':
        if (transition.on <= date && base !== 'withdrawn') base = transition.kind;
        break;
      case 'certified':
        // The certificate that reaches furthest: a backdated grant on objection must not hide a
        // newer one (validity follows from dates, not from the order events arrived in).
        if (
          transition.validFrom <= date &&
          (!certificate || transition.validUntil > certificate.validUntil)
        ) {
          certificate = transition;
        }
        break;
      case 'suspended':
        if (transition.from <= date && date < transition.until) suspension = transition;
        break;
      case 'suspension-ended':
        if (suspension?.decisionId === transition.decisionId && transition.on <= date)
          suspension = undefined;
        break;
      case 'renewal-requested':
        if (transition.on <= date) renewals.set(transition.requestId, transition.on);
        break;
      case 'request-closed':
        if (transition.on <= date) renewals.delete(transition.requestId);
        break;
    }
  }
  const empty = {
    renewalPending: false,
    certificateId: null,
    certificateValidFrom: null,
    certificateValidUntil: null,
  };
  if (base === 'withdrawn' || base === 'revoked' || !certificate) return { status: base, ...empty };
  const pendingOnTime = [...renewals.values()].some((on) => on < certificate.validUntil);
  const inForce = date < certificate.validUntil || pendingOnTime;
  const withCertificate = {
    renewalPending: renewals.size > 0,
    certificateId: certificate.certificateId,
    certificateValidFrom: certificate.validFrom,
    certificateValidUntil: certificate.validUntil,
  };
  if (!inForce) return { status: 'expired', ...withCertificate, renewalPending: false };
  return { status: suspension ? 'suspended' : 'certified', ...withCertificate };
}

function sameEntry(a: StatusOnDate, b: StatusOnDate): boolean {
  return (
    a.status === b.status &&
    a.renewalPending === b.renewalPending &&
    a.certificateId === b.certificateId &&
    a.certificateValidFrom === b.certificateValidFrom &&
    a.certificateValidUntil === b.certificateValidUntil
  );
}

/** The whole valid-time history of an entry, as merged segments from the registration on. */
export function statusTimeline(
  registeredOn: LocalDate,
  transitions: readonly RegisterTransition[],
): TimelineSegment[] {
  const boundaries = [
    ...new Set(
      [registeredOn, ...transitions.flatMap(transitionDates)].filter((d) => d >= registeredOn),
    ),
  ].sort();
  const segments: TimelineSegment[] = [];
  for (const boundary of boundaries) {
    const entry = statusOn(registeredOn, transitions, boundary);
    if (!entry) continue;
    const last = segments[segments.length - 1];
    if (last && sameEntry(last, entry)) continue;
    if (last) last.validTo = boundary;
    segments.push({ ...entry, validFrom: boundary, validTo: null });
  }
  return segments;
}
