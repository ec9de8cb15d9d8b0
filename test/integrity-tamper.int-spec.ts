import type Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@vakregister/config';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import {
  IntegrityKeeper,
  SigningKey,
  integrityFile,
  leafHashOfRecorded,
  openCheckpoint,
  openIntegrityDatabaseReadOnly,
  signCheckpoint,
  verifyLedger,
  type VerificationReport,
} from '@vakregister/ledger-integrity';
import { collect, makeTempDir, testEvent } from '@vakregister/testing';
import { VerifyCommand } from '../apps/cli/src/commands/verify.command';

/*
 * Someone with write access to the data directory, but not to the signing key, edits
 * events.sqlite with the sqlite3 shell. Every edit must be found by `vakregister verify`'s
 * logic, at the position where it was made.
 */

const EVENTS = 300;
const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, stored_at';
const key = SigningKey.generate();
const dir = makeTempDir('integrity-tamper');
const ledger = join(dir.path, 'ledger');
const keyFile = join(dir.path, 'public-key.pem');

function sqlite(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' });
}

/** A copy of the signed ledger to tamper with; each case gets its own. */
let copies = 0;
function copyOfLedger(): string {
  const copy = join(dir.path, `copy-${++copies}`);
  cpSync(ledger, copy, { recursive: true });
  return copy;
}

async function verify(
  dataDir: string,
  checkpoints: string[] = [],
  withIntegrity = true,
): Promise<VerificationReport> {
  const store = SqliteEventStore.open(eventLogFile(dataDir));
  const integrity: Database.Database | undefined = withIntegrity
    ? openIntegrityDatabaseReadOnly(dataDir)
    : undefined;
  try {
    return await verifyLedger({ store, integrity, publicKey: key.publicKey, checkpoints });
  } finally {
    integrity?.close();
    await store.close();
  }
}

/** A copy with `sql` run on its events.sqlite, verified. */
async function tamper(sql: string): Promise<VerificationReport> {
  const copy = copyOfLedger();
  sqlite(eventLogFile(copy), sql);
  return verify(copy);
}

let signedHeads: string[] = [];

function headOf(note: string) {
  const opened = openCheckpoint(note, key.publicKey);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.head;
}

beforeAll(async () => {
  writeFileSync(keyFile, key.publicKeyPem());
  const store = SqliteEventStore.open(eventLogFile(ledger));
  const keeper = IntegrityKeeper.open(store, ledger, key, { batchSize: 25 });
  await keeper.start();
  // Rounds of concurrent appends of one to three events, as an API under load writes them; the
  // keeper signs heads of many sizes as it follows.
  let appended = 0;
  for (let round = 0; appended < EVENTS; round++) {
    const appends: Promise<unknown>[] = [];
    while (appends.length < 12 && appended < EVENTS) {
      const count = Math.min(1 + ((appended + round) % 3), EVENTS - appended);
      const events = Array.from({ length: count }, (_, i) =>
        testEvent('CertificateGranted', {
          i: appended + i,
          note: 'certificate granted to the professional',
        }),
      );
      appended += count;
      appends.push(
        store.appendToStream(`professional-${appended % 9}`, events, { expectedRevision: 'any' }),
      );
    }
    await Promise.all(appends);
    await keeper.waitFor(BigInt(appended - 1), 10_000);
  }
  signedHeads = keeper.checkpoints({ limit: 1000 }).map((head) => head.checkpoint);
  await keeper.close();
  await store.close();
}, 120_000);

afterAll(() => dir.remove());

describe('a signed ledger', () => {
  it('verifies clean when untouched', async () => {
    expect(signedHeads.length).toBeGreaterThan(10);
    const report = await verify(copyOfLedger());
    expect(report).toEqual({
      ok: true,
      eventsChecked: EVENTS,
      validHeads: signedHeads.length,
      latestSignedSize: EVENTS,
      differences: [],
      differencesOmitted: 0,
    });
  });
});

