import { randomUUID } from 'node:crypto';
import {
  InvalidAppendError,
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
} from '@vakregister/event-store';

/** How the contract suite gets a store. */
export interface EventStoreContractHarness {
  /** Opens a store. The log may already hold other tests' events: the suite never assumes it is empty. */
  open(): Promise<EventStore>;
  /** Closes the store and opens it again on the same storage (a process restart). */
  reopen(store: EventStore): Promise<EventStore>;
  /** Whether global positions are gap-free (the embedded store) or sparse (EventStoreDB). */
  gapFreePositions: boolean;
}

/** An event with the metadata every event of Vakregister carries. */
export function testEvent(
  type = 'TestHappened',
  data: Record<string, unknown> = {},
): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type,
    data: data as EventToAppend['data'],
    metadata: {
      actor: { id: 'system', role: 'system' },
      correlationId: id,
      causationId: id,
      schemaVersion: 1,
      recordedAt: '2016-05-13T09:00:00.000Z',
    },
  };
}

function testEvents(count: number, type = 'TestHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => testEvent(type, { index }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The last position in the log now, or -1 when empty: a start line for reading what a test adds. */
async function headPosition(store: EventStore): Promise<bigint> {
  for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) {
    return event.position;
  }
  return -1n;
}

async function readAllOf(store: EventStore, after: bigint, streams: Set<string>) {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ fromPosition: after + 1n })) {
    if (streams.has(event.streamId)) events.push(event);
  }
  return events;
}

async function expectWrongVersion(
  promise: Promise<unknown>,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect((error as WrongExpectedVersionError).expected).toBe(expected);
  expect((error as WrongExpectedVersionError).actual).toBe(actual);
}

function expectGapFree(values: bigint[]) {
  values.forEach((value, index) => expect(value).toBe(values[0] + BigInt(index)));
}

function expectStrictlyIncreasing(values: bigint[]) {
  for (let index = 1; index < values.length; index++) {
    expect(values[index] > values[index - 1]).toBe(true);
  }
}

/**
 * The behaviour every adapter of the event store port must show: EventStoreDB's semantics.
 * Every test uses streams of its own, so the suite also runs against a shared server.
 */
