import { EVENT_STORE, type EventStore, type RecordedEvent } from '@vakregister/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Ledger } from '@vakregister/ledger';

/** Every event in the ledger now, to check what a request appended (or did not). */
export async function ledgerEvents(app: NestFastifyApplication): Promise<RecordedEvent[]> {
  const store = app.get<EventStore>(EVENT_STORE);
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

/** The ledger's events as readers see them: personal fields and reasons decrypted. */
export async function decodedLedgerEvents(app: NestFastifyApplication): Promise<RecordedEvent[]> {
  const ledger = app.get(Ledger);
  return (await ledgerEvents(app)).map((event) => {
    const reason = ledger.reasonOf(event);
    return {
      ...event,
      data: ledger.toDomain(event).data as unknown as RecordedEvent['data'],
      metadata: { ...event.metadata, ...(reason === undefined ? {} : { reason }) },
    };
  });
}
