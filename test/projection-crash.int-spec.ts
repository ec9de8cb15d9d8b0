import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BVK_2016,
  DomainError,
  addDays,
  decideProfessional,
  evolveProfessional,
  initialProfessionalState,
  pendingRequest,
  professionalStream,
  type LocalDate,
  type ProfessionalCommand,
  type ProfessionalState,
} from '@vakregister/certification';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { Ledger, PlaintextCodec, idSourceFor } from '@vakregister/ledger';
import {
  ALL_PROJECTIONS,
  ProjectionEngine,
  openReadModelDatabase,
  readModelFile,
} from '@vakregister/projections';
import { PLAN, makeTempDir, registerCommand, dumpTable as dump } from '@vakregister/testing';

const CHILD = join(__dirname, 'fixtures', 'projection-runner.ts');
// Every table of every projection the API keeps (register_rows, queue_items and the rest).
const TABLES = ALL_PROJECTIONS.flatMap((projection) => projection.tables);
const START: LocalDate = '2016-01-04';
const silent = { log: () => undefined, error: (message: string) => console.error(message) };

type Command = (state: ProfessionalState, today: LocalDate) => ProfessionalCommand | undefined;

/**
 * One professional's life as dated commands: admission, plan, points, a first certificate, for
 * some a suspension (lifted or not), a revocation or a withdrawal, and a renewal decided on
 * time, late or refused; every command goes through the decider.
 */
