import { SqliteEventStore, eventLogFile, type EventStore } from '@vakregister/event-store';
import { describeEventStoreContract, makeTempDir } from '@vakregister/testing';

const dataDir = makeTempDir('contract');
afterAll(() => dataDir.remove());

describeEventStoreContract('embedded SQLite', () => ({
  gapFreePositions: true,
  open: async () => SqliteEventStore.open(eventLogFile(dataDir.path), { foreignAppendPollMs: 50 }),
  reopen: async (store: EventStore) => {
    await store.close();
    return SqliteEventStore.open(eventLogFile(dataDir.path));
  },
}));
