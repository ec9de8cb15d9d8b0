import { randomUUID } from 'node:crypto';
import {
  ANY,
  AccessDeniedError,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type Direction as ClientDirection,
  type EventData,
  type Filter,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '../errors';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import {
  EventStoreDbEventStore,
  type ClientRead,
  type ClientSubscription,
  type EventStoreDbClient,
} from './eventstoredb-event-store';
import {
  customMetadataOf,
  isSystemEvent,
  mapClientError,
  toClientExpectedRevision,
  toReadPosition,
  toRecordedEvent,
  type ClientRecordedEvent,
  type ClientResolvedEvent,
} from './eventstoredb-mapping';

const FIRST_POSITION = 1000n;
const POSITION_STEP = 137n;

function testEvent(type = 'TestHappened', data: Record<string, unknown> = {}): EventToAppend {
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

function testEvents(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => testEvent('TestHappened', { index }));
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function isPosition(value: ReadPosition): value is { commit: bigint; prepare: bigint } {
  return typeof value === 'object';
}

function invalidPosition(): UnknownError {
  return new UnknownError(undefined, 'Trying to read from an invalid position.');
}

function fakeRead<E>(produce: () => AsyncGenerator<E>): ClientRead<E> & { cancelled: boolean } {
  const read = {
    cancelled: false,
    [Symbol.asyncIterator]: () => produce(),
    cancel: async () => {
      read.cancelled = true;
    },
  };
  return read;
}

interface SubscriptionPlan {
  /** The subscription fails after delivering this many events. */
  failAfter: number;
  error: Error;
}

/**
 * An in-memory EventStoreDB with the server's semantics as the adapter relies on them: sparse
 * positions, $all reads forwards inclusive and backwards exclusive of the given position, and
 * exclusive subscriptions; a position that is no record boundary is refused.
 */
class FakeEventStoreDb implements EventStoreDbClient {
  readonly log: ClientRecordedEvent[] = [];
  readonly appendCalls: { streamName: string; events: EventData[]; expected: unknown }[] = [];
  readonly readStreamCalls: { streamName: string; fromRevision: ReadRevision }[] = [];
  readonly readAllCalls: { direction: ClientDirection; fromPosition: ReadPosition }[] = [];
  readonly reads: { cancelled: boolean }[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  readonly subscriptionPlans: SubscriptionPlan[] = [];
  appendResultOverride: ((result: ClientAppendResult) => ClientAppendResult) | undefined;
  appendError: Error | undefined;
  readAllError: Error | undefined;
  disposed = false;
  private readonly waiters = new Set<() => void>();

  private nextPosition(): bigint {
    const last = this.log.at(-1)?.position?.commit;
    return last === undefined ? FIRST_POSITION : last + POSITION_STEP;
  }

  private streamOf(streamName: string): ClientRecordedEvent[] {
    return this.log.filter((event) => event.streamId === streamName);
  }

  record(streamId: string, type: string, data: unknown = {}, isJson = true): ClientRecordedEvent {
    const position = this.nextPosition();
    const event: ClientRecordedEvent = {
      streamId,
      id: randomUUID(),
      revision: BigInt(this.streamOf(streamId).length),
      type,
      isJson,
      data,
      metadata: isJson ? { actor: { id: 'system', role: 'system' } } : undefined,
      created: new Date('2024-01-02T03:04:05.000Z'),
      position: { commit: position, prepare: position },
    };
    this.log.push(event);
    this.waiters.forEach((wake) => wake());
    return event;
  }

  isBoundary(position: ReadPosition): boolean {
    if (!isPosition(position)) return true;
    return this.log.some((event) => event.position?.commit === position.commit);
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<ClientAppendResult> {
    this.appendCalls.push({ streamName, events, expected: options.expectedRevision });
    if (this.appendError) throw this.appendError;
    const existing = this.streamOf(streamName);
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    const expected = options.expectedRevision;
    const mismatch =
      (expected === NO_STREAM && current !== 'no_stream') ||
      (expected === STREAM_EXISTS && current === 'no_stream') ||
      (typeof expected === 'bigint' && expected !== current);
    if (mismatch) {
      throw new ClientWrongExpectedVersionError(undefined, { streamName, expected, current });
    }
    const written = events.map((event) => {
      const recorded = this.record(streamName, event.type, event.data);
      recorded.id = event.id;
      recorded.metadata = event.metadata;
      return recorded;
    });
    const last = written.at(-1)!;
    const result: ClientAppendResult = {
      success: true,
      nextExpectedRevision: last.revision,
      position: last.position,
    };
    return this.appendResultOverride ? this.appendResultOverride(result) : result;
  }

  readStream(
    streamName: string,
    options: { direction: ClientDirection; fromRevision: ReadRevision; maxCount?: number },
  ): ClientRead<ClientResolvedEvent> {
    this.readStreamCalls.push({ streamName, fromRevision: options.fromRevision });
    const read = fakeRead(
      async function* (this: FakeEventStoreDb) {
        const events = this.streamOf(streamName);
        if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
        const backwards = options.direction === 'backwards';
        const from = options.fromRevision;
        const selected = (backwards ? [...events].reverse() : events).filter((event) => {
          if (from === START || from === END) return true;
          return backwards ? event.revision <= from : event.revision >= from;
        });
        const empty = (from === END && !backwards) || (from === START && backwards);
        for (const event of (empty ? [] : selected).slice(0, options.maxCount)) {
          yield { event, commitPosition: event.position?.commit };
        }
      }.bind(this),
    );
    this.reads.push(read);
    return read;
  }

  readAll(options: {
    direction: ClientDirection;
    fromPosition: ReadPosition;
    maxCount: number;
  }): ClientRead<ClientResolvedEvent> {
    this.readAllCalls.push({ direction: options.direction, fromPosition: options.fromPosition });
    const read = fakeRead(
      async function* (this: FakeEventStoreDb) {
        if (this.readAllError) throw this.readAllError;
        const { direction, fromPosition } = options;
        if (!this.isBoundary(fromPosition)) throw invalidPosition();
        const backwards = direction === 'backwards';
        const ordered = backwards ? [...this.log].reverse() : this.log;
        const selected = ordered.filter((event) => {
          const commit = event.position!.commit;
          if (fromPosition === START) return !backwards;
          if (fromPosition === END) return backwards;
          return backwards ? commit < fromPosition.commit : commit >= fromPosition.commit;
        });
        for (const event of selected.slice(0, options.maxCount)) {
          yield { event, commitPosition: event.position?.commit };
        }
      }.bind(this),
    );
    this.reads.push(read);
    return read;
  }

  subscribeToAll(options: {
    fromPosition: ReadPosition;
    filter: Filter;
  }): ClientSubscription<ClientResolvedEvent> {
    const subscription = new FakeSubscription(
      this,
      options.fromPosition,
      options.filter,
      this.subscriptionPlans.shift(),
    );
    this.subscriptions.push(subscription);
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  waitForAppend(): { promise: Promise<void>; cancel: () => void } {
    let wake: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      wake = () => {
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
    return { promise, cancel: wake };
  }
}

class FakeSubscription implements ClientSubscription<ClientResolvedEvent> {
  unsubscribed = false;
  private cancelWait: (() => void) | undefined;

  constructor(
    private readonly server: FakeEventStoreDb,
    readonly fromPosition: ReadPosition,
    readonly filter: Filter,
    private readonly plan: SubscriptionPlan | undefined,
  ) {}

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    this.cancelWait?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ClientResolvedEvent> {
    if (!this.server.isBoundary(this.fromPosition)) throw invalidPosition();
    const regex = new RegExp((this.filter as { regex: string }).regex);
    const from = this.fromPosition;
    let index =
      from === START
        ? 0
        : from === END
          ? this.server.log.length
          : this.server.log.findIndex((event) => event.position!.commit > from.commit);
    if (index < 0) index = this.server.log.length;
    let delivered = 0;
    while (!this.unsubscribed) {
      if (index < this.server.log.length) {
        const event = this.server.log[index++];
        if (!regex.test(event.type)) continue;
        if (this.plan && delivered === this.plan.failAfter) throw this.plan.error;
        delivered++;
        yield { event, commitPosition: event.position?.commit };
        continue;
      }
      if (this.plan && delivered === this.plan.failAfter) throw this.plan.error;
      const wait = this.server.waitForAppend();
      this.cancelWait = wait.cancel;
      await wait.promise;
    }
  }
}

const FAST_RECONNECT = { initialDelayMs: 1, maxDelayMs: 4, maxAttempts: 3 };

function setup(options: { readPageSize?: number; healthTimeoutMs?: number } = {}) {
  const server = new FakeEventStoreDb();
  const store = new EventStoreDbEventStore(server, { reconnect: FAST_RECONNECT, ...options });
  return { server, store };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Consumes a subscription in the background until `count` events arrived or it ends. */
function consume(subscription: AsyncIterable<RecordedEvent>, count = Number.POSITIVE_INFINITY) {
  const received: RecordedEvent[] = [];
  const done = (async () => {
    for await (const event of subscription) {
      received.push(event);
      if (received.length >= count) break;
    }
  })();
  return { received, done };
}

describe('eventstoredb mapping', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [7n, 7n],
    [0n, 0n],
  ] as const)('maps expected revision %p to the client value %p', (port, client) => {
    expect(toClientExpectedRevision('s', port)).toBe(client);
  });

  it('refuses a negative expected revision, which the client would wrap around', () => {
    expect(() => toClientExpectedRevision('s', -1n)).toThrow(InvalidAppendError);
  });

  it('sends a port position as commit and prepare, and 0 or less as the start', () => {
    expect(toReadPosition(4242n)).toEqual({ commit: 4242n, prepare: 4242n });
    expect(toReadPosition(0n)).toBe(START);
    expect(toReadPosition(-1n)).toBe(START);
    expect(toReadPosition('start')).toBe(START);
    expect(toReadPosition('end')).toBe(END);
  });

  const recorded: ClientRecordedEvent = {
    streamId: 'cert-1',
    id: '6f1c2a6e-52a4-4e0e-9d59-1c1c2f6a8a01',
    revision: 3n,
    type: 'CertificateIssued',
    isJson: true,
    data: { level: 2 },
    metadata: { actor: { id: 'a', role: 'r' } },
    created: new Date('2024-05-06T07:08:09.000Z'),
    position: { commit: 5120n, prepare: 5120n },
  };

  it('maps a recorded event with its commit position, revision and store timestamp', () => {
    expect(toRecordedEvent({ event: recorded, commitPosition: 5120n })).toEqual({
      streamId: 'cert-1',
      revision: 3n,
      position: 5120n,
      id: recorded.id,
      type: 'CertificateIssued',
      data: { level: 2 },
      metadata: { actor: { id: 'a', role: 'r' } },
      storedAt: new Date('2024-05-06T07:08:09.000Z'),
    });
  });

  it('falls back to the resolved commit position and converts a numeric time', () => {
    const mapped = toRecordedEvent({
      event: { ...recorded, position: undefined, created: 1_700_000_000_000 },
      commitPosition: 777n,
    });
    expect(mapped?.position).toBe(777n);
    expect(mapped?.storedAt).toEqual(new Date(1_700_000_000_000));
  });

  it('treats the gRPC "no position" value as missing', () => {
    const none = 0xffffffffffffffffn;
    expect(() =>
      toRecordedEvent({ event: { ...recorded, position: { commit: none, prepare: none } } }),
    ).toThrow(/no position/);
  });

  it('skips what the port cannot represent: deleted links and binary events', () => {
    expect(toRecordedEvent({ commitPosition: 10n })).toBeUndefined();
    expect(toRecordedEvent({ event: { ...recorded, isJson: false } })).toBeUndefined();
  });

  it('recognises system events by type or stream', () => {
    expect(isSystemEvent({ event: recorded })).toBe(false);
    expect(isSystemEvent({ event: { ...recorded, type: '$metadata' } })).toBe(true);
    expect(isSystemEvent({ event: { ...recorded, streamId: '$stats-127.0.0.1:2113' } })).toBe(true);
  });

  it("maps the client's wrong expected version, with a missing stream as 'no_stream'", () => {
    const clientError = new ClientWrongExpectedVersionError(undefined, {
      streamName: 'cert-1',
      expected: 0n,
      current: 'no_stream',
    });
    const mapped = mapClientError(clientError, { streamId: 'cert-1', expectedRevision: 0n });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamId: 'cert-1', expected: 0n, actual: 'no_stream' });

    const fromClientOnly = mapClientError(
      new ClientWrongExpectedVersionError(undefined, {
        streamName: 'cert-2',
        expected: STREAM_EXISTS,
        current: 4n,
      }),
    );
    expect(fromClientOnly).toMatchObject({
      streamId: 'cert-2',
      expected: 'stream_exists',
      actual: 4n,
    });
  });

  it('maps connection failures to EventStoreUnavailableError and leaves others alone', () => {
    const unavailable = new UnavailableError(
      undefined,
      '14 UNAVAILABLE: No connection established',
    );
    const mapped = mapClientError(unavailable);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((mapped as Error & { cause?: unknown }).cause).toBe(unavailable);
    expect(mapClientError(new Error('Failed to discover after 10 attempts.'))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    const other = new Error('something else');
    expect(mapClientError(other)).toBe(other);
  });

  it("maps the server's append size limit to InvalidAppendError", () => {
    const mapped = mapClientError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), {
      streamId: 's',
    });
    expect(mapped).toBeInstanceOf(InvalidAppendError);
  });

  it('keeps only the custom keys of stream metadata', () => {
    expect(customMetadataOf({ $maxAge: 10, $acl: { $r: 'x' }, owner: 'me' })).toEqual({
      owner: 'me',
    });
    expect(customMetadataOf(undefined)).toEqual({});
  });
});

describe('EventStoreDbEventStore (fake client)', () => {
  describe('appendToStream', () => {
    it.each([
      ['any', ANY],
      ['no_stream', NO_STREAM],
      [0n, 0n],
    ] as const)('sends expected revision %p as %p', async (expectedRevision, client) => {
      const { server, store } = setup();
      if (expectedRevision === 0n) server.record('s-1', 'Existing');
      await store.appendToStream('s-1', testEvents(1), { expectedRevision });
      expect(server.appendCalls.at(-1)?.expected).toBe(client);
    });

    it('sends stream_exists as STREAM_EXISTS', async () => {
      const { server, store } = setup();
      server.record('s-1', 'Existing');
      await store.appendToStream('s-1', testEvents(1), { expectedRevision: 'stream_exists' });
      expect(server.appendCalls.at(-1)?.expected).toBe(STREAM_EXISTS);
    });

    it('sends JSON events with the given ids, so a retried append is idempotent', async () => {
      const { server, store } = setup();
      const events = testEvents(2);
      await store.appendToStream('s-1', events, { expectedRevision: 'any' });
      const sent = server.appendCalls[0].events;
      expect(sent.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(sent[0]).toMatchObject({
        contentType: 'application/json',
        type: 'TestHappened',
        data: { index: 0 },
        metadata: events[0].metadata,
      });
    });

    it("returns the revision and the server's position of a single event", async () => {
      const { server, store } = setup();
      server.record('other', 'Elsewhere');
      const result = await store.appendToStream('s-1', testEvents(1), {
        expectedRevision: 'no_stream',
      });
      expect(result).toEqual({
        nextExpectedRevision: 0n,
        position: FIRST_POSITION + POSITION_STEP,
      });
      expect(server.readStreamCalls).toEqual([]);
    });

    it('reads back the position of the last event of a batch', async () => {
      const { server, store } = setup();
      // Whichever event the server's position belongs to, the port reports the last one's.
      server.appendResultOverride = (result) => ({
        ...result,
        position: { commit: FIRST_POSITION, prepare: FIRST_POSITION },
      });
      const result = await store.appendToStream('s-1', testEvents(3), {
        expectedRevision: 'no_stream',
      });
      expect(result).toEqual({
        nextExpectedRevision: 2n,
        position: FIRST_POSITION + 2n * POSITION_STEP,
      });
      expect(server.readStreamCalls).toEqual([{ streamName: 's-1', fromRevision: 2n }]);
    });

    it('reads back the position when the server gives none (an idempotent retry)', async () => {
      const { server, store } = setup();
      server.appendResultOverride = (result) => ({ ...result, position: undefined });
      const result = await store.appendToStream('s-1', testEvents(1), { expectedRevision: 'any' });
      expect(result.position).toBe(FIRST_POSITION);
    });

    it("maps a wrong expected version on a missing stream to actual 'no_stream'", async () => {
      const { store } = setup();
      const error = await store
        .appendToStream('s-1', testEvents(1), { expectedRevision: 0n })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: 's-1', expected: 0n, actual: 'no_stream' });
    });

    it('maps a wrong expected version on an existing stream to its last revision', async () => {
      const { server, store } = setup();
      server.record('s-1', 'A');
      server.record('s-1', 'B');
      const error = await store
        .appendToStream('s-1', testEvents(1), { expectedRevision: 'no_stream' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ expected: 'no_stream', actual: 1n });
    });

    it('treats an unsuccessful result as a wrong expected version', async () => {
      const { server, store } = setup();
      server.appendResultOverride = () => ({ success: false, nextExpectedRevision: -1n });
      await expect(
        store.appendToStream('s-1', testEvents(1), { expectedRevision: 'any' }),
      ).rejects.toMatchObject({
        name: 'WrongExpectedVersionError',
        expected: 'any',
        actual: 'no_stream',
      });
    });

    it('reports an unreachable server as EventStoreUnavailableError', async () => {
      const { server, store } = setup();
      server.appendError = new UnavailableError(undefined, '14 UNAVAILABLE: connect ECONNREFUSED');
      await expect(
        store.appendToStream('s-1', testEvents(1), { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('refuses an invalid append before calling the server', async () => {
      const { server, store } = setup();
      await expect(
        store.appendToStream('$system', testEvents(1), { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.appendToStream('s-1', [], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      expect(server.appendCalls).toEqual([]);
    });
  });

  describe('readStream', () => {
    it('reads a missing stream as empty, in both directions', async () => {
      const { store } = setup();
      expect(await collect(store.readStream('missing'))).toEqual([]);
      expect(await collect(store.readStream('missing', { direction: 'backwards' }))).toEqual([]);
    });

    it('reads forwards and backwards from an inclusive revision, up to maxCount', async () => {
      const { server, store } = setup();
      for (let index = 0; index < 6; index++) server.record('s-1', 'E', { index });
      server.record('s-2', 'Other');
      const revisions = async (options: Parameters<EventStoreDbEventStore['readStream']>[1]) =>
        (await collect(store.readStream('s-1', options))).map((event) => Number(event.revision));
      expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await revisions({ fromRevision: 2n, maxCount: 2 })).toEqual([2, 3]);
      expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([5, 4]);
      expect(await revisions({ direction: 'backwards', fromRevision: 3n })).toEqual([3, 2, 1, 0]);
      expect(await revisions({ maxCount: 0 })).toEqual([]);
    });

    it('maps each event with its global position', async () => {
      const { server, store } = setup();
      server.record('other', 'X');
      const written = server.record('s-1', 'E', { a: 1 });
      const [event] = await collect(store.readStream('s-1'));
      expect(event).toMatchObject({
        streamId: 's-1',
        revision: 0n,
        position: FIRST_POSITION + POSITION_STEP,
        id: written.id,
        data: { a: 1 },
      });
      expect(event.storedAt).toBeInstanceOf(Date);
    });

    it('skips resolved events without an event, such as links to deleted events', async () => {
      const server = new FakeEventStoreDb();
      const kept = server.record('s-1', 'E');
      server.readStream = () =>
        fakeRead(async function* () {
          yield { commitPosition: 1n };
          yield { event: kept, commitPosition: kept.position!.commit };
        });
      const store = new EventStoreDbEventStore(server);
      expect((await collect(store.readStream('s-1'))).map((event) => event.id)).toEqual([kept.id]);
    });

    it('cancels the gRPC read when the reader stops early', async () => {
      const { server, store } = setup();
      for (let index = 0; index < 5; index++) server.record('s-1', 'E');
      for await (const event of store.readStream('s-1')) {
        expect(event.revision).toBe(0n);
        break;
      }
      expect(server.reads.at(-1)?.cancelled).toBe(true);
    });
  });

  describe('readAll', () => {
    function fill(server: FakeEventStoreDb) {
      const user: ClientRecordedEvent[] = [];
      for (let index = 0; index < 10; index++) {
        if (index % 3 === 0) server.record('$stats-node', '$statsCollected');
        if (index % 4 === 1) server.record('$$s-1', '$metadata');
        user.push(server.record(`s-${index % 2}`, 'E', { index }));
      }
      return user.map((event) => event.position!.commit);
    }

    it('skips system events and counts maxCount in returned events across pages', async () => {
      const { server, store } = setup({ readPageSize: 3 });
      const positions = fill(server);
      const events = await collect(store.readAll({ maxCount: 7 }));
      expect(events.map((event) => event.position)).toEqual(positions.slice(0, 7));
      expect(events.every((event) => !event.type.startsWith('$'))).toBe(true);
      expect(server.readAllCalls.length).toBeGreaterThan(2);
    });

    it('reads all forwards without repeating the record a page resumes from', async () => {
      const { server, store } = setup({ readPageSize: 4 });
      const positions = fill(server);
      const events = await collect(store.readAll());
      expect(events.map((event) => event.position)).toEqual(positions);
    });

    it('reads forwards inclusive of fromPosition', async () => {
      const { server, store } = setup({ readPageSize: 3 });
      const positions = fill(server);
      const events = await collect(store.readAll({ fromPosition: positions[4], maxCount: 3 }));
      expect(events.map((event) => event.position)).toEqual(positions.slice(4, 7));
      expect(server.readAllCalls[0].fromPosition).toEqual({
        commit: positions[4],
        prepare: positions[4],
      });
    });

    it('reads forwards from a position that is no record boundary (after + 1n)', async () => {
      const { server, store } = setup({ readPageSize: 3 });
      const positions = fill(server);
      const events = await collect(store.readAll({ fromPosition: positions[4] + 1n }));
      expect(events.map((event) => event.position)).toEqual(positions.slice(5));
    });

    it('reads forwards from an arbitrary position by scanning from the start', async () => {
      const { server, store } = setup({ readPageSize: 3 });
      const positions = fill(server);
      const events = await collect(store.readAll({ fromPosition: positions[4] + 5n }));
      expect(events.map((event) => event.position)).toEqual(positions.slice(5));
      expect(server.readAllCalls.map((call) => call.fromPosition).slice(0, 3)).toEqual([
        { commit: positions[4] + 5n, prepare: positions[4] + 5n },
        { commit: positions[4] + 4n, prepare: positions[4] + 4n },
        START,
      ]);
    });

    it('reads backwards inclusive of fromPosition, though the server excludes it', async () => {
      const { server, store } = setup({ readPageSize: 3 });
      const positions = fill(server);
      const events = await collect(
        store.readAll({ direction: 'backwards', fromPosition: positions[6], maxCount: 4 }),
      );
      expect(events.map((event) => event.position)).toEqual(positions.slice(3, 7).reverse());
    });

    it('reads backwards from a position that is no record boundary', async () => {
      const { server, store } = setup({ readPageSize: 3 });
      const positions = fill(server);
      const events = await collect(
        store.readAll({ direction: 'backwards', fromPosition: positions[6] + 1n, maxCount: 2 }),
      );
      expect(events.map((event) => event.position)).toEqual([positions[6], positions[5]]);
    });

    it('reads backwards from the end, skipping trailing system events', async () => {
      const { server, store } = setup({ readPageSize: 2 });
      const positions = fill(server);
      server.record('$stats-node', '$statsCollected');
      server.record('$stats-node', '$statsCollected');
      server.record('$stats-node', '$statsCollected');
      const [last] = await collect(store.readAll({ direction: 'backwards', maxCount: 1 }));
      expect(last.position).toBe(positions[9]);
      expect(server.readAllCalls[0]).toEqual({ direction: 'backwards', fromPosition: END });
    });

    it('reads nothing forwards from the end or backwards from the start', async () => {
      const { server, store } = setup();
      fill(server);
      expect(await collect(store.readAll({ fromPosition: 'end' }))).toEqual([]);
      expect(
        await collect(store.readAll({ direction: 'backwards', fromPosition: 'start' })),
      ).toEqual([]);
    });

    it('cancels the page in progress once maxCount is reached', async () => {
      const { server, store } = setup({ readPageSize: 100 });
      fill(server);
      await collect(store.readAll({ maxCount: 2 }));
      expect(server.reads.at(-1)?.cancelled).toBe(true);
    });

    it('reports an unreachable server as EventStoreUnavailableError', async () => {
      const { server, store } = setup();
      server.readAllError = new UnavailableError(undefined, '14 UNAVAILABLE');
      await expect(collect(store.readAll())).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });
  });

  describe('subscribeToAll', () => {
    it('delivers the events after the checkpoint, then live ones, no system events', async () => {
      const { server, store } = setup();
      const first = server.record('s-1', 'E');
      server.record('$stats-node', '$statsCollected');
      const second = server.record('s-1', 'E');
      const subscription = store.subscribeToAll({ fromPosition: first.position!.commit });
      const { received, done } = consume(subscription, 3);
      await until(() => received.length === 1);
      server.record('$$s-1', '$metadata');
      const live = [server.record('s-2', 'E'), server.record('s-1', 'E')];
      await done;
      await subscription.stop();
      expect(received.map((event) => event.id)).toEqual([second.id, ...live.map((e) => e.id)]);
      expect(server.subscriptions[0].filter).toMatchObject({ regex: '^[^$].*' });
      expect(server.subscriptions[0].fromPosition).toEqual(first.position);
    });

    it("starts from the start for 'start' and a checkpoint of 0 or less", async () => {
      const { server, store } = setup();
      const first = server.record('s-1', 'E');
      for (const fromPosition of ['start', 0n, -1n] as const) {
        const subscription = store.subscribeToAll({ fromPosition });
        const { received, done } = consume(subscription, 1);
        await done;
        await subscription.stop();
        expect(received[0].id).toBe(first.id);
        expect(server.subscriptions.at(-1)?.fromPosition).toBe(START);
      }
    });

    it('resubscribes after a drop from the last event delivered, no loss or repeat', async () => {
      const { server, store } = setup();
      const written = Array.from({ length: 6 }, (_, index) => server.record('s-1', 'E', { index }));
      server.subscriptionPlans.push(
        { failAfter: 2, error: new UnavailableError(undefined, '14 UNAVAILABLE') },
        { failAfter: 1, error: new UnknownError(undefined, 'stream reset') },
      );
      const subscription = store.subscribeToAll();
      const { received, done } = consume(subscription, 8);
      await until(() => received.length === 6);
      const live = [server.record('s-1', 'E'), server.record('s-2', 'E')];
      await done;
      await subscription.stop();
      expect(received.map((event) => event.id)).toEqual(
        [...written, ...live].map((event) => event.id),
      );
      expect(server.subscriptions.map((s) => s.fromPosition)).toEqual([
        START,
        written[1].position,
        written[2].position,
      ]);
      expect(server.subscriptions.every((s) => s.unsubscribed)).toBe(true);
    });

    it('falls back to the start, still exclusive, for a non-boundary checkpoint', async () => {
      const { server, store } = setup();
      const written = Array.from({ length: 4 }, () => server.record('s-1', 'E'));
      const subscription = store.subscribeToAll({ fromPosition: written[1].position!.commit + 1n });
      const { received, done } = consume(subscription, 2);
      await done;
      await subscription.stop();
      expect(received.map((event) => event.id)).toEqual([written[2].id, written[3].id]);
      expect(server.subscriptions.map((s) => s.fromPosition)).toEqual([
        { commit: written[1].position!.commit + 1n, prepare: written[1].position!.commit + 1n },
        START,
      ]);
    });

    it('stop() ends the for await loop of a subscription waiting for live events', async () => {
      const { server, store } = setup();
      server.record('s-1', 'E');
      const subscription = store.subscribeToAll();
      const { received, done } = consume(subscription);
      await until(() => received.length === 1);
      await subscription.stop();
      await done;
      expect(received).toHaveLength(1);
      expect(server.subscriptions[0].unsubscribed).toBe(true);
    });

    it('stop() ends the iteration while it waits to resubscribe', async () => {
      const server = new FakeEventStoreDb();
      const store = new EventStoreDbEventStore(server, {
        reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 5 },
      });
      server.subscriptionPlans.push({ failAfter: 0, error: new UnavailableError() });
      const subscription = store.subscribeToAll();
      const { done } = consume(subscription);
      await until(() => server.subscriptions[0]?.unsubscribed === true);
      await subscription.stop();
      await done;
      expect(server.subscriptions).toHaveLength(1);
    });

    it('stop() before iterating opens nothing', async () => {
      const { server, store } = setup();
      const subscription = store.subscribeToAll();
      await subscription.stop();
      expect(await collect(subscription)).toEqual([]);
      expect(server.subscriptions).toEqual([]);
    });

    it('gives up with EventStoreUnavailableError after the last reconnect attempt', async () => {
      const { server, store } = setup();
      for (let attempt = 0; attempt < 10; attempt++) {
        server.subscriptionPlans.push({ failAfter: 0, error: new UnavailableError() });
      }
      const error = await collect(store.subscribeToAll()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(server.subscriptions).toHaveLength(FAST_RECONNECT.maxAttempts + 1);
    });

    it('does not retry a refusal such as access denied', async () => {
      const { server, store } = setup();
      server.subscriptionPlans.push({ failAfter: 0, error: new AccessDeniedError() });
      await expect(collect(store.subscribeToAll())).rejects.toBeInstanceOf(AccessDeniedError);
      expect(server.subscriptions).toHaveLength(1);
    });
  });

  describe('streams and metadata', () => {
    it('tells whether a stream has events', async () => {
      const { server, store } = setup();
      server.record('s-1', 'E');
      expect(await store.streamExists('s-1')).toBe(true);
      expect(await store.streamExists('s-2')).toBe(false);
    });

    it('reads {} for a stream without metadata', async () => {
      const { store } = setup();
      expect(await store.getStreamMetadata('s-1')).toEqual({});
    });

    it('round-trips custom metadata as raw keys, even names the client would rename', async () => {
      const { server, store } = setup();
      await store.setStreamMetadata('s-1', { owner: 'registry', maxCount: 3, acl: 'mine' });
      expect(await store.getStreamMetadata('s-1')).toEqual({
        owner: 'registry',
        maxCount: 3,
        acl: 'mine',
      });
      const written = server.appendCalls[0];
      expect(written.streamName).toBe('$$s-1');
      expect(written.events[0]).toMatchObject({ type: '$metadata' });
      expect(written.events[0].data).toEqual({ owner: 'registry', maxCount: 3, acl: 'mine' });
      expect(written.expected).toBe(NO_STREAM);
      expect(await store.streamExists('s-1')).toBe(false);
    });

    it("replaces the custom keys and keeps the server's $-settings", async () => {
      const { server, store } = setup();
      server.record('$$s-1', '$metadata', { $maxAge: 60, erased: false, owner: 'x' });
      await store.setStreamMetadata('s-1', { erased: true });
      expect(await store.getStreamMetadata('s-1')).toEqual({ erased: true });
      expect(server.appendCalls[0].events[0].data).toEqual({ $maxAge: 60, erased: true });
      expect(server.appendCalls[0].expected).toBe(0n);
    });

    it('refuses $-keys, which would change server settings', async () => {
      const { server, store } = setup();
      await expect(store.setStreamMetadata('s-1', { $acl: 'x' })).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      expect(server.appendCalls).toEqual([]);
    });
  });

  describe('health and close', () => {
    it('is up with the position of the last non-system event', async () => {
      const { server, store } = setup();
      const last = server.record('s-1', 'E');
      server.record('$stats-node', '$statsCollected');
      expect(await store.health()).toEqual({
        status: 'up',
        adapter: 'eventstoredb',
        lastPosition: last.position!.commit,
      });
    });

    it('is up without a position when the log holds only system events', async () => {
      const { server, store } = setup();
      server.record('$stats-node', '$statsCollected');
      expect(await store.health()).toEqual({ status: 'up', adapter: 'eventstoredb' });
    });

    it('is down, without throwing, when the server fails', async () => {
      const { server, store } = setup();
      server.readAllError = new UnavailableError(undefined, '14 UNAVAILABLE: connect ECONNREFUSED');
      const health = await store.health();
      expect(health).toMatchObject({ status: 'down', adapter: 'eventstoredb' });
      expect(health.detail).toMatch(/ECONNREFUSED/);
    });

    it('is down when the server does not answer in time', async () => {
      const server = new FakeEventStoreDb();
      const hanging = fakeRead<ClientResolvedEvent>(async function* () {
        // Never answers: the first event is awaited forever.
        yield await new Promise<ClientResolvedEvent>(() => undefined);
      });
      server.readAll = () => hanging;
      const store = new EventStoreDbEventStore(server, { healthTimeoutMs: 20 });
      const health = await store.health();
      expect(health).toMatchObject({ status: 'down', detail: 'no answer within 20 ms' });
      expect(hanging.cancelled).toBe(true);
    });

    it('close() stops the subscriptions, disposes the client and refuses further use', async () => {
      const { server, store } = setup();
      server.record('s-1', 'E');
      const { received, done } = consume(store.subscribeToAll());
      await until(() => received.length === 1);
      await store.close();
      await done;
      expect(server.disposed).toBe(true);
      expect(server.subscriptions[0].unsubscribed).toBe(true);
      await expect(
        store.appendToStream('s-1', testEvents(1), { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(await store.health()).toMatchObject({ status: 'down' });
    });
  });
});
