import type Database from 'better-sqlite3';
import type { CertificationEvent } from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';

/** A recorded event with its domain form (personal fields decoded). */
export interface ProjectedEvent {
  recorded: RecordedEvent;
  event: CertificationEvent;
}

/**
 * A read model kept from the global log. Handlers must be deterministic (no clock, no
 * randomness) and idempotent (the same event twice changes nothing), and write only to their
 * own tables, which carry a suffix so that a rebuild can fill fresh tables beside the live ones.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the handlers change meaning: a projection at another version is rebuilt. */
  readonly version: number;
  /** The projection's tables (without suffix), in the order they are created. */
  readonly tables: readonly string[];
  /** Creates the tables with the given suffix (`''` live, `__rebuild` fresh), without indexes. */
  createTables(db: Database.Database, suffix: string): void;
  /**
   * Creates the indexes of the tables with the given suffix (idempotently), each index name
   * carrying the suffix too. A rebuild needs them while it loads (handlers look rows up).
   */
  createIndexes(db: Database.Database, suffix: string): void;
  /** Prepares statements against the suffixed tables and returns the event handler. */
  bind(db: Database.Database, suffix: string): (event: ProjectedEvent) => void;
}
