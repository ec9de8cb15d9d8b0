/** A person with a role, or the system itself (expiry, end of suspension, bootstrap). */
export interface EnvelopeActor {
  id: string;
  role: string;
  authentication?: string;
  professionalId?: string;
}

/** What the HTTP layer knows of a command besides its body. */
export interface CommandEnvelope {
  actor: EnvelopeActor;
  correlationId: string;
  /** Id of this request: the cause of the events it appends. */
  causationId: string;
  /** Scopes derived ids: the same key from the same person yields the same events. */
  idempotencyKey?: string;
  /** `If-Match`: the stream revision the client last saw. */
  ifMatch?: bigint;
  reason?: string;
}
