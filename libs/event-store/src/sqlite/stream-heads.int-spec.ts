import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { makeTempDir } from '@vakregister/testing';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { SqliteEventStore, eventLogFile } from '../index';
import { StreamHeads } from './stream-heads';

function event(text: string): EventToAppend {
  return {
    id: randomUUID(),
    type: 'Tested',
    data: { text },
    metadata: {
      actor: { id: 'system', role: 'system' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      recordedAt: '2016-05-13T09:00:00.000Z',
    },
  };
}

async function texts(events: AsyncIterable<RecordedEvent>): Promise<unknown[]> {
  const read: unknown[] = [];
  for await (const recorded of events) read.push(recorded.data.text);
  return read;
}

describe('StreamHeads', () => {
  const dir = makeTempDir('stream-heads');
  afterAll(() => dir.remove());

  it('knows where a stream ends once it saw it, and nothing once told to forget', () => {
    const db = new Database(':memory:');
    const heads = new StreamHeads(db);
    expect(heads.endsBefore('s', 0n)).toBe(false);

    heads.saw('s', 4n);
    expect(heads.endsBefore('s', 5n)).toBe(true);
    expect(heads.endsBefore('s', 4n)).toBe(false);

    // A transaction rolled back as a whole leaves nothing known.
    heads.forget();
    expect(heads.endsBefore('s', 5n)).toBe(false);
    db.close();
  });

  it('forgets the least recently recorded stream beyond its capacity', () => {
    const db = new Database(':memory:');
    const heads = new StreamHeads(db, 2);
    heads.endsBefore('a', 0n);
    heads.saw('a', 0n);
    heads.saw('b', 0n);
    heads.saw('a', 1n);
    heads.saw('c', 0n);
    expect(heads.endsBefore('a', 2n)).toBe(true);
    expect(heads.endsBefore('b', 1n)).toBe(false);
    expect(heads.endsBefore('c', 1n)).toBe(true);
    db.close();
  });

  it('forgets everything once another connection has committed', () => {
    const file = `${dir.path}/heads.sqlite`;
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    const heads = new StreamHeads(db);
    heads.endsBefore('s', 0n);
    heads.saw('s', 3n);
    expect(heads.endsBefore('s', 4n)).toBe(true);

    const other = new Database(file);
    other.exec('INSERT INTO t VALUES (1)');
    other.close();
    expect(heads.endsBefore('s', 4n)).toBe(false);
    db.close();
  });

  it('lets the store read what another process appended after a stream it had read to the end', async () => {
    const file = eventLogFile(`${dir.path}/store`);
    const store = SqliteEventStore.open(file);
    const other = SqliteEventStore.open(file);
    try {
      await store.appendToStream('professional-1', [event('a'), event('b')], {
        expectedRevision: 'no_stream',
      });
      expect(await texts(store.readStream('professional-1'))).toEqual(['a', 'b']);
      expect(await texts(store.readStream('professional-1', { fromRevision: 2n }))).toEqual([]);
      expect(await texts(store.readStream('professional-2', { fromRevision: 0n }))).toEqual([]);

      await other.appendToStream('professional-1', [event('c')], { expectedRevision: 1n });
      await other.appendToStream('professional-2', [event('d')], { expectedRevision: 'no_stream' });

      expect(await texts(store.readStream('professional-1', { fromRevision: 2n }))).toEqual(['c']);
      expect(await texts(store.readStream('professional-2', { fromRevision: 0n }))).toEqual(['d']);
      await store.appendToStream('professional-1', [event('e')], { expectedRevision: 2n });
      expect(await texts(store.readStream('professional-1', { fromRevision: 3n }))).toEqual(['e']);
      expect(await texts(other.readStream('professional-1', { fromRevision: 3n }))).toEqual(['e']);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('reads what the database holds after SQLite rolled back a whole batch by itself', async () => {
    const file = eventLogFile(`${dir.path}/rolled-back`);
    const store = SqliteEventStore.open(file);
    try {
      await store.appendToStream('professional-t', [event('a')], { expectedRevision: 'no_stream' });
      // As a full disk would: the whole transaction rolled back from inside one append.
      const other = new Database(file);
      other.exec(`CREATE TRIGGER whole_rollback BEFORE INSERT ON events
                  WHEN NEW.stream_id = 'poison'
                  BEGIN SELECT RAISE(ROLLBACK, 'the whole transaction rolled back'); END`);
      other.close();
      // Read after the trigger, so that its creation by another connection is noticed here.
      expect(await texts(store.readStream('professional-t'))).toEqual(['a']);
      const outcomes = await Promise.allSettled([
        store.appendToStream('poison', [event('x')], { expectedRevision: 'no_stream' }),
        store.appendToStream('professional-t', [event('b')], { expectedRevision: 0n }),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);

      const check = new Database(file, { readonly: true });
      const stored = check
        .prepare(`SELECT json_extract(data, '$.text') FROM events WHERE stream_id = ?`)
        .pluck()
        .all('professional-t');
      check.close();
      // First what a folded stream cache asks for: the events after the one it holds.
      expect(await texts(store.readStream('professional-t', { fromRevision: 1n }))).toEqual(
        stored.slice(1),
      );
      expect(await texts(store.readStream('professional-t'))).toEqual(stored);
    } finally {
      await store.close();
    }
  });
});
