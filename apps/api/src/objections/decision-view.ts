import { isDecisionEvent, type ProfessionalEvent } from '@vakregister/certification';
import type { Ledger } from '@vakregister/ledger';
import { verifyDecision } from './decision-verification';

/**
 * A decision with its stored basis, and `verification`: the same basis recomputed from the
 * ledger as it stood when the decision was taken. Events appended later (a late approval, a new
 * scheme) change neither, so a committee's view can always be checked.
 */
export async function decisionView(ledger: Ledger, professionalId: string, decisionId: string) {
  const recorded = await ledger.readProfessionalEvents(professionalId);
  const events = recorded.map((event) => ledger.toDomain(event) as ProfessionalEvent);
  // Lifts, ends and objections carry the id of the decision they concern; only the decision counts.
  const index = events.findIndex(
    (event) => isDecisionEvent(event) && event.data.decisionId === decisionId,
  );
  const decision = events[index];
  if (index < 0 || !isDecisionEvent(decision)) return undefined;
  const event = recorded[index];
  const reversal = events
    .slice(index + 1)
    .find(
      (later) =>
        later.type === 'ObjectionDecided' &&
        later.data.contestedDecisionId === decisionId &&
        later.data.outcome === 'upheld',
    );
  return {
    decisionId,
    professionalId,
    type: decision.type,
    position: event.position.toString(),
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    data: decision.data,
    reversed:
      reversal?.type === 'ObjectionDecided'
        ? {
            objectionId: reversal.data.objectionId,
            replacementDecisionId: reversal.data.replacementDecisionId ?? null,
          }
        : null,
    ...(await verifyDecision(ledger, decision, events.slice(0, index), event)),
  };
}
