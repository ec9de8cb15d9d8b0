import type { CommandMetadata } from '@vakregister/ledger';
import { idSourceFor, type IdSource } from '@vakregister/ledger';
import type { CommandEnvelope } from './command-envelope';

/** The event metadata of a command, dated by the domain clock. */
export function commandMetadata(envelope: CommandEnvelope, now: Date): CommandMetadata {
  const { actor } = envelope;
  return {
    actor: {
      id: actor.id,
      role: actor.role,
      ...(actor.authentication ? { authentication: actor.authentication } : {}),
      ...(actor.professionalId ? { professionalId: actor.professionalId } : {}),
    },
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    ...(envelope.reason ? { reason: envelope.reason } : {}),
    recordedAt: now.toISOString(),
  };
}

/** Ids derived from (person, Idempotency-Key) when the client sent one. */
export function commandIds(envelope: CommandEnvelope): IdSource {
  return idSourceFor(
    envelope.idempotencyKey
      ? { person: envelope.actor.id, key: envelope.idempotencyKey }
      : undefined,
  );
}
