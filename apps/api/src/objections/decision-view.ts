import {
  SCHEMES_STREAM,
  computeBasis,
  explainCertification,
  foldProfessional,
  professionalStream,
  type CertificateGranted,
  type CertificationRefused,
  type ProfessionalEvent,
  type Scheme,
} from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';
import type { Ledger } from '@vakregister/ledger';
import { isDeepStrictEqual } from 'node:util';

/**
 * A decision with its stored basis, and `verification`: the same basis recomputed from the
 * ledger as it stood just before the decision. Events appended later (a late approval, a new
 * scheme) change neither, so a committee's view can always be checked.
 */
export async function decisionView(ledger: Ledger, professionalId: string, decisionId: string) {
  const recorded = await ledger.readStream(professionalStream(professionalId));
  const index = recorded.findIndex(
    (event) =>
      (event.data as { decisionId?: string }).decisionId === decisionId &&
      event.type !== 'SuspensionLifted' &&
      event.type !== 'SuspensionEnded',
  );
  if (index < 0) return undefined;
  const event = recorded[index];
  const domain = ledger.toDomain(event) as ProfessionalEvent;
  const before = recorded
    .slice(0, index)
    .map((earlier) => ledger.toDomain(earlier) as ProfessionalEvent);
  const after = recorded
    .slice(index + 1)
    .map((later) => ledger.toDomain(later) as ProfessionalEvent);
  const reversal = after.find(
    (later) =>
      later.type === 'ObjectionDecided' &&
      later.data.contestedDecisionId === decisionId &&
      later.data.outcome === 'upheld',
  );
  const common = {
    decisionId,
    professionalId,
    type: domain.type,
    position: event.position.toString(),
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    data: domain.data,
    reversed:
      reversal?.type === 'ObjectionDecided'
        ? {
            objectionId: reversal.data.objectionId,
            replacementDecisionId: reversal.data.replacementDecisionId ?? null,
          }
        : null,
  };
  if (domain.type !== 'CertificateGranted' && domain.type !== 'CertificationRefused') {
    return { ...common, basis: null, verification: null, explanation: null };
  }
  return { ...common, ...(await verifyCertification(ledger, domain, before, event)) };
}

async function verifyCertification(
  ledger: Ledger,
  decision: CertificateGranted | CertificationRefused,
  before: ProfessionalEvent[],
  event: RecordedEvent,
) {
  const schemes = (await ledger.readStream(SCHEMES_STREAM))
    .filter((scheme) => scheme.position < event.position)
    .map((scheme) => ledger.toDomain(scheme).data as Scheme);
  const state = foldProfessional(before);
  const request = state.requests[decision.data.requestId];
  // The scheme version the decision recorded, as the ledger held it then.
  const scheme = schemes.find((candidate) => candidate.schemeId === decision.data.schemeId);
  const stored = decision.data.basis;
  const recomputed =
    request && scheme ? computeBasis(state, request.cycle, request.requestedOn, scheme) : undefined;
  const outcome = decision.type === 'CertificateGranted' ? 'granted' : 'refused';
  return {
    basis: stored,
    verification: {
      atPosition: (event.position - 1n).toString(),
      recomputed: recomputed ?? null,
      agrees:
        recomputed !== undefined &&
        isDeepStrictEqual(JSON.parse(JSON.stringify(recomputed)), stored),
    },
    explanation: explainCertification(outcome, decision.data.decidedOn, stored),
  };
}
