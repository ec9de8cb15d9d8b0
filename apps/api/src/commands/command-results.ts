import type { CertificationEvent } from '@vakregister/certification';

/** What a command appended: its events and the ledger position of the last one. */
export interface CommandOutcome<Event extends CertificationEvent = CertificationEvent> {
  events: Event[];
  /** Decimal string; absent when the command appended nothing. */
  position?: string;
  /** The stream revision after the command (the new ETag). */
  revision?: string;
}
