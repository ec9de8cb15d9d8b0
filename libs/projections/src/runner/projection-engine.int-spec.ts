import type Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BVK_2016,
  DomainError,
  addDays,
  decideProfessional,
  evolveProfessional,
  initialProfessionalState,
  professionalStream,
  type CertificationEvent,
  type LocalDate,
  type ProfessionalCommand,
  type ProfessionalState,
} from '@vakregister/certification';
import { SqliteEventStore, eventLogFile, type RecordedEvent } from '@vakregister/event-store';
import { Ledger, PlaintextCodec, idSourceFor } from '@vakregister/ledger';
import {
  PLAN,
  makeTempDir,
  registerCommand,
  testEvent,
  dumpTable as dump,
} from '@vakregister/testing';
import { queuesProjection } from '../queues/queues.projection';
import { registerProjection } from '../register/register.projection';
import { ProjectionEngine } from './projection-engine';
import type { Projection } from './projection';
import { openReadModelDatabase } from './read-model-database';

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A projection that records every event it applies, with the checkpoint it saw in the same
 * transaction: events applied in one batch all see the checkpoint of the batch before. A plain
 * INSERT (no OR IGNORE) makes an event applied twice fail loudly.
 */
function probe(options: { version?: number; poison?: (event: RecordedEvent) => boolean } = {}) {
  const projection: Projection & { poisoned: boolean } = {
    name: 'probe',
    version: options.version ?? 1,
    tables: ['probe_seen'],
    poisoned: options.poison !== undefined,
    createTables(db, suffix) {
      db.exec(`CREATE TABLE IF NOT EXISTS probe_seen${suffix} (
        position INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        seen_checkpoint INTEGER,
        version INTEGER NOT NULL
      ) STRICT`);
    },
    createIndexes(db, suffix) {
      db.exec(
        `CREATE INDEX IF NOT EXISTS probe_seen_by_type${suffix} ON probe_seen${suffix} (type)`,
      );
    },
    bind(db, suffix) {
      const checkpoint = db
        .prepare("SELECT position FROM projection_checkpoints WHERE name = 'probe'")
        .pluck();
      const insert = db.prepare(
        `INSERT INTO probe_seen${suffix} (position, type, seen_checkpoint, version)
         VALUES (?, ?, ?, ?)`,
      );
      return ({ recorded }) => {
        if (projection.poisoned && options.poison?.(recorded)) {
          throw new Error(`cannot digest ${recorded.type}`);
        }
        insert.run(recorded.position, recorded.type, checkpoint.get() ?? null, projection.version);
      };
    },
  };
  return projection;
}

function seenPositions(db: Database.Database): bigint[] {
  return (
    db.prepare('SELECT position FROM probe_seen ORDER BY position').pluck().all() as number[]
  ).map(BigInt);
}

function range(from: bigint, to: bigint): bigint[] {
  const positions: bigint[] = [];
  for (let position = from; position <= to; position++) positions.push(position);
  return positions;
}

// ---------------------------------------------------------------------------------------------
// Professionals' lives, decided command by command, so that the register and the queues have real
// work: admission, activities, certificates, suspensions, renewals on time and late, expiry.

const START: LocalDate = '2016-01-04';

interface Step {
  day: number;
  professional: number;
  order: number;
  command: (state: ProfessionalState) => ProfessionalCommand | undefined;
}

