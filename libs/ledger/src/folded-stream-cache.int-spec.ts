import { SqliteEventStore, eventLogFile, type RecordedEvent } from '@vakregister/event-store';
import { makeTempDir, testEvent } from '@vakregister/testing';
import { FoldedStreamCache } from './folded-stream-cache';

describe('FoldedStreamCache', () => {
  const dir = makeTempDir('folded-cache');
  let store: SqliteEventStore;
  let folded: RecordedEvent[];
  const evolve = (state: string[], event: RecordedEvent) => {
    folded.push(event);
    return [...state, event.id];
  };

  beforeEach(() => {
    store = SqliteEventStore.open(eventLogFile(dir.path));
    folded = [];
  });
  afterEach(() => store.close());
  afterAll(() => dir.remove());

  /** The global position of a stream's last event, read from the store itself. */
  async function lastPosition(streamId: string): Promise<bigint | undefined> {
    let position: bigint | undefined;
    for await (const event of store.readStream(streamId)) position = event.position;
    return position;
  }

  it('folds a stream once, then only the events appended since', async () => {
    const cache = new FoldedStreamCache<string[]>(store, [], evolve);
    const first = [testEvent(), testEvent(), testEvent()];
    await store.appendToStream('cached-a', first, { expectedRevision: 'no_stream' });
    expect(await cache.load('cached-a')).toEqual({
      state: first.map((e) => e.id),
      revision: 2n,
      position: await lastPosition('cached-a'),
    });
    expect(folded).toHaveLength(3);

    const more = [testEvent(), testEvent()];
    await store.appendToStream('cached-a', more, { expectedRevision: 2n });
    const loaded = await cache.load('cached-a');
    expect(loaded).toEqual({
      state: [...first, ...more].map((e) => e.id),
      revision: 4n,
      position: await lastPosition('cached-a'),
    });
    expect(folded).toHaveLength(5);

    // From the cache, without reading anything: the position is remembered with the state.
    const again = await cache.load('cached-a');
    expect(again.state).toBe(loaded.state);
    expect(again.position).toBe(loaded.position);
    expect(folded).toHaveLength(5);
  });

  it('reads a missing stream as the initial state without caching it', async () => {
    const cache = new FoldedStreamCache<string[]>(store, [], evolve);
    expect(await cache.load('cached-missing')).toEqual({ state: [], revision: 'no_stream' });
  });

  it('drops the least recently used stream beyond its size, and folds it again from the start', async () => {
    const cache = new FoldedStreamCache<string[]>(store, [], evolve, 2);
    for (const id of ['lru-1', 'lru-2', 'lru-3']) {
      await store.appendToStream(id, [testEvent()], { expectedRevision: 'no_stream' });
    }
    await cache.load('lru-1');
    await cache.load('lru-2');
    await cache.load('lru-1');
    await cache.load('lru-3'); // evicts lru-2, the least recently used
    folded = [];
    await cache.load('lru-1');
    expect(folded).toHaveLength(0);
    await cache.load('lru-2');
    expect(folded).toHaveLength(1);
  });

  it('folds its own appends in, so that the next load reads nothing', async () => {
    const cache = new FoldedStreamCache<string[]>(store, [], evolve);
    const first = [testEvent()];
    await store.appendToStream('write-through', first, { expectedRevision: 'no_stream' });
    await cache.load('write-through');
    folded = [];

    const next = [testEvent(), testEvent()];
    const appended = await store.appendToStream('write-through', next, { expectedRevision: 0n });
    cache.recordAppend('write-through', 0n, appended, (state) => [
      ...state,
      ...next.map((e) => `appended ${e.id}`),
    ]);
    const loaded = await cache.load('write-through');
    expect(folded).toHaveLength(0);
    expect(loaded).toEqual({
      state: [first[0].id, ...next.map((e) => `appended ${e.id}`)],
      revision: 2n,
      position: await lastPosition('write-through'),
    });
  });

  it('ignores an append decided on another state than the cached one, and reads it instead', async () => {
    const cache = new FoldedStreamCache<string[]>(store, [], evolve);
    await store.appendToStream('write-behind', [testEvent()], { expectedRevision: 'no_stream' });
    await cache.load('write-behind');
    // Another writer appended revision 1; this process's append expected 1 and got revision 2.
    const foreign = testEvent();
    await store.appendToStream('write-behind', [foreign], { expectedRevision: 0n });
    const own = testEvent();
    const appended = await store.appendToStream('write-behind', [own], { expectedRevision: 1n });
    cache.recordAppend('write-behind', 1n, appended, () => ['must not be used']);
    cache.recordAppend('write-behind', 'any', appended, () => ['must not be used either']);
    folded = [];
    const loaded = await cache.load('write-behind');
    expect(folded.map((e) => e.id)).toEqual([foreign.id, own.id]);
    expect(loaded.revision).toBe(2n);
  });

  it('starts a new stream from the initial state when the append expected no stream', async () => {
    const cache = new FoldedStreamCache<string[]>(store, ['initial'], evolve);
    const event = testEvent();
    const appended = await store.appendToStream('write-new', [event], {
      expectedRevision: 'no_stream',
    });
    cache.recordAppend('write-new', 'no_stream', appended, (state) => [...state, event.id]);
    expect(await cache.load('write-new')).toEqual({
      state: ['initial', event.id],
      revision: 0n,
      position: appended.position,
    });
    expect(folded).toHaveLength(0);
  });
});
