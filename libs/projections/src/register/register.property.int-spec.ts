import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BVK_2016,
  CONTESTABLE_DECISIONS,
  DomainError,
  SECTORS,
  addDays,
  amsterdamDate,
  daysBetween,
  certificateValidOn,
  decideProfessional,
  evolveProfessional,
  initialProfessionalState,
  objectionTermEndsOn,
  pendingRequest,
  professionalStream,
  type LocalDate,
  type ProfessionalCommand,
  type ProfessionalEvent,
  type ProfessionalState,
  type Sector,
} from '@vakregister/certification';
import { SqliteEventStore, eventLogFile } from '@vakregister/event-store';
import { Ledger, PlaintextCodec, deterministicUuid } from '@vakregister/ledger';
import { PLAN, makeTempDir, registerCommand } from '@vakregister/testing';
import { queuesProjection } from '../queues/queues.projection';
import { ProjectionEngine } from '../runner/projection-engine';
import { openReadModelDatabase } from '../runner/read-model-database';
import { nextFacts, type RegisterFacts } from './register-facts';
import { registerProjection } from './register.projection';
import { RegisterQueries, type RegisterEntry } from './register.queries';
import { statusOn, statusTimeline } from './status-timeline';

const SEED = 2016;
const RUNS = 100;
const OBJECTION_RUNS = 60;
const START: LocalDate = '2016-01-04';
const PEOPLE = 3;
const MUNICIPALITIES = ['Den Haag', 'Nijmegen', 'Maastricht'];

// ---------------------------------------------------------------------------------------------
// Commands, generated without knowing the state; ids (activities, requests, suspensions) are
// picked from the state when the command is decided, so that shrinking keeps steps meaningful.

type CommandSpec =
  | { kind: 'admit' | 'refuse-admission' | 'plan' | 'qualify' | 'request' | 'lift' | 'end' }
  | { kind: 'revoke' | 'withdraw' | 'expire' | 'withdraw-request' }
  | { kind: 'log'; category: string; hours: number; daysAgo: number }
  | { kind: 'review'; pick: number; approve: boolean }
  | { kind: 'withdraw-activity'; pick: number }
  | { kind: 'decide'; grant: boolean }
  | { kind: 'renew'; daysBeforeEnd: number }
  | { kind: 'suspend'; days: number }
  | { kind: 'correct'; municipality: string; sector: Sector }
  | { kind: 'object'; pick: number; late: boolean }
  | { kind: 'decide-objection'; uphold: boolean }
  | { kind: 'extend-objection' };

interface Step {
  days: number;
  who: number;
  command: CommandSpec;
}

interface Person {
  experienceYears: number;
  municipality: string;
  sector: Sector;
}

const simple = (kind: string) => fc.constant({ kind } as CommandSpec);
// Weighted towards the commands that move a life forward (admission, plan, points, requests,
// decisions); the ones that end a life (revocation, withdrawal) are rare.
const commonSpecs: Array<fc.WeightedArbitrary<CommandSpec>> = [
  { weight: 20, arbitrary: simple('admit') },
  { weight: 2, arbitrary: simple('refuse-admission') },
  { weight: 12, arbitrary: simple('plan') },
  { weight: 15, arbitrary: simple('qualify') },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('log' as const),
      category: fc.constantFrom('scholing', 'reflectie', 'vrije-ruimte'),
      hours: fc.constantFrom(0.25, 2, 8, 40),
      daysAgo: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      pick: fc.nat(5),
      approve: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('withdraw-activity' as const), pick: fc.nat(5) }),
  },
  { weight: 30, arbitrary: simple('request') },
  { weight: 3, arbitrary: simple('withdraw-request') },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('renew' as const),
      daysBeforeEnd: fc.integer({ min: -10, max: 200 }),
    }),
  },
  {
    weight: 40,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      grant: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('suspend' as const),
      days: fc.integer({ min: 1, max: 400 }),
    }),
  },
  { weight: 8, arbitrary: simple('lift') },
  { weight: 4, arbitrary: simple('end') },
  { weight: 1, arbitrary: simple('revoke') },
  { weight: 1, arbitrary: simple('withdraw') },
  { weight: 10, arbitrary: simple('expire') },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      municipality: fc.constantFrom(...MUNICIPALITIES),
      sector: fc.constantFrom(...SECTORS),
    }),
  },
];
const objectionSpecs: Array<fc.WeightedArbitrary<CommandSpec>> = [
  {
    weight: 30,
    arbitrary: fc.record({
      kind: fc.constant('object' as const),
      pick: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, fc.nat(5)),
      late: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
    }),
  },
  {
    weight: 30,
    arbitrary: fc.record({ kind: fc.constant('decide-objection' as const), uphold: fc.boolean() }),
  },
  { weight: 2, arbitrary: simple('extend-objection') },
  // Revocations are what objections reverse most drastically: more of them here.
  { weight: 15, arbitrary: simple('revoke') },
];