describe('tampering with events.sqlite is found at its position', () => {
  it('one byte of an event’s data', async () => {
    const report = await tamper(
      "UPDATE events SET data = replace(data, 'granted', 'grantee') WHERE position = 137",
    );
    expect(report.ok).toBe(false);
    expect(report.firstDifference).toMatchObject({
      kind: 'changed-event',
      position: 137n,
      leafIndex: 137,
    });
    expect(report.firstDifference?.message).toMatch(/not the one recorded and signed as leaf 137/);
    // Only that event differs; the heads that cover it say so too.
    expect(report.differences.map((d) => d.kind)).toEqual([
      'changed-event',
      'signed-root-mismatch',
    ]);
  });

  it('one byte of its metadata (recordedAt)', async () => {
    const report = await tamper(
      "UPDATE events SET metadata = replace(metadata, 'T09:00:00.000Z', 'T09:00:01.000Z') " +
        'WHERE position = 42',
    );
    expect(report.firstDifference).toMatchObject({ kind: 'changed-event', position: 42n });
  });

  it('its type', async () => {
    const report = await tamper("UPDATE events SET type = 'CertificateRevoked' WHERE position = 0");
    expect(report.firstDifference).toMatchObject({ kind: 'changed-event', position: 0n });
  });

  it('two events swapped', async () => {
    const report = await tamper(
      'UPDATE events SET position = -1 WHERE position = 60;' +
        'UPDATE events SET position = 60 WHERE position = 90;' +
        'UPDATE events SET position = 90 WHERE position = -1;',
    );
    expect(report.firstDifference).toMatchObject({ kind: 'changed-event', position: 60n });
    const changed = report.differences.filter((d) => d.kind === 'changed-event');
    expect(changed.map((d) => d.position)).toEqual([60n, 90n]);
  });

  it('an event deleted', async () => {
    const report = await tamper('DELETE FROM events WHERE position = 150');
    expect(report.firstDifference).toMatchObject({ kind: 'changed-event', position: 150n });
    expect(report.firstDifference?.message).toMatch(/the log now has position 151 there/);
    // The last head signed more events than are left.
    expect(report.differences).toContainEqual(
      expect.objectContaining({ kind: 'missing-events', treeSize: EVENTS }),
    );
  });

  it('the last event deleted', async () => {
    const report = await tamper(`DELETE FROM events WHERE position = ${EVENTS - 1}`);
    expect(report.firstDifference).toMatchObject({
      kind: 'missing-events',
      position: BigInt(EVENTS - 1),
    });
  });

  const forgedEvent = (position: number) => {
    const event = testEvent('CertificateGranted', { i: -1, note: 'forged' });
    return (
      `INSERT INTO events (${COLUMNS}) ` +
      `VALUES (${position}, 'professional-forged', 0, '${randomUUID()}', '${event.type}', ` +
      `'${JSON.stringify(event.data)}', '${JSON.stringify(event.metadata)}', 0);`
    );
  };

  it('a forged event inserted in the middle', async () => {
    const report = await tamper(
      // Make room at 100: move every later event one place on (via negatives, as positions are
      // the primary key), then insert there.
      'UPDATE events SET position = -position - 1 WHERE position >= 100;' +
        'UPDATE events SET position = -position WHERE position < 0;' +
        forgedEvent(100),
    );
    expect(report.eventsChecked).toBe(EVENTS + 1);
    expect(report.firstDifference).toMatchObject({ kind: 'changed-event', position: 100n });
  });

  it('a forged event added at the end: reported as an unsigned tail at its position', async () => {
    const report = await tamper(forgedEvent(EVENTS));
    // Nothing signed differs; what follows the last signed head is named, and `verify --strict`
    // fails on it. (A running keeper would sign it: see docs/adr/0008.)
    expect(report.ok).toBe(true);
    expect(report.unsignedTail).toEqual({
      fromPosition: BigInt(EVENTS),
      toPosition: BigInt(EVENTS),
      count: 1,
    });
  });

  it('an event whose JSON no longer parses', async () => {
    const report = await tamper('UPDATE events SET data = substr(data, 2) WHERE position = 250');
    expect(report.firstDifference).toMatchObject({ kind: 'unreadable-event', position: 250n });
  });
});

