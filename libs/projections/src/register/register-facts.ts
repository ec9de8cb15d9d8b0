import type { CertificationEvent, LocalDate, Sector } from '@vakregister/certification';
import type { RegisterTransition } from './status-timeline';

/** What erased personal fields read as (the codec's marker). */
export const ERASED = '[gewist]';

/** What the register projection keeps of one professional to recompute their timeline. */
export interface RegisterFacts {
  professionalId: string;
  registrationNumber: string;
  name: string;
  email: string;
  municipality: string;
  sector: Sector;
  registeredOn: LocalDate;
  transitions: RegisterTransition[];
  /** Requests that are renewals, so that closing one ends a pending renewal. */
  renewalRequests: string[];
}

/**
 * The facts after one more event; `undefined` when the event tells the register nothing.
 * Pure: the same facts and event always give the same result.
 */
export function nextFacts(
  facts: RegisterFacts | undefined,
  event: CertificationEvent,
  /** The Amsterdam date the event was recorded, for events that carry no date of their own. */
  recordedOn: LocalDate,
): RegisterFacts | undefined {
  if (event.type === 'ProfessionalRegistered') {
    const { professionalId, registrationNumber, name, email, municipality, sector, registeredOn } =
      event.data;
    return {
      professionalId,
      registrationNumber,
      name,
      email,
      municipality,
      sector,
      registeredOn,
      transitions: [],
      renewalRequests: [],
    };
  }
  if (!facts) return undefined;
  const add = (transition: RegisterTransition): RegisterFacts => ({
    ...facts,
    transitions: [...facts.transitions, transition],
  });
  switch (event.type) {
    case 'ProfessionalDetailsCorrected': {
      const { name, email, municipality, sector } = event.data.changes;
      return {
        ...facts,
        ...(name !== undefined ? { name } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(municipality !== undefined ? { municipality } : {}),
        ...(sector !== undefined ? { sector } : {}),
      };
    }
    case 'AdmissionGranted':
      return add({ kind: 'admitted', on: event.data.decidedOn });
    case 'AdmissionRefused':
      return add({ kind: 'refused', on: event.data.decidedOn, decisionId: event.data.decisionId });
    case 'CertificationRequested':
      if (event.data.kind !== 'renewal') return undefined;
      return {
        ...add({
          kind: 'renewal-requested',
          requestId: event.data.requestId,
          on: event.data.requestedOn,
        }),
        renewalRequests: [...facts.renewalRequests, event.data.requestId],
      };
    case 'CertificateGranted': {
      const { certificateId, validFrom, validUntil, requestId, decidedOn } = event.data;
      const certified = add({ kind: 'certified', certificateId, validFrom, validUntil });
      return facts.renewalRequests.includes(requestId)
        ? {
            ...certified,
            transitions: [
              ...certified.transitions,
              { kind: 'request-closed', requestId, on: decidedOn },
            ],
          }
        : certified;
    }
    case 'CertificationRefused':
      return facts.renewalRequests.includes(event.data.requestId)
        ? add({ kind: 'request-closed', requestId: event.data.requestId, on: event.data.decidedOn })
        : undefined;
    case 'CertificationRequestWithdrawn':
      return facts.renewalRequests.includes(event.data.requestId)
        ? add({ kind: 'request-closed', requestId: event.data.requestId, on: recordedOn })
        : undefined;
    case 'CertificateSuspended':
      return add({
        kind: 'suspended',
        decisionId: event.data.decisionId,
        from: event.data.from,
        until: event.data.until,
      });
    case 'SuspensionLifted':
      return add({
        kind: 'suspension-ended',
        decisionId: event.data.decisionId,
        on: event.data.liftedOn,
      });
    case 'CertificateRevoked': {
      // A revocation ends a running suspension for good, as in the domain: reversing the
      // revocation later restores the certificate, not the suspension.
      const revokedOn = event.data.revokedOn;
      const running = facts.transitions.filter(
        (transition): transition is Extract<RegisterTransition, { kind: 'suspended' }> =>
          transition.kind === 'suspended' &&
          transition.from <= revokedOn &&
          revokedOn < transition.until &&
          !facts.transitions.some(
            (ended) =>
              ended.kind === 'suspension-ended' && ended.decisionId === transition.decisionId,
          ),
      );
      return {
        ...facts,
        transitions: [
          ...facts.transitions,
          ...running.map((suspension) => ({
            kind: 'suspension-ended' as const,
            decisionId: suspension.decisionId,
            on: revokedOn,
          })),
          { kind: 'revoked', on: revokedOn, decisionId: event.data.decisionId },
        ],
      };
    }
    case 'PersonalDataErased':
      return { ...facts, name: ERASED, email: ERASED };
    case 'ObjectionDecided': {
      if (event.data.outcome !== 'upheld') return undefined;
      // Valid time is corrected: a reversed decision never held, as we know now. Record time
      // keeps the earlier versions, so `knownAt` still shows what was on record before.
      const contested = event.data.contestedDecisionId;
      const reversed = facts.transitions.find(
        (transition) => 'decisionId' in transition && transition.decisionId === contested,
      );
      if (!reversed) return undefined;
      const kept = facts.transitions.filter((transition) => transition !== reversed);
      return {
        ...facts,
        transitions:
          reversed.kind === 'refused' ? [...kept, { kind: 'admitted', on: reversed.on }] : kept,
      };
    }
    case 'ProfessionalWithdrew':
      return add({ kind: 'withdrawn', on: event.data.withdrawnOn });
    default:
      // Reviews, plans, requests for a first certificate, expiry and the end of a suspension
      // change nothing that the dates do not already say.
      return undefined;
  }
}