// Days between commands: mostly the same week, sometimes months, now and then a year or more
// (to cross renewal windows and validUntil).
const days = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 7 }) },
  { weight: 4, arbitrary: fc.integer({ min: 8, max: 45 }) },
  { weight: 1, arbitrary: fc.integer({ min: 46, max: 400 }) },
);

const scenario = (withObjections: boolean) =>
  fc.record({
    people: fc.array(
      fc.record({
        experienceYears: fc.oneof({ weight: 5, arbitrary: fc.constant(5) }, fc.constant(1)),
        municipality: fc.constantFrom(...MUNICIPALITIES),
        sector: fc.constantFrom(...SECTORS),
      }),
      { minLength: PEOPLE, maxLength: PEOPLE },
    ),
    steps: fc.array(
      fc.record({
        days,
        who: fc.nat(PEOPLE - 1),
        command: fc.oneof(...commonSpecs, ...(withObjections ? objectionSpecs : [])),
      }),
      {
        minLength: 60,
        maxLength: 180,
        size: 'max',
      },
    ),
    // Where to look: a fraction of the log (record time) and of the simulated period (valid time).
    probes: fc.array(
      fc.record({
        known: fc.double({ min: 0, max: 1, noNaN: true }),
        asOf: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 12, maxLength: 12 },
    ),
  });

/** The commands one spec stands for on this state and date (`qualify` is eight). */
function commandsOf(
  spec: CommandSpec,
  state: ProfessionalState,
  today: LocalDate,
): ProfessionalCommand[] {
  const logged = Object.values(state.activities).filter((a) => a.status === 'logged');
  const pending = pendingRequest(state);
  switch (spec.kind) {
    case 'admit':
      return [{ type: 'DecideAdmission', data: { outcome: 'admitted', reasons: ['meets all'] } }];
    case 'refuse-admission':
      return [{ type: 'DecideAdmission', data: { outcome: 'refused', reasons: ['no diploma'] } }];
    case 'plan':
      return [{ type: 'SetDevelopmentPlan', data: { competencies: PLAN } }];
    case 'qualify':
      // 160 points at the limits of each category, every one listing the plan's competencies;
      // each is approved right after it is logged (see `live`).
      return (['scholing', 'scholing', 'reflectie', 'vrije-ruimte'] as const).map((category) => ({
        type: 'LogActivity',
        data: { title: category, category, hours: 40, competencies: PLAN, completedOn: today },
      }));
    case 'log':
      return [
        {
          type: 'LogActivity',
          data: {
            title: spec.category,
            category: spec.category,
            hours: spec.hours,
            competencies: PLAN,
            completedOn: addDays(today, -spec.daysAgo),
          },
        },
      ];
    case 'review': {
      const activity = logged[spec.pick % Math.max(1, logged.length)];
      if (!activity) return [];
      return [
        {
          type: 'ReviewActivity',
          data: {
            activityId: activity.activityId,
            outcome: spec.approve ? 'approved' : 'rejected',
            reason: 'reviewed',
          },
        },
      ];
    }
    case 'withdraw-activity': {
      const activity = logged[spec.pick % Math.max(1, logged.length)];
      return activity
        ? [{ type: 'WithdrawActivity', data: { activityId: activity.activityId } }]
        : [];
    }
    case 'request':
    case 'renew':
      return [{ type: 'RequestCertification', data: {} }];
    case 'withdraw-request':
      return pending
        ? [{ type: 'WithdrawCertificationRequest', data: { requestId: pending.requestId } }]
        : [];
    case 'decide':
      return pending
        ? [
            {
              type: 'DecideCertification',
              data: {
                requestId: pending.requestId,
                outcome: spec.grant ? 'granted' : 'refused',
                reasons: ['as the basis shows'],
              },
            },
          ]
        : [];
    case 'suspend':
      return [
        {
          type: 'SuspendCertificate',
          data: { until: addDays(today, spec.days), reason: 'complaint' },
        },
      ];
    case 'lift':
      return state.suspension
        ? [
            {
              type: 'LiftSuspension',
              data: { decisionId: state.suspension.decisionId, reason: 'unfounded' },
            },
          ]
        : [];
    case 'end':
      return [{ type: 'EndSuspension', data: {} }];
    case 'revoke':
      return [{ type: 'RevokeCertificate', data: { reason: 'fraud' } }];
    case 'withdraw':
      return [{ type: 'WithdrawProfessional', data: {} }];
    case 'expire':
      return [{ type: 'ExpireCertificate', data: {} }];
    case 'object': {
      // Known domain issue (reported): a remedy revives a withdrawn professional (AdmissionGranted
      // sets `admitted` after ProfessionalWithdrew); the register keeps withdrawn, as it should.
      if (state.status === 'withdrawn') return [];
      // Most often the latest adverse decision, as in life.
      const contestable = Object.values(state.decisions)
        .filter(
          (decision) =>
            (CONTESTABLE_DECISIONS as readonly string[]).includes(decision.type) &&
            !decision.reversedBy,
        )
        .reverse();
      const decision = contestable[spec.pick % Math.max(1, contestable.length)];
      if (!decision) return [];
      const late = today > objectionTermEndsOn(decision.decidedOn);
      if (late && !spec.late) return [];
      return [
        {
          type: 'LodgeObjection',
          data: {
            decisionId: decision.decisionId,
            grounds: 'wrong',
            advisoryCommittee: spec.pick % 2 === 0,
            actorRole: late ? 'appeals' : 'professional',
            ...(late ? { lateAdmissionReason: 'illness' } : {}),
          },
        },
      ];
    }
    case 'decide-objection':
    case 'extend-objection': {
      const open = Object.values(state.objections)
        .reverse()
        .find((o) => o.status === 'open');
      if (!open || state.status === 'withdrawn') return [];
      return spec.kind === 'extend-objection'
        ? [
            {
              type: 'ExtendObjectionDeadline',
              data: { objectionId: open.objectionId, reason: 'busy' },
            },
          ]
        : [
            {
              type: 'DecideObjection',
              data: {
                objectionId: open.objectionId,
                outcome: spec.uphold ? 'upheld' : 'rejected',
                reasons: ['considered'],
                deciderId: 'appeals-1',
                contestedDeciderId: 'assessor-1',
              },
            },
          ];
    }
    case 'correct':
      return [
        {
          type: 'CorrectProfessionalDetails',
          data: {
            changes: { municipality: spec.municipality, sector: spec.sector },
            reason: 'moved',
          },
        },
      ];
  }
}

// ---------------------------------------------------------------------------------------------

interface Logged {
  position: bigint;
  professionalId: string;
  event: ProfessionalEvent;
  recordedAt: string;
  today: LocalDate;
  /** Whether this is the last event of its command (the states between are not decisions). */
  endOfCommand: boolean;
}

const professionalId = (who: number) => `p-${who + 1}`;
const registrationNumber = (who: number) => `VR${String(who + 1).padStart(6, '0')}`;

/**
 * Lives the scenario through the decider on a clock that advances in days and appends every
 * accepted decision through the Ledger (one append per decision, recorded at 10:00 UTC).
 */
async function live(
  ledger: Ledger,
  people: readonly Person[],
  steps: readonly Step[],
): Promise<{ log: Logged[]; lastDay: number }> {
  const log: Logged[] = [];
  const states = people.map(() => initialProfessionalState);
  let ids = 0;
  let appends = 0;
  let day = 0;

  const decideAndAppend = async (
    who: number,
    command: ProfessionalCommand,
  ): Promise<ProfessionalEvent | undefined> => {
    const today = addDays(START, day);
    const id = professionalId(who);
    let events: ProfessionalEvent[];
    try {
      events = decideProfessional(states[who], command, {
        now: `${today}T10:00:00.000Z`,
        today,
        schemes: [BVK_2016],
        newId: () => `id-${++ids}`,
      });
    } catch (error) {
      // A command the decider refuses is simply not part of the history.
      if (error instanceof DomainError) return undefined;
      throw error;
    }
    if (events.length === 0) return undefined;
    const recordedAt = `${today}T10:00:00.000Z`;
    const append = ++appends;
    const result = await ledger.append(
      professionalStream(id),
      id,
      events,
      'any',
      {
        actor: { id: 'assessor-1', role: 'assessor' },
        correlationId: `command-${append}`,
        causationId: `command-${append}`,
        recordedAt,
      },
      {
        eventId: (_stream, n) => deterministicUuid('property', String(append), String(n)),
        newId: () => deterministicUuid('property', String(append), 'id'),
      },
    );
    const first = result.position - BigInt(events.length - 1);
    events.forEach((event, n) =>
      log.push({
        position: first + BigInt(n),
        professionalId: id,
        event,
        recordedAt,
        today,
        endOfCommand: n === events.length - 1,
      }),
    );
    states[who] = events.reduce(evolveProfessional, states[who]);
    return events[0];
  };

  for (const [who, person] of people.entries()) {
    await decideAndAppend(
      who,
      registerCommand({
        professionalId: professionalId(who),
        registrationNumber: registrationNumber(who),
        name: `Klantmanager ${who + 1}`,
        email: `km${who + 1}@example.nl`,
        municipality: person.municipality,
        sector: person.sector,
        experienceYears: person.experienceYears,
      }),
    );
  }
  for (const step of steps) {
    day += step.days;
    const certificate = states[step.who].certificate;
    if (step.command.kind === 'renew' && certificate) {
      // The professional applies some days before the certificate ends (inside the renewal
      // window, or just outside it): the clock jumps there, never backwards.
      day = Math.max(day, daysBetween(START, certificate.validUntil) - step.command.daysBeforeEnd);
    }
    for (const command of commandsOf(step.command, states[step.who], addDays(START, day))) {
      const decided = await decideAndAppend(step.who, command);
      if (!decided && command.type === 'DecideObjection' && command.data.outcome === 'upheld') {
        // A remedy the rules cannot give (a grant the record does not support) is rejected.
        await decideAndAppend(step.who, {
          ...command,
          data: { ...command.data, outcome: 'rejected', reasons: ['no remedy possible'] },
        });
      }
      if (!decided && command.type === 'DecideCertification') {
        // PRODUCT.md: a `granted` that the rules do not support is refused with the reason.
        await decideAndAppend(step.who, {
          ...command,
          data: { ...command.data, outcome: 'refused', reasons: ['the rules do not support it'] },
        });
      }
      const logged = decided;
      if (step.command.kind === 'qualify' && logged?.type === 'ActivityLogged') {
        await decideAndAppend(step.who, {
          type: 'ReviewActivity',
          data: { activityId: logged.data.activityId, outcome: 'approved', reason: 'accredited' },
        });
      }
    }
  }
  return { log, lastDay: day };
}

/** The in-memory model: the register facts of each professional after the events up to `known`. */
function factsUpTo(log: readonly Logged[], known: bigint): Map<string, RegisterFacts> {
  const facts = new Map<string, RegisterFacts>();
  for (const entry of log) {
    if (entry.position > known) break;
    const next = nextFacts(
      facts.get(entry.professionalId),
      entry.event,
      amsterdamDate(entry.recordedAt),
    );
    if (next) facts.set(entry.professionalId, next);
  }
  return facts;
}

/** What the register should answer for one professional on `asOf`, from the model. */
function expectedEntry(facts: RegisterFacts, asOf: LocalDate) {
  const status = statusOn(facts.registeredOn, facts.transitions, asOf);
  if (!status) return undefined;
  const segment = statusTimeline(facts.registeredOn, facts.transitions).find(
    (s) => s.validFrom <= asOf && (s.validTo === null || asOf < s.validTo),
  );
  return {
    professionalId: facts.professionalId,
    registrationNumber: facts.registrationNumber,
    name: facts.name,
    email: facts.email,
    municipality: facts.municipality,
    sector: facts.sector,
    status: status.status,
    renewalPending: status.renewalPending,
    certificate: status.certificateId
      ? {
          certificateId: status.certificateId,
          validFrom: status.certificateValidFrom,
          validUntil: status.certificateValidUntil,
        }
      : null,
    validFrom: segment?.validFrom,
    validTo: segment?.validTo,
  };
}

function withoutRecordedFrom(entries: readonly RegisterEntry[]) {
  return entries.map(({ recordedFrom: _recordedFrom, ...entry }) => entry);
}

function dump(db: Database.Database, table: string): unknown[] {
  const columns = db.pragma(`table_info(${table})`) as Array<{ name: string }>;
  return db
    .prepare(`SELECT * FROM ${table} ORDER BY ${columns.map((c) => c.name).join(', ')}`)
    .all();
}

/** The domain's own view at the moment of an event, as the register must show it on that day. */
function domainStatus(state: ProfessionalState, today: LocalDate): string {
  if (['applicant', 'admitted', 'refused', 'revoked', 'withdrawn'].includes(state.status)) {
    return state.status;
  }
  if (!certificateValidOn(state, today)) return 'expired';
  const suspended =
    state.status === 'suspended' && !!state.suspension && today < state.suspension.until;
  return suspended ? 'suspended' : 'certified';
}

/** Counts of what the generated histories contained, to check the generator's reach. */
const seen = new Map<string, number>();

/** One generated history: appended while the engine runs, then checked against the model. */
/**
 * A temp dir for one run, in memory where the system has one: every accepted command is an
 * fsync'ed append, and a hundred histories of a hundred appends are about the projections, not
 * about the disk (the crash test covers durability).
 */
function scratchDir(): { path: string; remove(): void } {
  if (!existsSync('/dev/shm')) return makeTempDir('register-property');
  const path = mkdtempSync(join('/dev/shm', 'vakregister-register-property-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

type Scenario = ReturnType<typeof scenario> extends fc.Arbitrary<infer T> ? T : never;

async function check({ people, steps, probes }: Scenario) {
  const dir = scratchDir();
  const store = SqliteEventStore.open(eventLogFile(dir.path));
  const ledger = new Ledger(store, new PlaintextCodec());
  const db = openReadModelDatabase(dir.path);
  const engine = new ProjectionEngine(
    store,
    db,
    [registerProjection, queuesProjection],
    (event) => ledger.toDomain(event),
    { log: () => undefined, error: (message) => console.error(message) },
    { batchSize: 7 },
  );
  try {
    // (1) Incremental: the engine follows the log while the history is appended.
    await engine.start();
    const { log, lastDay } = await live(ledger, people, steps);
    for (const { event } of log) {
      const keys = [event.type as string];
      if (event.type === 'CertificationRequested' && event.data.kind === 'renewal') {
        keys.push('renewal requested');
      }
      if ('remedyOf' in event.data && event.data.remedyOf) keys.push('granted on objection');
      if (event.type === 'ObjectionDecided') keys.push(`objection ${event.data.outcome}`);
      if (event.type === 'CertificateGranted' && event.data.decidedOn > event.data.validFrom) {
        keys.push('renewal granted after validUntil');
      }
      for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const head = log.length > 0 ? log[log.length - 1].position : -1n;
    expect(await engine.waitFor(head, 10_000)).toBe(true);
    const queries = new RegisterQueries(db);

    const model = factsUpTo(log, head);
    const current = db
      .prepare(
        `SELECT professional_id, status, renewal_pending, certificate_id, valid_from, valid_to,
                name, municipality, sector
         FROM register_rows WHERE recorded_to IS NULL ORDER BY professional_id, valid_from`,
      )
      .all();
    const expectedCurrent = [...model.values()]
      .sort((a, b) => a.professionalId.localeCompare(b.professionalId))
      .flatMap((facts) =>
        statusTimeline(facts.registeredOn, facts.transitions).map((s) => ({
          professional_id: facts.professionalId,
          status: s.status,
          renewal_pending: s.renewalPending ? 1 : 0,
          certificate_id: s.certificateId,
          valid_from: s.validFrom,
          valid_to: s.validTo,
          name: facts.name,
          municipality: facts.municipality,
          sector: facts.sector,
        })),
      );
    expect(current).toEqual(expectedCurrent);

    // (2) Bitemporal: any (asOf, knownAt) answers what a replay up to knownAt says on asOf.
    const span = lastDay + 1600;
    for (const probe of probes) {
      const known = BigInt(Math.min(Math.floor(probe.known * (log.length + 1)), log.length)) - 1n;
      const asOf = addDays(START, Math.floor(probe.asOf * span) - 30);
      const facts = factsUpTo(log, known);
      const expected = [...facts.values()]
        .map((f) => expectedEntry(f, asOf))
        .filter((entry) => entry !== undefined)
        .sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber));
      const byPosition = queries.list({
        asOf,
        knownAt: { position: known },
        searchNames: false,
        limit: 10,
      });
      expect({ asOf, known, entries: withoutRecordedFrom(byPosition.entries) }).toEqual({
        asOf,
        known,
        entries: expected,
      });
      if (known >= 0n) {
        // An instant knows every event recorded at or before it.
        const instant = log[Number(known)].recordedAt;
        const lastAtInstant = log.filter((e) => e.recordedAt <= instant).at(-1)!.position;
        const byInstant = queries.list({
          asOf,
          knownAt: { instant },
          searchNames: false,
          limit: 10,
        });
        const atPosition = queries.list({
          asOf,
          knownAt: { position: lastAtInstant },
          searchNames: false,
          limit: 10,
        });
        expect({ instant, entries: byInstant.entries }).toEqual({
          instant,
          entries: atPosition.entries,
        });
      }
    }

    // The domain's fold agrees on the day of every command, as the ledger knew it then.
    const states = new Map<string, ProfessionalState>();
    for (const entry of log) {
      const state = evolveProfessional(
        states.get(entry.professionalId) ?? initialProfessionalState,
        entry.event,
      );
      states.set(entry.professionalId, state);
      if (!entry.endOfCommand) continue;
      const [shown] = queries.list({
        asOf: entry.today,
        knownAt: { position: entry.position },
        q: state.registrationNumber,
        searchNames: false,
        limit: 1,
      }).entries;
      const pending = pendingRequest(state);
      const expectedStatus = domainStatus(state, entry.today);
      expect({
        position: entry.position,
        type: entry.event.type,
        today: entry.today,
        status: shown?.status,
        ...(['certified', 'suspended'].includes(expectedStatus)
          ? { renewalPending: shown?.renewalPending }
          : {}),
      }).toEqual({
        position: entry.position,
        type: entry.event.type,
        today: entry.today,
        status: expectedStatus,
        ...(['certified', 'suspended'].includes(expectedStatus)
          ? { renewalPending: pending?.kind === 'renewal' }
          : {}),
      });
    }

    // (1) again: a rebuild from zero yields exactly the incremental tables.
    const incremental = ['register_rows', 'register_facts', 'queue_items'].map((table) =>
      dump(db, table),
    );
    await engine.rebuild('register');
    await engine.rebuild('queues');
    expect(
      ['register_rows', 'register_facts', 'queue_items'].map((table) => dump(db, table)),
    ).toEqual(incremental);
  } finally {
    await engine.stop();
    db.close();
    await store.close();
    dir.remove();
  }
}

function expectSeen(kinds: readonly string[]) {
  // The generator must reach the interesting histories, or the property proves little.
  for (const kind of kinds) expect([kind, (seen.get(kind) ?? 0) > 0]).toEqual([kind, true]);
}

describe(`register projection against an in-memory replay (fast-check, seed ${SEED})`, () => {
  it(`incremental == rebuild == replay, at any asOf/knownAt (seed ${SEED})`, async () => {
    await fc.assert(fc.asyncProperty(scenario(false), check), { seed: SEED, numRuns: RUNS });
    expectSeen([
      'CertificateGranted',
      'CertificationRefused',
      'CertificateSuspended',
      'SuspensionLifted',
      'CertificateRevoked',
      'CertificateExpired',
      'ProfessionalWithdrew',
      'ProfessionalDetailsCorrected',
      'CertificationRequestWithdrawn',
      'renewal requested',
      'renewal granted after validUntil',
    ]);
  }, 180_000);

  it(`holds with objections and remedies (seed ${SEED}, ${OBJECTION_RUNS} runs)`, async () => {
    seen.clear();
    await fc.assert(fc.asyncProperty(scenario(true), check), {
      seed: SEED,
      numRuns: OBJECTION_RUNS,
    });
    expectSeen([
      'ObjectionLodged',
      'ObjectionDeadlineExtended',
      'objection upheld',
      'objection rejected',
      'granted on objection',
      'CertificateRevoked',
    ]);
  }, 180_000);
});
