import type { EventStore, RecordedEvent } from './event-store.port';
import { OpenedOnFirstUse } from './opened-on-first-use';

const NOTHING: AsyncIterable<RecordedEvent> = {
  async *[Symbol.asyncIterator]() {
    // An empty log.
  },
};

/** A store that only counts what is asked of it. */
function countingStore(calls: string[]): EventStore {
  const record =
    <T>(name: string, value: T) =>
    () => {
      calls.push(name);
      return value;
    };
  return {
    appendToStream: record('append', Promise.resolve({ nextExpectedRevision: 0n, position: 0n })),
    readStream: record('readStream', NOTHING),
    readAll: record('readAll', NOTHING),
    subscribeToAll: record('subscribe', {
      stop: async () => undefined,
      [Symbol.asyncIterator]: () => [][Symbol.iterator](),
    }) as never,
    streamExists: record('exists', Promise.resolve(false)),
    getStreamMetadata: record('getMetadata', Promise.resolve({})),
    setStreamMetadata: record('setMetadata', Promise.resolve()),
    health: record(
      'health',
      Promise.resolve({ status: 'up' as const, adapter: 'sqlite' as const }),
    ),
    close: record('close', Promise.resolve()),
  };
}

describe('OpenedOnFirstUse', () => {
  it('opens nothing until used, and closing an unopened store opens nothing', async () => {
    let opened = 0;
    const store = new OpenedOnFirstUse(() => {
      opened++;
      return countingStore([]);
    });
    await store.close();
    expect(opened).toBe(0);
  });

  it('opens once, on first use, and passes every call on', async () => {
    let opened = 0;
    const calls: string[] = [];
    const store = new OpenedOnFirstUse(() => {
      opened++;
      return countingStore(calls);
    });
    expect(await store.health()).toEqual({ status: 'up', adapter: 'sqlite' });
    await store.streamExists('s');
    await store.appendToStream('s', [], { expectedRevision: 'any' });
    store.readStream('s');
    store.readAll();
    await store.getStreamMetadata('s');
    await store.setStreamMetadata('s', {});
    await store.close();
    expect(opened).toBe(1);
    expect(calls).toEqual([
      'health',
      'exists',
      'append',
      'readStream',
      'readAll',
      'getMetadata',
      'setMetadata',
      'close',
    ]);
  });
});