function lifeOf(index: number): Step[] {
  const steps: Step[] = [];
  const jitter = index % 13;
  const at = (day: number, command: Step['command']) =>
    steps.push({ day: day + jitter, professional: index, order: steps.length, command });
  const logged = (state: ProfessionalState) =>
    Object.values(state.activities).find((activity) => activity.status === 'logged');
  const pending = (state: ProfessionalState) =>
    Object.values(state.requests).find((request) => request.status === 'pending');
  const activities = (from: number) => {
    for (const [offset, category] of [
      [0, 'scholing'],
      [5, 'scholing'],
      [10, 'reflectie'],
      [15, 'vrije-ruimte'],
    ] as const) {
      at(from + offset, () => ({
        type: 'LogActivity',
        data: { title: category, category, hours: 40, competencies: PLAN, completedOn: '' },
      }));
      at(from + offset + 2, (state) => {
        const activity = logged(state);
        return activity
          ? {
              type: 'ReviewActivity',
              data: {
                activityId: activity.activityId,
                outcome: index % 6 === 2 && category === 'reflectie' ? 'rejected' : 'approved',
                reason: 'reviewed',
              },
            }
          : undefined;
      });
    }
  };
  const decide =
    (outcome: 'granted' | 'refused'): Step['command'] =>
    (state) => {
      const request = pending(state);
      return (
        request && {
          type: 'DecideCertification',
          data: { requestId: request.requestId, outcome, reasons: ['as the basis shows'] },
        }
      );
    };

  at(0, () =>
    registerCommand({
      professionalId: `p-${index}`,
      registrationNumber: `VR${String(index).padStart(6, '0')}`,
      name: `Klantmanager ${index}`,
      municipality: ['Den Haag', 'Nijmegen', 'Maastricht'][index % 3],
      sector: (['werk', 'inkomen', 'zorg'] as const)[index % 3],
    }),
  );
  at(10, () => ({
    type: 'DecideAdmission',
    data:
      index % 9 === 4
        ? { outcome: 'refused', reasons: ['no diploma'] }
        : { outcome: 'admitted', reasons: ['meets all'] },
  }));
  at(12, () => ({ type: 'SetDevelopmentPlan', data: { competencies: PLAN } }));
  activities(20);
  at(60, () => ({
    type: 'LogActivity',
    data: { title: 'open', category: 'scholing', hours: 2, competencies: PLAN, completedOn: '' },
  }));
  at(150, () => ({ type: 'RequestCertification', data: {} }));
  at(170, decide('granted'));
  if (index % 4 === 1) {
    at(400, () => ({ type: 'SuspendCertificate', data: { until: '', reason: 'complaint' } }));
    if (index % 8 === 1) {
      at(430, (state) =>
        state.suspension
          ? {
              type: 'LiftSuspension',
              data: { decisionId: state.suspension.decisionId, reason: 'unfounded' },
            }
          : undefined,
      );
    }
    at(500, () => ({ type: 'EndSuspension', data: {} }));
  }
  if (index % 11 === 5) at(700, () => ({ type: 'RevokeCertificate', data: { reason: 'fraud' } }));
  if (index % 10 === 9) at(900, () => ({ type: 'WithdrawProfessional', data: {} }));
  if (index % 5 === 0) {
    at(1000, () => ({
      type: 'CorrectProfessionalDetails',
      data: { changes: { municipality: 'Utrecht' }, reason: 'moved' },
    }));
  }
  activities(800);
  at(170 + 1400, () => ({ type: 'RequestCertification', data: {} }));
  const renewal = index % 3;
  if (renewal === 0) at(170 + 1420, decide('granted'));
  if (renewal === 1) at(170 + 1500, decide('granted'));
  if (renewal === 2) at(170 + 1490, decide('refused'));
  at(170 + 1470, () => ({ type: 'ExpireCertificate', data: {} }));
  return steps;
}

/** Fills in what depends on the day of the decision (completedOn, a suspension's until). */
function dated(command: ProfessionalCommand, today: LocalDate): ProfessionalCommand {
  if (command.type === 'LogActivity')
    return { ...command, data: { ...command.data, completedOn: today } };
  if (command.type === 'SuspendCertificate') {
    return { ...command, data: { ...command.data, until: addDays(today, 90) } };
  }
  return command;
}

/** The lives of professionals `from`..`to − 1`, their steps interleaved by day. */
function lives(from: number, to: number): Step[] {
  const steps: Step[] = [];
  for (let index = from; index < to; index++) steps.push(...lifeOf(index));
  return steps.sort(
    (a, b) => a.day - b.day || a.professional - b.professional || a.order - b.order,
  );
}

