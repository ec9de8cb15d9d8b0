import { EVENT_STORE, type EventStore, type RecordedEvent } from '@vakregister/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Every event in the ledger now, to check what a request appended (or did not). */
export async function ledgerEvents(app: NestFastifyApplication): Promise<RecordedEvent[]> {
  const store = app.get<EventStore>(EVENT_STORE);
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}