export function describeEventStoreContract(name: string, harness: () => EventStoreContractHarness) {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    const stream = (label: string) => `contract-${label}-${randomUUID()}`;

    beforeEach(async () => {
      store = await harness().open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('expected revision', () => {
      it('no_stream appends to a new stream and refuses an existing one', async () => {
        const id = stream('no-stream');
        const first = await store.appendToStream(id, testEvents(2), {
          expectedRevision: 'no_stream',
        });
        expect(first.nextExpectedRevision).toBe(1n);
        await expectWrongVersion(
          store.appendToStream(id, testEvents(1), { expectedRevision: 'no_stream' }),
          'no_stream',
          1n,
        );
      });

      it('stream_exists refuses a new stream and appends to an existing one', async () => {
        const id = stream('exists');
        await expectWrongVersion(
          store.appendToStream(id, testEvents(1), { expectedRevision: 'stream_exists' }),
          'stream_exists',
          'no_stream',
        );
        expect(await store.streamExists(id)).toBe(false);
        await store.appendToStream(id, testEvents(1), { expectedRevision: 'any' });
        const result = await store.appendToStream(id, testEvents(1), {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(1n);
        expect(await store.streamExists(id)).toBe(true);
      });

      it('an exact revision must match the last revision of the stream', async () => {
        const id = stream('exact');
        await expectWrongVersion(
          store.appendToStream(id, testEvents(1), { expectedRevision: 0n }),
          0n,
          'no_stream',
        );
        await store.appendToStream(id, testEvents(3), { expectedRevision: 'no_stream' });
        await expectWrongVersion(
          store.appendToStream(id, testEvents(1), { expectedRevision: 1n }),
          1n,
          2n,
        );
        await expectWrongVersion(
          store.appendToStream(id, testEvents(1), { expectedRevision: 3n }),
          3n,
          2n,
        );
        const result = await store.appendToStream(id, testEvents(1), { expectedRevision: 2n });
        expect(result.nextExpectedRevision).toBe(3n);
      });

      it('any appends to new and existing streams', async () => {
        const id = stream('any');
        await store.appendToStream(id, testEvents(1), { expectedRevision: 'any' });
        const result = await store.appendToStream(id, testEvents(1), { expectedRevision: 'any' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('a refused append writes nothing', async () => {
        const id = stream('refused');
        const written = testEvents(2);
        await store.appendToStream(id, written, { expectedRevision: 'no_stream' });
        await store
          .appendToStream(id, testEvents(3), { expectedRevision: 0n })
          .catch(() => undefined);
        const events = await collect(store.readStream(id));
        expect(events.map((event) => event.id)).toEqual(written.map((event) => event.id));
      });
    });

    describe('append', () => {
      it('appends the events of one call atomically, with consecutive revisions', async () => {
        const id = stream('atomic');
        const before = await headPosition(store);
        const events = testEvents(5);
        const result = await store.appendToStream(id, events, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(id));
        expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(read.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect(read.every((event) => event.streamId === id)).toBe(true);
        expect(read[4].position).toBe(result.position);
        expect(read[0].position > before).toBe(true);
        expectStrictlyIncreasing(read.map((event) => event.position));
        if (harness().gapFreePositions) expectGapFree(read.map((event) => event.position));
      });

      it('keeps type, data and metadata exactly as given', async () => {
        const id = stream('roundtrip');
        const event = testEvent('ActivityLogged', {
          title: 'Intervisie — "casus" ü ✓',
          hours: 2.25,
          nested: { list: [1, null, true], empty: {} },
        });
        event.metadata.reason = 'correction';
        await store.appendToStream(id, [event], { expectedRevision: 'any' });
        const [read] = await collect(store.readStream(id));
        expect(read.id).toBe(event.id);
        expect(read.type).toBe(event.type);
        expect(read.data).toEqual(event.data);
        expect(read.metadata).toEqual(event.metadata);
        expect(read.storedAt).toBeInstanceOf(Date);
      });

      it('refuses an invalid batch whole and writes nothing', async () => {
        const id = stream('invalid');
        const events = testEvents(3);
        events[2] = { ...events[2], id: 'not-a-uuid' };
        await expect(
          store.appendToStream(id, events, { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.appendToStream(id, [], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        const duplicateIds = testEvents(1);
        await expect(
          store.appendToStream(id, [duplicateIds[0], duplicateIds[0]], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await collect(store.readStream(id))).toEqual([]);
        expect(await store.streamExists(id)).toBe(false);
      });

      it('re-appending the same events at the same place is idempotent', async () => {
        const id = stream('idempotent');
        const events = testEvents(3);
        const first = await store.appendToStream(id, events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(id, events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        const anyAgain = await store.appendToStream(id, events, { expectedRevision: 'any' });
        expect(anyAgain).toEqual(first);

        const next = testEvents(2);
        const second = await store.appendToStream(id, next, { expectedRevision: 2n });
        expect(await store.appendToStream(id, next, { expectedRevision: 2n })).toEqual(second);
        expect((await collect(store.readStream(id))).length).toBe(5);
      });
    });

    describe('concurrency', () => {
      it('50 concurrent appenders on one stream get gap-free revisions and keep their batches whole', async () => {
        const id = stream('one-stream');
        const batches = Array.from({ length: 50 }, () => testEvents(4));
        await Promise.all(
          batches.map((batch) => store.appendToStream(id, batch, { expectedRevision: 'any' })),
        );
        const read = await collect(store.readStream(id));
        expect(read.map((event) => event.revision)).toEqual(
          Array.from({ length: 200 }, (_, index) => BigInt(index)),
        );
        expectStrictlyIncreasing(read.map((event) => event.position));
        if (harness().gapFreePositions) expectGapFree(read.map((event) => event.position));
        const revisionOf = new Map(read.map((event) => [event.id, event.revision]));
        for (const batch of batches) {
          const revisions = batch.map((event) => revisionOf.get(event.id)!);
          expectGapFree(revisions);
        }
      });

      it('50 concurrent appenders with expected revisions lose no write and duplicate none', async () => {
        const id = stream('optimistic');
        const appendWithRetry = async (event: EventToAppend) => {
          for (let attempt = 0; ; attempt++) {
            const events = await collect(
              store.readStream(id, { direction: 'backwards', maxCount: 1 }),
            );
            const expected = events.length === 0 ? ('no_stream' as const) : events[0].revision;
            try {
              return await store.appendToStream(id, [event], { expectedRevision: expected });
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError) || attempt > 200) throw error;
            }
          }
        };
        const events = testEvents(50);
        await Promise.all(events.map(appendWithRetry));
        const read = await collect(store.readStream(id));
        expect(read.map((event) => event.revision)).toEqual(
          Array.from({ length: 50 }, (_, index) => BigInt(index)),
        );
        expect(new Set(read.map((event) => event.id))).toEqual(new Set(events.map((e) => e.id)));
      });

      it('50 concurrent appenders on 50 streams get gap-free revisions and positions', async () => {
        const before = await headPosition(store);
        const ids = Array.from({ length: 50 }, (_, index) => stream(`many-${index}`));
        await Promise.all(
          ids.map(async (id) => {
            for (let revision = -1n; revision < 9n; revision++) {
              await store.appendToStream(id, testEvents(1), {
                expectedRevision: revision < 0n ? 'no_stream' : revision,
              });
            }
          }),
        );
        const all = await readAllOf(store, before, new Set(ids));
        expect(all.length).toBe(500);
        expectStrictlyIncreasing(all.map((event) => event.position));
        if (harness().gapFreePositions) expectGapFree(all.map((event) => event.position));
        for (const id of ids) {
          const revisions = all.filter((event) => event.streamId === id).map((e) => e.revision);
          expect(revisions).toEqual(Array.from({ length: 10 }, (_, index) => BigInt(index)));
        }
      });
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards within bounds', async () => {
        const id = stream('read');
        await store.appendToStream(id, testEvents(10), { expectedRevision: 'no_stream' });
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await collect(store.readStream(id, options))).map((event) => Number(event.revision));
        expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ fromRevision: 3n, maxCount: 4 })).toEqual([3, 4, 5, 6]);
        expect(await revisions({ direction: 'backwards', maxCount: 3 })).toEqual([9, 8, 7]);
        expect(await revisions({ direction: 'backwards', fromRevision: 7n, maxCount: 3 })).toEqual([
          7, 6, 5,
        ]);
        expect(
          await revisions({ direction: 'backwards', fromRevision: 'end', maxCount: 2 }),
        ).toEqual([9, 8]);
        expect(await revisions({ fromRevision: 'start', maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ fromRevision: 10n })).toEqual([]);
      });

      it('reads a missing stream as empty', async () => {
        expect(await collect(store.readStream(stream('missing')))).toEqual([]);
        expect(
          await collect(store.readStream(stream('missing'), { direction: 'backwards' })),
        ).toEqual([]);
      });

      it('reads the global log forwards and backwards within bounds', async () => {
        const id = stream('all');
        await store.appendToStream(id, testEvents(5), { expectedRevision: 'no_stream' });
        const mine = await collect(store.readStream(id));
        const positions = mine.map((event) => event.position);

        const forwards = await collect(store.readAll({ fromPosition: positions[1], maxCount: 3 }));
        expect(forwards.map((event) => event.position)).toEqual(positions.slice(1, 4));

        const backwards = await collect(
          store.readAll({ direction: 'backwards', fromPosition: positions[3], maxCount: 3 }),
        );
        expect(backwards.map((event) => event.position)).toEqual(positions.slice(1, 4).reverse());

        const last = await collect(store.readAll({ direction: 'backwards', maxCount: 1 }));
        expect(last[0].id).toBe(mine[4].id);
        expect(await collect(store.readAll({ fromPosition: 'end' }))).toEqual([]);
      });

      it('keeps stream metadata as custom key/values', async () => {
        const id = stream('meta');
        expect(await store.getStreamMetadata(id)).toEqual({});
        await store.setStreamMetadata(id, { erased: false, owner: 'registry', level: 3 });
        expect(await store.getStreamMetadata(id)).toEqual({
          erased: false,
          owner: 'registry',
          level: 3,
        });
        expect(await store.streamExists(id)).toBe(false);
        await store.setStreamMetadata(id, { erased: true });
        expect(await store.getStreamMetadata(id)).toEqual({ erased: true });
      });
    });

    describe('subscription', () => {
      it('delivers exactly the events after the checkpoint, then live ones, without loss or duplicate', async () => {
        const id = stream('subscription');
        await store.appendToStream(id, testEvents(3), { expectedRevision: 'no_stream' });
        const existing = await collect(store.readStream(id));
        const checkpoint = existing[0].position;

        await store.appendToStream(id, testEvents(20), { expectedRevision: 2n });
        const subscription = store.subscribeToAll({ fromPosition: checkpoint });
        const received: RecordedEvent[] = [];
        let liveAppends: Promise<unknown> | undefined;
        for await (const event of subscription) {
          if (event.streamId !== id) continue;
          received.push(event);
          // Switch to live while still catching up: appends land during the catch-up.
          if (received.length === 5) {
            liveAppends = (async () => {
              for (let index = 0; index < 10; index++) {
                await store.appendToStream(id, testEvents(3), { expectedRevision: 'any' });
              }
            })();
          }
          if (received.length === 2 + 20 + 30) break;
        }
        await liveAppends;
        await subscription.stop();
        expect(received.map((event) => event.revision)).toEqual(
          Array.from({ length: 52 }, (_, index) => BigInt(index + 1)),
        );
      });

      it('waits for live events and stops cleanly', async () => {
        const id = stream('live');
        const from = await headPosition(store);
        const subscription = store.subscribeToAll({ fromPosition: from });
        const received: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of subscription) {
            if (event.streamId === id) received.push(event);
          }
        })();
        await store.appendToStream(id, testEvents(2), { expectedRevision: 'no_stream' });
        const deadline = Date.now() + 5000;
        while (received.length < 2 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await subscription.stop();
        await consuming;
        expect(received.map((event) => event.revision)).toEqual([0n, 1n]);
      });
    });

    describe('restart', () => {
      it('keeps every acknowledged event and the stream metadata across a restart', async () => {
        const id = stream('restart');
        const events = testEvents(25);
        const acknowledged = await Promise.all(
          events.map((event) => store.appendToStream(id, [event], { expectedRevision: 'any' })),
        );
        await store.setStreamMetadata(id, { kept: true });
        store = await harness().reopen(store);
        const read = await collect(store.readStream(id));
        expect(read.map((event) => event.id).sort()).toEqual(events.map((e) => e.id).sort());
        expect(read.map((event) => event.position).sort()).toEqual(
          acknowledged.map((result) => result.position).sort(),
        );
        expect(await store.getStreamMetadata(id)).toEqual({ kept: true });
        const next = await store.appendToStream(id, testEvents(1), { expectedRevision: 24n });
        expect(next.nextExpectedRevision).toBe(25n);
      });
    });
  });
}
