import type Database from 'better-sqlite3';
import { professionalStream, type ProfessionalEvent } from '@vakregister/certification';
import {
  SqliteEventStore,
  eventLogFile,
  type Actor,
  type RecordedEvent,
} from '@vakregister/event-store';
import { Ledger, PlaintextCodec, idSourceFor } from '@vakregister/ledger';
import { collect, makeTempDir } from '@vakregister/testing';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { openReadModelDatabase } from '../runner/read-model-database';

/**
 * A ledger in a temp dir and one projection bound directly to a read-model database, so that a
 * test decides exactly when which event is applied (one transaction per event).
 */
export class ProjectionHarness {
  readonly dir;
  readonly store: SqliteEventStore;
  readonly ledger: Ledger;
  readonly db: Database.Database;
  readonly apply: (event: ProjectedEvent) => void;
  private projected = -1n;

  constructor(projection: Projection) {
    this.dir = makeTempDir(`${projection.name}-projection`);
    this.store = SqliteEventStore.open(eventLogFile(this.dir.path));
    this.ledger = new Ledger(this.store, new PlaintextCodec());
    this.db = openReadModelDatabase(this.dir.path);
    projection.createTables(this.db, '');
    projection.createIndexes(this.db, '');
    this.apply = projection.bind(this.db, '');
  }

  /** Appends each event on its own to the professional's stream; returns their positions. */
  async appendEach(
    professionalId: string,
    recordedAt: string,
    events: readonly ProfessionalEvent[],
    actor: Actor & Record<string, string>,
  ): Promise<bigint[]> {
    const positions: bigint[] = [];
    for (const event of events) {
      const result = await this.ledger.append(
        professionalStream(professionalId),
        professionalId,
        [event],
        'any',
        { actor, correlationId: 'correlation', causationId: 'causation', recordedAt },
        idSourceFor(),
      );
      positions.push(result.position);
    }
    return positions;
  }

  recorded(after = -1n): Promise<RecordedEvent[]> {
    return collect(this.store.readAll({ fromPosition: after + 1n }));
  }

  /** Applies what was appended since the last call, one transaction per event. */
  async project(): Promise<void> {
    for (const recorded of await this.recorded(this.projected)) {
      this.applyOne(recorded);
      this.projected = recorded.position;
    }
  }

  applyOne(recorded: RecordedEvent): void {
    this.db.transaction(() => this.apply({ recorded, event: this.ledger.toDomain(recorded) }))();
  }

  /** Applies each event twice over, as a redelivery right after it would. */
  applyEachTwice(events: readonly RecordedEvent[]): void {
    for (const recorded of events) {
      this.applyOne(recorded);
      this.applyOne(recorded);
    }
  }

  /** Applies the whole log once more on top of what was projected (a lost checkpoint). */
  async redeliverAll(): Promise<void> {
    for (const recorded of await this.recorded()) this.applyOne(recorded);
  }

  async close(): Promise<void> {
    this.db.close();
    await this.store.close();
    this.dir.remove();
  }
}