describe('tampering with integrity.sqlite as well', () => {
  it('is still found by the signed roots when the stored leaf is rewritten to match', async () => {
    const copy = copyOfLedger();
    sqlite(
      eventLogFile(copy),
      "UPDATE events SET data = replace(data, 'granted', 'grantee') WHERE position = 137",
    );
    const store = SqliteEventStore.open(eventLogFile(copy));
    const [changed] = await collect(store.readAll({ fromPosition: 137n, maxCount: 1 }));
    await store.close();
    sqlite(
      integrityFile(copy),
      `UPDATE leaves SET hash = X'${leafHashOfRecorded(changed).toString('hex')}' ` +
        'WHERE leaf_index = 137',
    );
    const report = await verify(copy);
    expect(report.firstDifference?.kind).toBe('signed-root-mismatch');
    // Without a trustworthy leaf list, the heads narrow it down to the range between two heads.
    const { position, treeSize } = report.firstDifference!;
    expect(position).toBeLessThanOrEqual(137n);
    expect(treeSize).toBeGreaterThan(137);
  });

  it('finds a head signed by another key', async () => {
    const copy = copyOfLedger();
    // A head of a longer log, with the real root of the full one, signed by a key of their own.
    const { root } = headOf(signedHeads[signedHeads.length - 1]);
    const forgedNote = signCheckpoint(
      { size: EVENTS + 5, root, time: new Date() },
      SigningKey.generate(),
    );
    sqlite(
      integrityFile(copy),
      'INSERT INTO heads (size, root, time, checkpoint) ' +
        `VALUES (${EVENTS + 5}, X'00', '', '${forgedNote}')`,
    );
    const report = await verify(copy);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([
      expect.objectContaining({ kind: 'invalid-head', treeSize: EVENTS + 5 }),
    ]);
  });

  it('is found with a checkpoint held elsewhere even when integrity.sqlite is gone', async () => {
    const copy = copyOfLedger();
    sqlite(eventLogFile(copy), "UPDATE events SET type = 'Forged' WHERE position = 12");
    rmSync(integrityFile(copy));
    // An auditor kept the head of the full ledger (from a receipt, say).
    const held = signedHeads[signedHeads.length - 1];
    const report = await verify(copy, [held], false);
    expect(report.firstDifference).toMatchObject({
      kind: 'signed-root-mismatch',
      treeSize: EVENTS,
      position: 0n,
    });
    expect((await verify(copyOfLedger(), [held], false)).ok).toBe(true);
  });
});

describe('vakregister verify', () => {
  const config = (dataDir: string) => ({ nodeEnv: 'test', dataDir }) as AppConfig;

  async function runVerify(dataDir: string, options: Record<string, unknown>) {
    const store = SqliteEventStore.open(eventLogFile(dataDir));
    const output: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => {
      output.push(line);
    });
    try {
      await new VerifyCommand(config(dataDir), store).run([], options);
      return { code: process.exitCode, output: output.join('\n') };
    } finally {
      log.mockRestore();
      process.exitCode = 0;
      await store.close();
    }
  }

  it('exits 0 on the untouched ledger and 1 naming the position of a change', async () => {
    const clean = await runVerify(copyOfLedger(), { publicKey: keyFile });
    expect(clean.code).toBe(0);
    expect(clean.output).toMatch(/result\s+OK: the log is exactly what the signed heads recorded/);

    const copy = copyOfLedger();
    sqlite(eventLogFile(copy), "UPDATE events SET type = 'CertificateRevoked' WHERE position = 77");
    const changed = await runVerify(copy, { publicKey: keyFile });
    expect(changed.code).toBe(1);
    expect(changed.output).toMatch(/result\s+DIFFERS from position 77/);
  });

  it('fails with --strict on an unsigned tail, which it otherwise only reports', async () => {
    const copy = copyOfLedger();
    const event = testEvent('CertificateGranted', { i: EVENTS });
    sqlite(
      eventLogFile(copy),
      `INSERT INTO events (${COLUMNS}) ` +
        `VALUES (${EVENTS}, 'late', 0, '${event.id}', '${event.type}', ` +
        `'${JSON.stringify(event.data)}', ` +
        `'${JSON.stringify(event.metadata)}', 0)`,
    );
    const lenient = await runVerify(copy, { publicKey: keyFile });
    expect(lenient.code).toBe(0);
    expect(lenient.output).toMatch(/unsigned tail\s+1 events at positions 300–300/);
    expect((await runVerify(copy, { publicKey: keyFile, strict: true })).code).toBe(1);
  });
});
