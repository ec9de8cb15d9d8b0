import type Database from 'better-sqlite3';
import type { CertificationEvent } from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';

/** A recorded event with its domain form (personal fields decoded). */
export interface ProjectedEvent {
  recorded: RecordedEvent;
  event: CertificationEvent;
}

/**
 * How the engine drives a handler. `live`: events as they arrive, and a batch that fails is
 * rolled back and applied again one event at a time, so the handler must keep nothing between
 * events that its tables do not hold. `rebuild`: the whole log once, in order, into fresh tables
 * that nothing else writes, and a failure discards them: the handler may keep working state in
 * memory, which `flush` writes in the transaction that swaps the tables in.
 */
export type HandlerMode = 'live' | 'rebuild';

export interface EventHandler {
  (event: ProjectedEvent): void;
  /** Rebuild mode: writes what the handler holds in memory, once the log is applied. */
  flush?(): void;
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
  /**
   * The event types the handler reads, when it ignores all others: a rebuild then skips the
   * others without decoding them. Leave it out when every event counts.
   */
  readonly eventTypes?: ReadonlySet<string>;
  /** The projection's tables (without suffix), in the order they are created. */
  readonly tables: readonly string[];
  /** Creates the tables with the given suffix (`''` live, `__rebuild` fresh), without indexes. */
  createTables(db: Database.Database, suffix: string): void;
  /**
   * Creates the indexes of the tables with the given suffix (idempotently), each index name
   * carrying the suffix too.
   */
  createIndexes(db: Database.Database, suffix: string): void;
  /**
   * Creates only the indexes the rebuild handler looks rows up by while it fills fresh tables;
   * the others are built once the tables are full (one sort instead of an index update per
   * row). Without it, a rebuild fills tables that carry every index.
   */
  createRebuildIndexes?(db: Database.Database, suffix: string): void;
  /** Prepares statements against the suffixed tables and returns the event handler. */
  bind(db: Database.Database, suffix: string, mode?: HandlerMode): EventHandler;
}
