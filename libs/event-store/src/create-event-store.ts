import { createEventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import type { EventStore } from './event-store.port';
import { SqliteEventStore, eventLogFile } from './sqlite/sqlite-event-store';

export type EventStoreOptions =
  { adapter: 'sqlite'; dataDir: string } | { adapter: 'eventstoredb'; connectionString: string };

/** The adapter factory: the only place that knows which adapters exist. */
export function createEventStore(options: EventStoreOptions): EventStore {
  switch (options.adapter) {
    case 'sqlite':
      return SqliteEventStore.open(eventLogFile(options.dataDir));
    case 'eventstoredb':
      return createEventStoreDbEventStore(options.connectionString);
    default: {
      const unknown: never = options;
      throw new Error(`Unknown event store adapter ${JSON.stringify(unknown)}`);
    }
  }
}
