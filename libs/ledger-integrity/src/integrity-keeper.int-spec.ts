import Database from 'better-sqlite3';
import { SqliteEventStore, eventLogFile, type RecordedEvent } from '@vakregister/event-store';
import { collect, makeTempDir, testEvent } from '@vakregister/testing';
import { openCheckpoint } from './checkpoint';
import { integrityFile, openIntegrityDatabaseReadOnly } from './integrity-database';
import {
  IntegrityKeeper,
  IntegrityStateError,
  LeafMismatchError,
  RebuildRefusedError,
} from './integrity-keeper';
import { leafHashOfRecorded } from './leaf';
import { Frontier } from './merkle/frontier';
import { verifyConsistency, verifyInclusion } from './merkle/proofs';
import { verifyReceipt } from './receipt';
import { SigningKey } from './signing-key';
import { verifyLedger } from './verify-ledger';

const key = SigningKey.generate();

async function appendEvents(store: SqliteEventStore, count: number, prefix = 'professional') {
  for (let i = 0; i < count; i++) {
    await store.appendToStream(`${prefix}-${i % 7}`, [testEvent('TestHappened', { i })], {
      expectedRevision: 'any',
    });
  }
}

/** The root of the log as it is now, computed without the keeper. */
function rootOf(events: readonly RecordedEvent[]): Buffer {
  const frontier = Frontier.empty();
  for (const event of events) frontier.append(leafHashOfRecorded(event));
  return frontier.root();
}