class World {
  readonly states = new Map<number, ProfessionalState>();
  private readonly ids = new Map<number, number>();

  constructor(readonly ledger: Ledger) {}

  /** Decides and appends each step; commands the decider refuses are skipped. */
  async live(steps: readonly Step[], after?: () => Promise<void>): Promise<number> {
    let appended = 0;
    for (const step of steps) {
      const state = this.states.get(step.professional) ?? initialProfessionalState;
      const command = step.command(state);
      if (!command) continue;
      const today = addDays(START, step.day);
      const professionalId = `p-${step.professional}`;
      let events;
      try {
        events = decideProfessional(state, dated(command, today), {
          now: `${today}T10:00:00.000Z`,
          today,
          schemes: [BVK_2016],
          newId: () => {
            const next = (this.ids.get(step.professional) ?? 0) + 1;
            this.ids.set(step.professional, next);
            return `${professionalId}-${next}`;
          },
        });
      } catch (error) {
        if (error instanceof DomainError) continue;
        throw error;
      }
      if (events.length === 0) continue;
      await this.ledger.append(
        professionalStream(professionalId),
        professionalId,
        events,
        'any',
        {
          actor: { id: 'assessor-1', role: 'assessor' },
          correlationId: `c-${step.professional}-${step.order}`,
          causationId: `c-${step.professional}-${step.order}`,
          recordedAt: `${today}T10:00:00.000Z`,
        },
        idSourceFor(),
      );
      this.states.set(step.professional, events.reduce(evolveProfessional, state));
      appended += events.length;
      await after?.();
    }
    return appended;
  }
}

// ---------------------------------------------------------------------------------------------

class Logger {
  readonly logs: string[] = [];
  readonly errors: string[] = [];
  log(message: string) {
    this.logs.push(message);
  }
  error(message: string) {
    this.errors.push(message);
  }
}

/**
 * A temp dir, in memory where the system has one: these tests are about the engine, not about
 * fsync (the crash test covers durability), and appends are most of their time on a disk.
 */
