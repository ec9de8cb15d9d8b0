import { createEventStoreDbEventStore, type EventStore } from '@vakregister/event-store';
import { describeEventStoreContract } from '@vakregister/testing';
import { resolveEventStoreDbTarget, type RunningEventStoreDb } from './eventstoredb-target';

const target = resolveEventStoreDbTarget();

if (target.available) {
  let server: RunningEventStoreDb;
  beforeAll(async () => {
    server = await target.start();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  describeEventStoreContract('EventStoreDB', () => ({
    gapFreePositions: false,
    open: async () => createEventStoreDbEventStore(server.connectionString),
    reopen: async (store: EventStore) => {
      await store.close();
      return createEventStoreDbEventStore(server.connectionString);
    },
  }));
} else {
  // Reported as skipped, with the reason, never as passed.
  console.warn(`EventStoreDB contract suite skipped: ${target.reason}`);
  describe.skip(`event store contract: EventStoreDB (skipped: ${target.reason})`, () => {
    it('runs the contract suite against a real EventStoreDB', () => {
      throw new Error(target.reason);
    });
  });
}