describe('IntegrityKeeper', () => {
  const dir = makeTempDir('integrity-keeper');
  let store: SqliteEventStore;
  let keeper: IntegrityKeeper;
  const open = () => {
    store = SqliteEventStore.open(eventLogFile(dir.path), { foreignAppendPollMs: 50 });
    keeper = IntegrityKeeper.open(store, dir.path, key, { batchSize: 16 });
  };
  const close = async () => {
    await keeper.close();
    await store.close();
  };
  beforeAll(open);
  afterAll(async () => {
    await close();
    dir.remove();
  });

  it('signs heads in batches as it follows the log, each the root of the log so far', async () => {
    await appendEvents(store, 40);
    await keeper.start();
    expect(await keeper.waitFor(39n, 10_000)).toBe(true);
    await appendEvents(store, 25);
    expect(await keeper.waitFor(64n, 10_000)).toBe(true);

    const events = await collect(store.readAll());
    const latest = keeper.latestHead();
    expect(latest?.size).toBe(65);
    expect(latest?.root).toBe(rootOf(events).toString('base64'));
    const heads = keeper.checkpoints({ limit: 1000 });
    // 40 events caught up in batches of at most 16, then live appends: several heads.
    expect(heads.length).toBeGreaterThanOrEqual(4);
    for (const head of heads) {
      const opened = openCheckpoint(head.checkpoint, key.publicKey);
      expect(opened.ok && opened.head.size).toBe(head.size);
      expect(head.root).toBe(rootOf(events.slice(0, head.size)).toString('base64'));
    }
    expect(keeper.checkpoints({ fromSize: heads[2].size, limit: 2 })).toEqual(heads.slice(2, 4));
    expect(keeper.status()).toMatchObject({ state: 'running', treeSize: 65, lastPosition: 64n });
  });

  it('hands out proofs and receipts that verify against its signed heads', () => {
    const heads = keeper.checkpoints({ limit: 1000 });
    const b64 = (hashes: string[]) => hashes.map((hash) => Buffer.from(hash, 'base64'));
    for (let i = 1; i < heads.length; i++) {
      const [first, second] = [heads[i - 1], heads[i]];
      const proof = b64(keeper.consistencyProof(first.size, second.size));
      expect(
        verifyConsistency(
          first.size,
          second.size,
          Buffer.from(first.root, 'base64'),
          Buffer.from(second.root, 'base64'),
          proof,
        ),
      ).toBe(true);
    }
    expect(() => keeper.inclusionProof(0, 66)).toThrow(/no tree of 66 yet/);
    expect(() => keeper.consistencyProof(3, 2)).toThrow(RangeError);
  });

  it('builds receipts that anyone can verify with the public key alone', async () => {
    const events = await collect(store.readAll());
    for (const event of events) {
      const receipt = keeper.buildReceipt(event);
      expect(receipt?.leafIndex).toBe(Number(event.position));
      expect(
        verifyReceipt(JSON.parse(JSON.stringify(receipt)), keeper.publicKeyPem()),
      ).toMatchObject({
        ok: true,
        treeSize: 65,
      });
      const leaf = leafHashOfRecorded(event);
      const root = Buffer.from(keeper.latestHead()!.root, 'base64');
      const proof = keeper
        .inclusionProof(receipt!.leafIndex, 65)
        .map((h) => Buffer.from(h, 'base64'));
      expect(verifyInclusion(receipt!.leafIndex, 65, leaf, proof, root)).toBe(true);
    }
    expect(keeper.leafIndexOfEventId(events[17].id)).toBe(17);
    expect(keeper.leafIndexOfEventId(events[17].id.toUpperCase())).toBe(17);
    expect(keeper.leafIndexOfEventId('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(keeper.leafIndexOfPosition(64n)).toBe(64);
    expect(keeper.leafIndexOfPosition(65n)).toBeUndefined();
    // An event that is not the one recorded gets no receipt.
    // Metadata by name: a read event's metadata may be a getter, which a spread leaves out.
    const changed = { ...events[5], metadata: events[5].metadata, data: { i: 999 } };
    expect(() => keeper.buildReceipt(changed)).toThrow(LeafMismatchError);
  });

  it('resumes after a restart from its last head, without adding any event twice', async () => {
    await close();
    open();
    await appendEvents(store, 10, 'after-restart');
    await keeper.start();
    expect(await keeper.waitFor(74n, 10_000)).toBe(true);
    const events = await collect(store.readAll());
    expect(keeper.latestHead()?.size).toBe(75);
    expect(keeper.latestHead()?.root).toBe(rootOf(events).toString('base64'));
    const report = await verifyLedger({
      store,
      integrity: openReadOnly(),
      publicKey: key.publicKey,
    });
    expect(report).toMatchObject({ ok: true, eventsChecked: 75, latestSignedSize: 75 });
  });

  it('rebuilds the same tree from the raw log, keeping every head it signed', async () => {
    const before = keeper.checkpoints({ limit: 1000 });
    const progress: number[] = [];
    const head = await keeper.rebuild((leaves) => progress.push(leaves));
    expect(head).toEqual(before[before.length - 1]);
    expect(progress[progress.length - 1]).toBe(75);
    expect(keeper.checkpoints({ limit: 1000 })).toEqual(before);
    expect(keeper.status().state).toBe('running');
    await appendEvents(store, 3, 'after-rebuild');
    expect(await keeper.waitFor(77n, 10_000)).toBe(true);
    expect(keeper.latestHead()?.root).toBe(
      rootOf(await collect(store.readAll())).toString('base64'),
    );
  });

  it('refuses to start on a tree that is not the one its latest head signed', async () => {
    await close();
    const db = new Database(integrityFile(dir.path));
    const node = db.prepare('SELECT level, idx FROM nodes ORDER BY level DESC LIMIT 1').get() as {
      level: number;
      idx: number;
    };
    db.prepare('UPDATE nodes SET hash = randomblob(32) WHERE level = ? AND idx = ?').run(
      node.level,
      node.idx,
    );
    db.close();
    open();
    await expect(keeper.start()).rejects.toThrow(IntegrityStateError);
    // The log itself is intact, so a rebuild repairs the tree and the keeper runs again.
    await keeper.rebuild();
    await keeper.start();
    expect(keeper.status().state).toBe('running');
  });

  it('refuses to rebuild, and so to sign, over a log changed after it was signed', async () => {
    await close();
    const db = new Database(eventLogFile(dir.path));
    db.prepare(`UPDATE events SET data = '{"i":1000}' WHERE position = 30`).run();
    db.close();
    open();
    await expect(keeper.rebuild()).rejects.toThrow(RebuildRefusedError);
    await expect(keeper.rebuild()).rejects.toThrow(/first 3\d events are not the ones/);
  });

  function openReadOnly(): Database.Database {
    const db = openIntegrityDatabaseReadOnly(dir.path);
    if (!db) throw new Error('no integrity.sqlite');
    afterAllClose.push(db);
    return db;
  }
  const afterAllClose: Database.Database[] = [];
  afterAll(() => afterAllClose.forEach((db) => db.close()));
});