function scratchDir(label: string): { path: string; remove(): void } {
  if (!existsSync('/dev/shm')) return makeTempDir(label);
  const path = mkdtempSync(join('/dev/shm', `vakregister-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A ledger in a temp dir, and engines over it (each with its own read-model dir if asked). */
class Harness {
  readonly dir = scratchDir('projection-engine');
  readonly store = SqliteEventStore.open(eventLogFile(this.dir.path));
  readonly ledger = new Ledger(this.store, new PlaintextCodec());
  readonly world = new World(this.ledger);
  private readonly cleanups: Array<() => Promise<void> | void> = [];

  readModel(): Database.Database {
    const dir = scratchDir('projection-engine-readmodel');
    const db = openReadModelDatabase(dir.path);
    this.cleanups.push(() => {
      db.close();
      dir.remove();
    });
    return db;
  }

  engine(
    db: Database.Database,
    projections: readonly Projection[],
    options: { batchSize?: number; logger?: Logger; minFlushIntervalMs?: number } = {},
  ): ProjectionEngine {
    const engine = new ProjectionEngine(
      this.store,
      db,
      projections,
      (event) => this.ledger.toDomain(event),
      options.logger ?? new Logger(),
      { batchSize: options.batchSize, minFlushIntervalMs: options.minFlushIntervalMs },
    );
    this.cleanups.push(() => engine.stop());
    return engine;
  }

  /** Appends `count` test events, `perAppend` at a time, to a stream outside the domain. */
  async noise(count: number, perAppend = 100, type = 'TestHappened'): Promise<bigint> {
    let position = -1n;
    for (let done = 0; done < count; done += perAppend) {
      const events = Array.from({ length: Math.min(perAppend, count - done) }, () =>
        testEvent(type),
      );
      ({ position } = await this.store.appendToStream('noise', events, {
        expectedRevision: 'any',
      }));
    }
    return position;
  }

  async head(): Promise<bigint> {
    return (await this.store.health()).lastPosition ?? -1n;
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    await this.store.close();
    this.dir.remove();
  }
}

describe('ProjectionEngine', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  describe('batches', () => {
    it('applies a catch-up in transactions of many events, checkpoint at the last', async () => {
      const head = await h.noise(1200);
      const db = h.readModel();
      const engine = h.engine(db, [probe()], { batchSize: 500 });
      await engine.start();
      expect(await engine.waitFor(head, 10_000)).toBe(true);

      expect(seenPositions(db)).toEqual(range(0n, head));
      const batches = db
        .prepare(
          `SELECT seen_checkpoint AS seen, count(*) AS size, max(position) AS last FROM probe_seen
           GROUP BY seen_checkpoint ORDER BY min(position)`,
        )
        .all() as Array<{ seen: number | null; size: number; last: number }>;
      // Each transaction saw the checkpoint the previous one committed: its own last position.
      batches.forEach((batch, index) =>
        expect(batch.seen).toBe(index === 0 ? null : batches[index - 1].last),
      );
      expect(batches.every((batch) => batch.size <= 500)).toBe(true);
      expect(batches.length).toBeLessThanOrEqual(4);
      expect(batches.reduce((sum, batch) => sum + batch.size, 0)).toBe(1200);

      expect(engine.status()).toEqual([
        { name: 'probe', version: 1, state: 'running', checkpoint: head },
      ]);
      expect(db.prepare('SELECT position, version FROM projection_checkpoints').all()).toEqual([
        { position: Number(head), version: 1 },
      ]);
    });

    it('keeps the checkpoint at the last event while following live appends', async () => {
      const db = h.readModel();
      const engine = h.engine(db, [probe()], { batchSize: 500 });
      await engine.start();
      for (let round = 0; round < 5; round++) {
        const last = await h.noise(1 + round * 7, 3);
        expect(await engine.waitFor(last, 5000)).toBe(true);
        expect(engine.status()[0].checkpoint).toBe(last);
        expect(db.prepare('SELECT position FROM projection_checkpoints').pluck().get()).toBe(
          Number(last),
        );
      }
      expect(seenPositions(db)).toEqual(range(0n, await h.head()));
    });

    it('commits a steady stream of live appends at most once per interval', async () => {
      const db = h.readModel();
      const engine = h.engine(db, [probe()], { minFlushIntervalMs: 300 });
      await engine.start();
      // An idle ledger's first event is applied at once.
      const first = await h.noise(1);
      expect(await engine.waitFor(first, 200)).toBe(true);
      // Then ten appends in quick succession, well inside one interval.
      let last = first;
      for (let append = 0; append < 10; append++) last = await h.noise(2, 2);
      expect(await engine.waitFor(last, 5000)).toBe(true);
      const commits = db
        .prepare(
          'SELECT count(DISTINCT coalesce(seen_checkpoint, -1)) FROM probe_seen WHERE position > ?',
        )
        .pluck()
        .get(Number(first));
      expect(commits).toBeLessThanOrEqual(2);
      expect(seenPositions(db)).toEqual(range(0n, last));
    });
  });

  describe('a projection that fails on one event', () => {
    const poisonType = 'IndigestibleHappened';

    async function poisoned(batchSize: number) {
      await h.world.live(lives(0, 12).slice(0, 60));
      const poisonAt = await h.noise(1, 1, poisonType);
      await h.world.live(lives(0, 12).slice(60));
      const head = await h.head();
      const logger = new Logger();
      const db = h.readModel();
      const failing = probe({ poison: (event) => event.type === poisonType });
      const engine = h.engine(db, [registerProjection, failing, queuesProjection], {
        batchSize,
        logger,
      });
      await engine.start();
      const byName = () => Object.fromEntries(engine.status().map((s) => [s.name, s]));
      await until(
        () =>
          byName().probe.state === 'failed' &&
          byName().register.checkpoint === head &&
          byName().queues.checkpoint === head,
      );
      return { poisonAt, head, logger, db, failing, engine, byName };
    }

    it.each([
      ['alone in its batch', 1],
      ['in the middle of a batch', 500],
    ])(
      'stops at the event before it (%s), names it, and lets the others run',
      async (_label, batchSize) => {
        const { poisonAt, head, logger, db, engine, byName } = await poisoned(batchSize);
        expect(head).toBeGreaterThan(poisonAt + 10n);
        const [poison] = await (async () => {
          const found: RecordedEvent[] = [];
          for await (const event of h.store.readAll({ fromPosition: poisonAt, maxCount: 1 }))
            found.push(event);
          return found;
        })();
        expect(byName().probe).toEqual({
          name: 'probe',
          version: 1,
          state: 'failed',
          checkpoint: poisonAt - 1n,
          failure: {
            position: poisonAt,
            eventId: poison.id,
            type: poisonType,
            error: `cannot digest ${poisonType}`,
          },
        });
        // What precedes the failing event is committed; nothing after it.
        expect(seenPositions(db)).toEqual(range(0n, poisonAt - 1n));
        expect(
          db
            .prepare("SELECT position FROM projection_checkpoints WHERE name = 'probe'")
            .pluck()
            .get(),
        ).toBe(Number(poisonAt - 1n));
        expect(logger.errors).toEqual([
          expect.stringContaining(`position ${poisonAt}: event ${poison.id} (${poisonType})`),
        ]);
        expect(byName().register.state).toBe('running');
        expect(byName().queues.state).toBe('running');
        expect(await engine.waitFor(head, 50)).toBe(false);

        // The others keep following the log; the failed one stays where it stopped.
        const more = await h.world.live(lives(12, 14));
        expect(more).toBeGreaterThan(0);
        const newHead = await h.head();
        await until(() => byName().register.checkpoint === newHead);
        await until(() => byName().queues.checkpoint === newHead);
        expect(byName().probe.checkpoint).toBe(poisonAt - 1n);
        expect(
          db.prepare('SELECT count(DISTINCT professional_id) FROM register_rows').pluck().get(),
        ).toBe(14);
      },
    );

    it('is fixed by a rebuild, and follows the log again afterwards', async () => {
      const { head, db, failing, engine, byName } = await poisoned(50);
      failing.poisoned = false;
      await engine.rebuild('probe');
      expect(byName().probe).toEqual({
        name: 'probe',
        version: 1,
        state: 'running',
        checkpoint: head,
      });
      expect(seenPositions(db)).toEqual(range(0n, head));
      const last = await h.noise(30, 7);
      expect(await engine.waitFor(last, 5000)).toBe(true);
      expect(seenPositions(db)).toEqual(range(0n, last));
    });

    it('resumes from its checkpoint when restarted with a handler that copes', async () => {
      const { poisonAt, head, db, engine } = await poisoned(50);
      await engine.stop();
      const fixed = h.engine(db, [registerProjection, probe(), queuesProjection], {
        batchSize: 50,
      });
      await fixed.start();
      expect(await fixed.waitFor(head, 10_000)).toBe(true);
      // Exactly once: the probe's plain INSERT would have failed on any event applied twice.
      expect(seenPositions(db)).toEqual(range(0n, head));
      const resumed = db
        .prepare('SELECT seen_checkpoint FROM probe_seen WHERE position = ?')
        .pluck()
        .get(poisonAt);
      expect(resumed).toBe(Number(poisonAt - 1n));
      expect(fixed.status().every((status) => status.state === 'running')).toBe(true);
    });
  });

  describe('rebuild', () => {
    it('rebuilds online while events are appended, to the rows of an incremental run', async () => {
      const steps = lives(0, 50);
      const half = steps.findIndex((step) => step.day > 700);
      await h.world.live(steps.slice(0, half));
      // Events of other streams make the rebuild read several pages, yielding between them.
      await h.noise(5000, 1000);
      const db = h.readModel();
      const engine = h.engine(db, [registerProjection, queuesProjection]);
      await engine.start();
      expect(await engine.waitFor(await h.head(), 10_000)).toBe(true);

      // Keep appending (yielding between appends) while both projections are rebuilt.
      let appending = true;
      const appender = h.world
        .live(steps.slice(half), () => new Promise((resolve) => setImmediate(resolve)))
        .finally(() => (appending = false));
      const progress: bigint[] = [];
      const servedDuringRebuild: number[] = [];
      const headBefore = await h.head();
      await engine.rebuild('register', (position) => {
        progress.push(position);
        // The live tables keep answering while the fresh ones fill.
        servedDuringRebuild.push(
          db
            .prepare('SELECT count(*) FROM register_rows WHERE recorded_to IS NULL')
            .pluck()
            .get() as number,
        );
      });
      const headAfter = await h.head();
      expect(appending).toBe(true);
      await engine.rebuild('queues');
      await appender;

      const head = await h.head();
      expect(await engine.waitFor(head, 10_000)).toBe(true);
      expect(headAfter).toBeGreaterThan(headBefore);
      expect(progress.length).toBeGreaterThan(2);
      expect(Math.min(...servedDuringRebuild)).toBeGreaterThan(0);
      expect(engine.status().map((s) => [s.name, s.state, s.checkpoint])).toEqual([
        ['register', 'running', head],
        ['queues', 'running', head],
      ]);

      const fresh = h.readModel();
      const incremental = h.engine(fresh, [registerProjection, queuesProjection]);
      await incremental.start();
      expect(await incremental.waitFor(head, 10_000)).toBe(true);
      for (const table of ['register_rows', 'register_facts', 'queue_items', 'queue_positions']) {
        expect([table, dump(db, table)]).toEqual([table, dump(fresh, table)]);
      }
      expect(dump(db, 'register_rows').length).toBeGreaterThan(500);
      // The swap left the indexes of the live tables in place.
      const indexes = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .pluck()
        .all();
      expect(indexes).toEqual([
        'queue_items_by_professional',
        'queue_items_oldest',
        'register_rows_by_municipality',
        'register_rows_by_number',
        'register_rows_current',
        'register_rows_open',
      ]);
      expect(
        db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE '%__rebuild'").pluck().get(),
      ).toBe(0);
    }, 30_000);

    // BUG: stop() sets the engine's `stopped` flag and start() never clears it, so once an engine
    // has been stopped and started again, rebuild() swaps the tables but does not restart the
    // projection: it stays 'stopped' and no longer follows the log.
    it('follows the log after a rebuild once the engine was stopped and started', async () => {
      const head = await h.noise(10, 10);
      const db = h.readModel();
      const engine = h.engine(db, [probe()]);
      await engine.start();
      expect(await engine.waitFor(head, 5000)).toBe(true);
      await engine.stop();
      await engine.start();
      expect(engine.status()[0].state).toBe('running');
      await engine.rebuild('probe');
      const last = await h.noise(3, 1);
      expect(await engine.waitFor(last, 2000)).toBe(true);
      expect(engine.status()[0]).toMatchObject({ state: 'running', checkpoint: last });
    });

    it('refuses an unknown projection and a second rebuild of the same one', async () => {
      await h.noise(3000, 500);
      const db = h.readModel();
      const engine = h.engine(db, [probe()]);
      await engine.start();
      await expect(engine.rebuild('nope')).rejects.toThrow('No projection named nope');
      const first = engine.rebuild('probe');
      await expect(engine.rebuild('probe')).rejects.toThrow('already being rebuilt');
      await first;
      expect(await engine.waitFor(await h.head(), 5000)).toBe(true);
    });

    it('rebuilds at start a projection stored by another version, and only then', async () => {
      await h.world.live(lives(0, 5));
      const head = await h.head();
      const db = h.readModel();
      const v1 = h.engine(db, [probe({ version: 1 }), registerProjection]);
      await v1.start();
      expect(await v1.waitFor(head, 5000)).toBe(true);
      await v1.stop();
      const registerBefore = dump(db, 'register_rows');

      const logger = new Logger();
      const v2 = h.engine(db, [probe({ version: 2 }), registerProjection], { logger });
      await v2.start();
      expect(await v2.waitFor(head, 5000)).toBe(true);
      expect(logger.logs).toEqual([
        'Projection probe was built by version 1; rebuilding with version 2.',
        `Projection probe rebuilt up to position ${head}.`,
      ]);
      expect(db.prepare('SELECT DISTINCT version FROM probe_seen').pluck().all()).toEqual([2]);
      expect(seenPositions(db)).toEqual(range(0n, head));
      expect(
        db
          .prepare('SELECT name, position, version FROM projection_checkpoints ORDER BY name')
          .all(),
      ).toEqual([
        { name: 'probe', position: Number(head), version: 2 },
        { name: 'register', position: Number(head), version: registerProjection.version },
      ]);
      expect(dump(db, 'register_rows')).toEqual(registerBefore);
      await v2.stop();

      // Same version again: no rebuild, it resumes from the checkpoint with new events only.
      const last = await h.noise(5, 5);
      const quiet = new Logger();
      const again = h.engine(db, [probe({ version: 2 }), registerProjection], { logger: quiet });
      await again.start();
      expect(await again.waitFor(last, 5000)).toBe(true);
      expect(quiet.logs).toEqual([]);
      expect(
        db
          .prepare('SELECT DISTINCT seen_checkpoint FROM probe_seen WHERE position > ?')
          .pluck()
          .all(head),
      ).toEqual([Number(head)]);
    });
  });

  describe('waitFor', () => {
    it('resolves true once every projection applied the position, else false', async () => {
      const head = await h.noise(10, 10);
      const db = h.readModel();
      const engine = h.engine(db, [probe(), registerProjection]);
      await engine.start();
      expect(await engine.waitFor(head, 5000)).toBe(true);
      expect(await engine.waitFor(-1n, 0)).toBe(true);

      const started = Date.now();
      expect(await engine.waitFor(head + 1n, 100)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);

      const waiting = engine.waitFor(head + 3n, 5000);
      setTimeout(() => void h.noise(3, 1), 30);
      const before = Date.now();
      expect(await waiting).toBe(true);
      expect(Date.now() - before).toBeLessThan(4000);
    });

    it('answers false for a position the projections have not reached before start', async () => {
      const head = await h.noise(10, 10);
      const engine = h.engine(h.readModel(), [probe()]);
      expect(await engine.waitFor(head, 20)).toBe(false);
      await engine.start();
      expect(await engine.waitFor(head, 5000)).toBe(true);
    });
  });

  // The decode function is the engine's only view of the domain; a type it does not know fails
  // the projection like a throwing handler would.
  it('fails a projection on an event it cannot decode', async () => {
    await h.noise(5, 5);
    const bad = await h.noise(1, 1, 'Undecodable');
    const db = h.readModel();
    const engine = new ProjectionEngine(
      h.store,
      db,
      [probe()],
      (event): CertificationEvent => {
        if (event.type === 'Undecodable') throw new Error('no upcaster');
        return h.ledger.toDomain(event);
      },
      new Logger(),
    );
    try {
      await engine.start();
      await until(() => engine.status()[0].state === 'failed');
      expect(engine.status()[0]).toMatchObject({
        checkpoint: bad - 1n,
        failure: { position: bad, type: 'Undecodable', error: 'no upcaster' },
      });
    } finally {
      await engine.stop();
    }
  });
});