function lifeOf(index: number): Array<{ day: number; command: Command }> {
  const steps: Array<{ day: number; command: Command }> = [];
  const at = (day: number, command: Command) => steps.push({ day: day + (index % 17), command });
  const points = (from: number) =>
    (['scholing', 'scholing', 'reflectie', 'vrije-ruimte'] as const).forEach((category, n) => {
      at(from + n * 3, (_state, today) => ({
        type: 'LogActivity',
        data: { title: category, category, hours: 40, competencies: PLAN, completedOn: today },
      }));
      at(from + n * 3 + 1, (state) => {
        const logged = Object.values(state.activities).find((a) => a.status === 'logged');
        return (
          logged && {
            type: 'ReviewActivity',
            data: { activityId: logged.activityId, outcome: 'approved', reason: 'accredited' },
          }
        );
      });
    });
  const decide =
    (outcome: 'granted' | 'refused'): Command =>
    (state) => {
      const request = pendingRequest(state);
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
  points(20);
  at(60, (_state, today) => ({
    type: 'LogActivity',
    data: {
      title: 'open',
      category: 'reflectie',
      hours: 2,
      competencies: PLAN,
      completedOn: today,
    },
  }));
  at(150, () => ({ type: 'RequestCertification', data: {} }));
  at(170, decide('granted'));
  if (index % 4 === 1) {
    at(400, (_state, today) => ({
      type: 'SuspendCertificate',
      data: { until: addDays(today, 90), reason: 'complaint' },
    }));
    if (index % 8 === 1) {
      at(
        430,
        (state) =>
          state.suspension && {
            type: 'LiftSuspension',
            data: { decisionId: state.suspension.decisionId, reason: 'unfounded' },
          },
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
  points(800);
  at(1570, () => ({ type: 'RequestCertification', data: {} }));
  at(1640, () => ({ type: 'ExpireCertificate', data: {} }));
  const renewal = index % 3;
  at(
    renewal === 0 ? 1590 : renewal === 1 ? 1670 : 1660,
    decide(renewal === 2 ? 'refused' : 'granted'),
  );
  return steps;
}

/**
 * Lives `count` professionals through the decider into the ledger, day by day; professionals
 * acting on the same day append concurrently (their streams are independent).
 */
async function prepareLedger(ledger: Ledger, count: number): Promise<number> {
  const lives = Array.from({ length: count }, (_, index) => lifeOf(index));
  const states = lives.map(() => initialProfessionalState);
  const days = [...new Set(lives.flatMap((life) => life.map((step) => step.day)))].sort(
    (a, b) => a - b,
  );
  let appended = 0;
  for (const day of days) {
    const today = addDays(START, day);
    await Promise.all(
      lives.map(async (life, index) => {
        for (const step of life.filter((s) => s.day === day)) {
          const command = step.command(states[index], today);
          if (!command) continue;
          let ids = 0;
          let events;
          try {
            events = decideProfessional(states[index], command, {
              now: `${today}T10:00:00.000Z`,
              today,
              schemes: [BVK_2016],
              newId: () => `p-${index}-${day}-${++ids}`,
            });
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          if (events.length === 0) continue;
          await ledger.append(
            professionalStream(`p-${index}`),
            `p-${index}`,
            events,
            'any',
            {
              actor: { id: 'assessor-1', role: 'assessor' },
              correlationId: `p-${index}-${day}`,
              causationId: `p-${index}-${day}`,
              recordedAt: `${today}T10:00:00.000Z`,
            },
            idSourceFor(),
          );
          states[index] = events.reduce(evolveProfessional, states[index]);
          appended += events.length;
        }
      }),
    );
  }
  return appended;
}

/** The register's checkpoint as another process sees it (-1 before any commit). */
function registerCheckpoint(dataDir: string): bigint {
  if (!existsSync(readModelFile(dataDir))) return -1n;
  const db = new Database(readModelFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    const row = db
      .prepare("SELECT position FROM projection_checkpoints WHERE name = 'register'")
      .pluck()
      .get() as bigint | undefined;
    return row ?? -1n;
  } catch {
    // The child has not created its tables yet.
    return -1n;
  } finally {
    db.close();
  }
}

/** Starts the child, waits until the register is past `killAfter`, then kills it with SIGKILL. */
async function runAndKill(dataDir: string, killAfter: bigint): Promise<bigint> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, '50', '8', '1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const deadline = Date.now() + 20_000;
  while (registerCheckpoint(dataDir) < killAfter) {
    if (child.exitCode !== null) throw new Error(`projection runner exited early: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`projection runner did not pass ${killAfter} in time: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(stderr).toBe('');
  return registerCheckpoint(dataDir);
}

describe('projections after SIGKILL mid-projection', () => {
  const dir = makeTempDir('projection-crash');
  const fresh = makeTempDir('projection-crash-fresh');
  afterAll(() => {
    dir.remove();
    fresh.remove();
  });

  it('resume to exactly the read model of a rebuild from zero', async () => {
    const store = SqliteEventStore.open(eventLogFile(dir.path));
    const ledger = new Ledger(store, new PlaintextCodec());
    try {
      const appended = await prepareLedger(ledger, 240);
      expect(appended).toBeGreaterThan(4000);
      const head = (await store.health()).lastPosition!;

      // Three runs, each killed further along; each restart resumes from its checkpoint.
      const killedAt: bigint[] = [];
      for (const fraction of [0.25, 0.5, 0.75]) {
        const target = (head * BigInt(Math.round(fraction * 100))) / 100n;
        killedAt.push(await runAndKill(dir.path, target));
      }
      // The kills landed mid-projection, each past the one before.
      expect(killedAt[0]).toBeGreaterThan(0n);
      expect(killedAt[2]).toBeLessThan(head);
      expect([...killedAt].sort((a, b) => (a < b ? -1 : 1))).toEqual(killedAt);

      const check = new Database(readModelFile(dir.path));
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      // Restarted to completion, in this process.
      const recovered = openReadModelDatabase(dir.path);
      const engine = new ProjectionEngine(
        store,
        recovered,
        ALL_PROJECTIONS,
        (event) => ledger.toDomain(event),
        silent,
      );
      // From zero, in a read-model database of its own.
      const rebuilt = openReadModelDatabase(fresh.path);
      const fromZero = new ProjectionEngine(
        store,
        rebuilt,
        ALL_PROJECTIONS,
        (event) => ledger.toDomain(event),
        silent,
      );
      try {
        await engine.start();
        await fromZero.start();
        expect(await engine.waitFor(head, 20_000)).toBe(true);
        expect(await fromZero.waitFor(head, 20_000)).toBe(true);
        for (const table of TABLES) {
          expect([table, dump(recovered, table)]).toEqual([table, dump(rebuilt, table)]);
        }
        expect(TABLES).toEqual(expect.arrayContaining(['register_rows', 'queue_items']));
        expect(dump(recovered, 'register_rows').length).toBeGreaterThan(1000);
        expect(dump(recovered, 'queue_items').length).toBeGreaterThan(100);
        expect(dump(recovered, 'projection_checkpoints')).toEqual(
          dump(rebuilt, 'projection_checkpoints'),
        );

        // And the engine's own rebuild of the recovered database agrees as well.
        for (const projection of ALL_PROJECTIONS) await engine.rebuild(projection.name);
        for (const table of TABLES) {
          expect([table, dump(recovered, table)]).toEqual([table, dump(rebuilt, table)]);
        }
      } finally {
        await engine.stop();
        await fromZero.stop();
        recovered.close();
        rebuilt.close();
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
