import type { CertificationEvent } from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';
import type { Ledger } from './ledger';

/**
 * Decodes events for the in-process followers of the log (the projections, the scheduler) once
 * per event object. The embedded store hands every follower the same object for a recently
 * committed event, so the first follower's decryption serves the others.
 *
 * Only for followers, which apply events in log order: a copy decoded before an erasure is
 * followed by the erasure event itself, which blanks what the copy put in. Queries decode
 * afresh with `Ledger.toDomain`, so that they never show what has been erased.
 */
export class FollowerDecoder {
  private readonly decoded = new WeakMap<RecordedEvent, CertificationEvent>();

  constructor(private readonly ledger: Ledger) {}

  decode(event: RecordedEvent): CertificationEvent {
    let domain = this.decoded.get(event);
    if (domain === undefined) {
      domain = this.ledger.toDomain(event);
      this.decoded.set(event, domain);
    }
    return domain;
  }
}
