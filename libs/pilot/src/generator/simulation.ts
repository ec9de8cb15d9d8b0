import {
  AUDIT_SAMPLES_STREAM,
  BVK_2016,
  CONTESTABLE_DECISIONS,
  DomainError,
  EXTENSION_DAYS,
  REGISTRATION_NUMBERS_STREAM,
  SCHEMES_STREAM,
  addDays,
  addMonths,
  addYears,
  amsterdamDate,
  certificateValidOn,
  computeBasis,
  daysBetween,
  decideProfessional,
  decidePublishScheme,
  decideRegistrationNumber,
  drawSample,
  evolveProfessional,
  evolveSchemes,
  initialProfessionalState,
  pendingRequest,
  planInForce,
  professionalStream,
  schemeInForce,
  unmetAdmissionRequirements,
  type AuditSampleDrawn,
  type DecisionRecord,
  type CertificationEvent,
  type Diploma,
  type LocalDate,
  type ProfessionalCommand,
  type ProfessionalEvent,
  type ProfessionalState,
  type ProfessionalStatus,
  type Scheme,
} from '@vakregister/certification';
import type { ExpectedRevision } from '@vakregister/event-store';
import { SYSTEM_ACTOR, type CommandMetadata, type IdSource } from '@vakregister/ledger';
import { Prng } from './prng';
import {
  REGISTER_PROFILE,
  type ContestableDecision,
  type ObjectionHabits,
  type SimulationProfile,
} from './simulation-profile';
import {
  CATEGORIES,
  DIPLOMA_FIELDS,
  FIRST_NAMES,
  LAST_NAMES,
  MAIL_DOMAINS,
  OBJECTION_EXTENSION_REASONS,
  OBJECTION_GROUNDS,
  OBJECTION_REJECTED_REASONS,
  OBJECTION_UPHELD_REASONS,
  PROVIDERS,
  REJECTION_REASONS,
  REVOCATION_REASONS,
  SUSPENSION_REASONS,
  WITHDRAWAL_REASONS,
  emailOf,
} from './vocabulary';

/** Where the simulated events go: appends queued in call order, which becomes log order. */
export interface LedgerWriter {
  append(
    streamId: string,
    subjectId: string,
    events: readonly CertificationEvent[],
    expectedRevision: ExpectedRevision,
    metadata: CommandMetadata,
    ids: IdSource,
  ): void;
  /** Events queued so far: the position the next one gets in a fresh log. */
  readonly queuedEvents: number;
  /** Waits until every queued append is durable; rethrows the first failure. */
  drain(): Promise<void>;
}

export interface SimulationSettings {
  professionals: number;
  seed: number;
  /** Calendar, schemes and population; the national register of the benchmarks by default. */
  profile?: SimulationProfile;
  /** Appends queued before the simulation waits for them (lets group commit batch them). */
  drainEvery?: number;
  onMonth?: (month: string, stats: SimulationStats) => void;
}

export interface SimulationStats {
  professionals: number;
  commands: number;
  events: number;
  eventsByType: Record<string, number>;
  /** Commands the deciders refused (e.g. `LiftSuspension: state`); the API would answer 4xx. */
  refused: Record<string, number>;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

const DAY_MS = 86_400_000;
/** Commands are dated 07:00–21:00 UTC: the same Amsterdam date in winter and in summer. */
const OFFICE_OPENS_MS = 7 * 3_600_000;
const OFFICE_CLOSES_MS = 21 * 3_600_000 - 1;

const DOSSIER_STATES: readonly ProfessionalStatus[] = [
  'admitted',
  'certified',
  'suspended',
  'expired',
];

interface Professional {
  id: string;
  name: string;
  serial: number;
  state: ProfessionalState;
  revision: bigint | 'no_stream';
  /** Activities a year, the persona's diligence: below about 8 the points run short. */
  rate: number;
  gone: boolean;
  requestScheduled: boolean;
  incidentScheduled: boolean;
  /** The day the professional last looked at their points. */
  lastPointsCheck: number;
}

type Action =
  | { kind: 'publish-scheme'; scheme: Scheme }
  | { kind: 'audit-sample' }
  | {
      kind:
        | 'register'
        | 'admission'
        | 'plan'
        | 'activity'
        | 'backlog-activity'
        | 'request'
        | 'expiry'
        | 'suspension-end'
        | 'incident'
        | 'revoke'
        | 'withdraw'
        | 'correct';
      who: Professional;
    }
  | {
      kind:
        | 'review'
        | 'withdraw-activity'
        | 'decide'
        | 'withdraw-request'
        | 'lift'
        | 'object'
        | 'extend-objection'
        | 'decide-objection';
      who: Professional;
      ref: string;
    };

/**
 * A register day by day, over the years of its profile: professionals register, are admitted
 * (or refused), set plans, log activities that assessors review, request certification and
 * renewal (on time, late or never), are suspended, revoked, withdraw, move house and, where the
 * profile has them, object to adverse decisions. Every command goes through
 * `decideProfessional` with a simulated clock, so that every event is one the application
 * could have appended; a command the decider refuses is counted and dropped, as the API would
 * answer it with a 4xx.
 */
export async function simulateLedger(
  settings: SimulationSettings,
  writer: LedgerWriter,
): Promise<SimulationStats> {
  const simulation = new Simulation(settings, writer);
  await simulation.run();
  return simulation.stats;
}

class Simulation {
  readonly stats: SimulationStats = {
    professionals: 0,
    commands: 0,
    events: 0,
    eventsByType: {},
    refused: {},
    firstRecordedAt: '',
    lastRecordedAt: '',
  };
  private readonly prng: Prng;
  /** Ids come from their own generator, so that the choices do not depend on how many ids. */
  private readonly idPrng: Prng;
  private readonly ids: IdSource;
  private readonly profile: SimulationProfile;
  private readonly firstDayMs: number;
  private readonly days: number;
  private readonly buckets: Array<Action[] | undefined>;
  private day = 0;
  private today: LocalDate;
  private nowMs = 0;
  private dayEndMs = 0;
  private stepMs = 1000;
  private schemes: readonly Scheme[] = [];
  private schemesRevision: bigint | 'no_stream' = 'no_stream';
  private scheme: Scheme = BVK_2016;
  private assigned = 0;
  private counterRevision: bigint | 'no_stream' = 'no_stream';
  private readonly professionals: Professional[] = [];
  /** Who took each decision: the person handling an objection against it must be someone else. */
  private readonly deciders = new Map<string, string>();

  constructor(
    private readonly settings: SimulationSettings,
    private readonly writer: LedgerWriter,
  ) {
    this.prng = new Prng(settings.seed);
    this.idPrng = new Prng((settings.seed ^ 0x5bd1e995) >>> 0);
    this.ids = { eventId: () => this.idPrng.uuid(), newId: () => this.idPrng.uuid() };
    this.profile = settings.profile ?? REGISTER_PROFILE;
    this.firstDayMs = Date.parse(this.profile.firstDay);
    this.today = this.profile.firstDay;
    this.days = daysBetween(this.profile.firstDay, this.profile.lastDay) + 1;
    this.buckets = new Array<Action[] | undefined>(this.days);
  }

  async run(): Promise<void> {
    for (const { on, scheme } of this.profile.schemes) {
      this.scheduleOn(on, { kind: 'publish-scheme', scheme });
    }
    const firstYear = Number(this.profile.firstDay.slice(0, 4));
    const lastYear = Number(this.profile.lastDay.slice(0, 4));
    for (let year = firstYear + 1; year <= lastYear; year++) {
      this.scheduleOn(`${year}-02-${String(this.prng.int(1, 20)).padStart(2, '0')}`, {
        kind: 'audit-sample',
      });
    }
    for (let index = 0; index < this.settings.professionals; index++) {
      const professional = this.newProfessional(index);
      const day = this.profile.registrationDay(this.prng, index);
      this.schedule(day, { kind: 'register', who: professional });
    }

    const drainEvery = this.settings.drainEvery ?? 2_000;
    let drainedAt = 0;
    let month = '';
    for (this.day = 0; this.day < this.days; this.day++) {
      const bucket = this.buckets[this.day] ?? [];
      this.startDay(bucket.length);
      // Actions run today may schedule more for today: they run after the ones already queued.
      for (let index = 0; index < bucket.length; index++) this.perform(bucket[index]);
      this.buckets[this.day] = undefined;
      if (bucket.length > 0 && amsterdamDate(new Date(this.nowMs)) !== this.today) {
        throw new Error(`A command of ${this.today} was dated on another Amsterdam day`);
      }
      if (this.writer.queuedEvents - drainedAt >= drainEvery) {
        drainedAt = this.writer.queuedEvents;
        await this.writer.drain();
      }
      if (this.today.slice(0, 7) !== month) {
        month = this.today.slice(0, 7);
        this.settings.onMonth?.(month, this.stats);
      }
    }
    await this.writer.drain();
  }

  // ---- time ----------------------------------------------------------------------------------

  private startDay(actions: number): void {
    const startMs = this.firstDayMs + this.day * DAY_MS;
    this.today = new Date(startMs).toISOString().slice(0, 10);
    this.nowMs = startMs + OFFICE_OPENS_MS;
    this.dayEndMs = startMs + OFFICE_CLOSES_MS;
    // Spread the day's commands over office hours, on average, leaving room for late additions.
    this.stepMs = Math.max(2, Math.floor((OFFICE_CLOSES_MS - OFFICE_OPENS_MS) / (actions + 8)));
    this.scheme = schemeInForce(this.schemes, this.today) ?? BVK_2016;
  }

  /** The instant of the next command: strictly later unless the day is full, never earlier. */
  private nextInstant(): string {
    this.nowMs = Math.min(this.dayEndMs, this.nowMs + 1 + this.prng.int(0, 2 * this.stepMs));
    const instant = new Date(this.nowMs).toISOString();
    if (this.stats.firstRecordedAt === '') this.stats.firstRecordedAt = instant;
    this.stats.lastRecordedAt = instant;
    return instant;
  }

  private dayOf(date: LocalDate): number {
    return daysBetween(this.profile.firstDay, date);
  }

  private schedule(day: number, action: Action): void {
    if (day >= this.days) return;
    const at = Math.max(day, this.day);
    (this.buckets[at] ??= []).push(action);
  }

  private scheduleOn(date: LocalDate, action: Action): void {
    this.schedule(this.dayOf(date), action);
  }

  private inDays(min: number, max: number, action: Action): void {
    this.schedule(this.day + this.prng.int(min, max), action);
  }

  // ---- commands ------------------------------------------------------------------------------

  private metadata(actor: CommandMetadata['actor'], reason?: string): CommandMetadata {
    return {
      actor,
      correlationId: this.ids.newId(),
      causationId: this.ids.newId(),
      ...(reason ? { reason } : {}),
      recordedAt: this.nextInstant(),
    };
  }

  private registrar(): CommandMetadata['actor'] {
    const id = `registrar-${this.prng.int(1, 4)}`;
    return { id, role: 'registrar', authentication: 'development-header' };
  }

  private assessor(): CommandMetadata['actor'] {
    const id = `assessor-${this.prng.int(1, 12)}`;
    return { id, role: 'assessor', authentication: 'development-header' };
  }

  private self(who: Professional): CommandMetadata['actor'] {
    return {
      id: who.id,
      role: 'professional',
      professionalId: who.id,
      authentication: 'development-header',
    };
  }

  private system(): CommandMetadata['actor'] {
    return { ...SYSTEM_ACTOR };
  }

  private write(
    streamId: string,
    subjectId: string,
    events: readonly CertificationEvent[],
    expected: ExpectedRevision,
    metadata: CommandMetadata,
  ): void {
    this.writer.append(streamId, subjectId, events, expected, metadata, this.ids);
    this.stats.events += events.length;
    for (const event of events) {
      this.stats.eventsByType[event.type] = (this.stats.eventsByType[event.type] ?? 0) + 1;
    }
  }

  /** Decides a command on the professional's state, appends what it decides and folds it in. */
  private execute(
    who: Professional,
    command: ProfessionalCommand,
    actor: CommandMetadata['actor'],
    reason?: string,
    metadata?: CommandMetadata,
  ): ProfessionalEvent[] | undefined {
    this.stats.commands++;
    const dated = metadata ?? this.metadata(actor, reason);
    let events: ProfessionalEvent[];
    try {
      events = decideProfessional(who.state, command, {
        now: dated.recordedAt,
        today: this.today,
        schemes: this.schemes,
        newId: () => this.ids.newId(),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const key = `${command.type}: ${error.kind}`;
      this.stats.refused[key] = (this.stats.refused[key] ?? 0) + 1;
      return undefined;
    }
    if (events.length === 0) return events;
    this.write(professionalStream(who.id), who.id, events, who.revision, dated);
    who.revision = (who.revision === 'no_stream' ? -1n : who.revision) + BigInt(events.length);
    for (const event of events) who.state = evolveProfessional(who.state, event);
    if (this.profile.objections)
      this.considerObjections(who, events, dated, this.profile.objections);
    return events;
  }

  /** The status as the dates make it: a suspension past its `until` has ended by itself. */
  private statusOf(who: Professional): ProfessionalStatus {
    const { status, suspension } = who.state;
    return status === 'suspended' && suspension && suspension.until <= this.today
      ? 'certified'
      : status;
  }

  private perform(action: Action): void {
    switch (action.kind) {
      case 'publish-scheme':
        return this.publishScheme(action.scheme);
      case 'audit-sample':
        return this.drawAuditSample();
      default:
        break;
    }
    const who = action.who;
    // Nothing happens on the record of someone who left, except what the scheduler finds due.
    if (who.gone && action.kind !== 'expiry' && action.kind !== 'suspension-end') return;
    switch (action.kind) {
      case 'register':
        return this.register(who);
      case 'admission':
        return this.decideAdmission(who);
      case 'plan':
        return this.setPlan(who);
      case 'activity':
        return this.logActivity(who, false);
      case 'backlog-activity':
        return this.logActivity(who, true);
      case 'review':
        return this.review(who, action.ref);
      case 'withdraw-activity':
        return this.withdrawActivity(who, action.ref);
      case 'request':
        return this.requestCertification(who);
      case 'withdraw-request':
        return this.withdrawRequest(who, action.ref);
      case 'decide':
        return this.decideCertification(who, action.ref);
      case 'expiry':
        return void this.execute(who, { type: 'ExpireCertificate', data: {} }, this.system());
      case 'suspension-end':
        return void this.execute(who, { type: 'EndSuspension', data: {} }, this.system());
      case 'incident':
        return this.incident(who);
      case 'lift':
        return this.lift(who, action.ref);
      case 'revoke':
        return this.revoke(who);
      case 'withdraw':
        return this.withdraw(who);
      case 'correct':
        return this.correct(who);
      case 'object':
        return this.lodgeObjection(who, action.ref);
      case 'extend-objection':
        return this.extendObjection(who, action.ref);
      case 'decide-objection':
        return this.decideObjection(who, action.ref);
    }
  }

  // ---- the register's own streams ------------------------------------------------------------

  private publishScheme(scheme: Scheme): void {
    const events = decidePublishScheme(this.schemes, scheme);
    const first = this.schemes.length === 0;
    const metadata = first
      ? this.metadata(this.system(), 'default scheme published on first start')
      : this.metadata(this.registrar(), `scheme ${scheme.schemeId} adopted by the board`);
    this.write(SCHEMES_STREAM, scheme.schemeId, events, this.schemesRevision, metadata);
    this.schemesRevision = (first ? -1n : (this.schemesRevision as bigint)) + 1n;
    for (const event of events) this.schemes = evolveSchemes(this.schemes, event);
    this.scheme = schemeInForce(this.schemes, this.today) ?? BVK_2016;
  }

  private drawAuditSample(): void {
    const candidates = this.professionals
      .filter((who) => !who.gone && certificateValidOn(who.state, this.today))
      .map((who) => who.id);
    const metadata = this.metadata(this.assessor(), 'yearly audit of certified professionals');
    const sampleId = this.ids.newId();
    const seed = this.prng.hex(8);
    const event: AuditSampleDrawn = {
      type: 'AuditSampleDrawn',
      data: {
        sampleId,
        seed,
        size: 25,
        population: 'certified',
        atPosition: String(this.writer.queuedEvents - 1),
        populationSize: candidates.length,
        members: drawSample(seed, 25, candidates),
      },
    };
    this.write(AUDIT_SAMPLES_STREAM, sampleId, [event], 'any', metadata);
  }

  // ---- a professional's life -----------------------------------------------------------------

  private newProfessional(index: number): Professional {
    const professional: Professional = {
      id: this.ids.newId(),
      name: `${this.prng.pick(FIRST_NAMES)} ${this.prng.pick(LAST_NAMES)}`,
      serial: index,
      state: initialProfessionalState,
      revision: 'no_stream',
      rate: this.profile.diligence(this.prng, index),
      gone: false,
      requestScheduled: false,
      incidentScheduled: false,
      lastPointsCheck: -1000,
    };
    this.professionals.push(professional);
    return professional;
  }

  private diploma(): { diploma: Diploma | null; evc: boolean } {
    const roll = this.prng.next();
    const field = this.prng.pick(DIPLOMA_FIELDS);
    if (roll < 0.82) {
      const level = this.prng.chance(0.7) ? 'hbo' : 'wo';
      // Some registrars type the level in capitals; the rules compare case-insensitively.
      return {
        diploma: { level: this.prng.chance(0.05) ? level.toUpperCase() : level, field },
        evc: false,
      };
    }
    if (roll < 0.94) return { diploma: { level: 'mbo', field }, evc: this.prng.chance(0.5) };
    if (roll < 0.985) return { diploma: null, evc: true };
    return { diploma: null, evc: false };
  }

  private register(who: Professional): void {
    this.stats.professionals++;
    const actor = this.registrar();
    const metadata = this.metadata(actor);
    // The number first, on the counter stream, as RegisterProfessionalHandler does.
    const assignment = decideRegistrationNumber(this.assigned, who.id);
    this.write(REGISTRATION_NUMBERS_STREAM, who.id, [assignment], this.counterRevision, metadata);
    this.counterRevision = BigInt(this.assigned);
    this.assigned++;
    const { diploma, evc } = this.diploma();
    const email = emailOf(who.name, this.prng.pick(MAIL_DOMAINS), who.serial);
    const workplace = this.profile.workplace(this.prng, who.serial);
    const registered = this.execute(
      who,
      {
        type: 'RegisterProfessional',
        data: {
          professionalId: who.id,
          registrationNumber: assignment.data.registrationNumber,
          name: who.name,
          email,
          municipality: workplace.municipality,
          sector: workplace.sector,
          diploma,
          evc,
          experienceYears: workplace.experienceYears,
          codeSigned: this.prng.chance(0.985),
        },
      },
      actor,
      undefined,
      metadata,
    );
    if (!registered) throw new Error(`Registration of ${who.id} was refused`);
    const decisionIn = this.prng.int(3, 40);
    if (this.prng.chance(0.01)) this.inDays(1, decisionIn - 1, { kind: 'withdraw', who });
    this.inDays(decisionIn, decisionIn, { kind: 'admission', who });
    this.schedule(this.day + Math.round(this.prng.exponential(365 * 28)), {
      kind: 'withdraw',
      who,
    });
    this.schedule(this.day + Math.round(this.prng.exponential(365 * 25)), { kind: 'correct', who });
  }

  private decideAdmission(who: Professional): void {
    if (who.state.status !== 'applicant') return;
    const unmet = unmetAdmissionRequirements(who.state, this.scheme);
    const refuse = unmet.length > 0 || this.prng.chance(0.02);
    const reasons = refuse
      ? unmet.length > 0
        ? unmet
        : ['the diploma could not be verified with the institution']
      : [`meets the admission requirements of ${this.scheme.schemeId}`];
    const outcome = refuse ? 'refused' : 'admitted';
    const events = this.execute(
      who,
      { type: 'DecideAdmission', data: { outcome, reasons } },
      this.assessor(),
      reasons.join('; '),
    );
    if (!events) return;
    if (refuse) {
      if (this.prng.chance(0.4)) this.inDays(5, 90, { kind: 'withdraw', who });
      return;
    }
    this.openDossier(who);
  }

  /** An admitted professional sets a plan and starts logging, often their last years' training first. */
  private openDossier(who: Professional): void {
    this.inDays(0, 20, { kind: 'plan', who });
    this.inDays(1, Math.round(365 / who.rate), { kind: 'activity', who });
    // Most newcomers bring the training of their last years, logged in their first months.
    if (this.prng.chance(0.7)) {
      const backlog = Math.round(who.rate * (1 + this.prng.next() * 2));
      for (let index = 0; index < backlog; index++) {
        this.inDays(1, 100, { kind: 'backlog-activity', who });
      }
    }
  }

  private setPlan(who: Professional): void {
    const shared = this.profile.sharedPlan?.(who.state.details.municipality);
    const competencies = shared
      ? [...shared]
      : this.prng
          .sample(this.scheme.competencies, this.prng.int(this.scheme.planMin, this.scheme.planMax))
          .map((competency) => competency.id);
    this.execute(
      who,
      { type: 'SetDevelopmentPlan', data: { competencies } },
      this.prng.chance(0.8) ? this.self(who) : this.registrar(),
    );
  }

  private logActivity(who: Professional, backlog: boolean): void {
    if (!DOSSIER_STATES.includes(who.state.status)) return;
    const category = CATEGORIES.pick(this.prng);
    const hours = Math.min(this.prng.pick(category.hours), this.scheme.maxHoursPerActivity);
    const known = this.scheme.competencies.map((competency) => competency.id);
    const plan = planInForce(who.state, this.today).filter((id) => known.includes(id));
    const competencies =
      plan.length > 0 ? this.prng.sample(plan, this.prng.chance(0.7) ? 1 : 2) : [];
    if (plan.length === 0 || this.prng.chance(0.2)) {
      const other = this.prng.pick(known);
      if (!competencies.includes(other)) competencies.push(other);
    }
    const completedOn = backlog
      ? addDays(this.today, -this.prng.int(20, 1300))
      : addDays(this.today, -this.prng.int(0, 21));
    const scholing = category.id === 'scholing';
    const events = this.execute(
      who,
      {
        type: 'LogActivity',
        data: {
          title: this.prng.pick(category.titles),
          category: category.id,
          hours,
          competencies,
          completedOn,
          ...(this.prng.chance(0.7) ? { provider: this.prng.pick(PROVIDERS) } : {}),
          ...(scholing && this.prng.chance(0.4)
            ? { accreditationId: `ACC-${completedOn.slice(0, 4)}-${this.prng.int(1000, 9999)}` }
            : {}),
          ...(this.prng.chance(0.5)
            ? {
                evidence: {
                  uri: `https://bewijs.vakregister.nl/${this.ids.newId()}.pdf`,
                  sha256: this.prng.hex(32),
                },
              }
            : {}),
        },
      },
      this.self(who),
    );
    if (!backlog) {
      this.schedule(this.day + 1 + Math.round(this.prng.exponential(365 / who.rate)), {
        kind: 'activity',
        who,
      });
    }
    const logged = events?.[0];
    if (logged?.type !== 'ActivityLogged') return;
    const ref = logged.data.activityId;
    if (this.prng.chance(0.02)) this.inDays(1, 7, { kind: 'withdraw-activity', who, ref });
    else this.inDays(2, 28, { kind: 'review', who, ref });
  }

  private review(who: Professional, activityId: string): void {
    if (who.state.activities[activityId]?.status !== 'logged') return;
    if (!DOSSIER_STATES.includes(who.state.status)) return;
    const approved = this.prng.chance(0.94);
    const reason = approved
      ? this.prng.pick(['evidence complete', 'meets the criteria of the category'])
      : this.prng.pick(REJECTION_REASONS);
    const events = this.execute(
      who,
      {
        type: 'ReviewActivity',
        data: { activityId, outcome: approved ? 'approved' : 'rejected', reason },
      },
      this.assessor(),
      reason,
    );
    if (events && approved) this.considerRequest(who);
  }

  private withdrawActivity(who: Professional, activityId: string): void {
    if (who.state.activities[activityId]?.status !== 'logged') return;
    this.execute(
      who,
      { type: 'WithdrawActivity', data: { activityId, reason: 'logged twice' } },
      this.self(who),
      'logged twice',
    );
  }

  /**
   * An admitted professional (or one whose certificate expired) requests certification once
   * the points suffice; a few try earlier and are refused. Certified professionals renew on
   * the schedule their grant set.
   */
  private considerRequest(who: Professional): void {
    if (who.requestScheduled || pendingRequest(who.state)) return;
    const status = this.statusOf(who);
    if (status !== 'admitted' && status !== 'expired') return;
    // People look at their points now and then, not after every review (a backlog brings
    // dozens in a few weeks), and computing the basis is the simulation's dearest step.
    if (this.day - who.lastPointsCheck < 30) return;
    who.lastPointsCheck = this.day;
    const basis = computeBasis(
      who.state,
      { from: addYears(this.today, -this.scheme.cycleYears), until: addDays(this.today, 1) },
      this.today,
      this.scheme,
    );
    const ready = basis.shortfalls.length === 0;
    // A few ask before the points suffice, and are refused.
    if (ready || (basis.total >= 120 && this.prng.chance(0.005))) {
      who.requestScheduled = true;
      this.inDays(1, 21, { kind: 'request', who });
    }
  }

  private requestCertification(who: Professional): void {
    who.requestScheduled = false;
    if (pendingRequest(who.state)) return;
    const status = this.statusOf(who);
    if (status === 'suspended' && who.state.suspension) {
      // No request while suspended: try again once the suspension is over.
      who.requestScheduled = true;
      this.schedule(this.dayOf(who.state.suspension.until) + this.prng.int(1, 20), {
        kind: 'request',
        who,
      });
      return;
    }
    if (status !== 'admitted' && status !== 'certified' && status !== 'expired') return;
    // Professionals look at their points first, with the cycle the decider will use: the
    // certificate's for a renewal, the last cycleYears for a first certificate.
    const certificate = who.state.certificate;
    const renewal = status === 'certified' && certificate && this.today < certificate.validUntil;
    const cycle = renewal
      ? { from: certificate.validFrom, until: certificate.validUntil }
      : { from: addYears(this.today, -this.scheme.cycleYears), until: addDays(this.today, 1) };
    const basis = computeBasis(who.state, cycle, this.today, this.scheme);
    if (basis.shortfalls.length > 0 && !this.prng.chance(0.05)) {
      // A renewal is tried again while the window is open; otherwise approvals bring it back.
      if (renewal) {
        who.requestScheduled = true;
        this.inDays(14, 45, { kind: 'request', who });
      }
      return;
    }
    const events = this.execute(who, { type: 'RequestCertification', data: {} }, this.self(who));
    const requested = events?.[0];
    if (requested?.type !== 'CertificationRequested') return;
    const ref = requested.data.requestId;
    if (this.prng.chance(0.02)) this.inDays(1, 10, { kind: 'withdraw-request', who, ref });
    else this.inDays(5, 45, { kind: 'decide', who, ref });
  }

  private withdrawRequest(who: Professional, requestId: string): void {
    if (who.state.requests[requestId]?.status !== 'pending') return;
    const reason = 'submitted before the last activities were reviewed';
    this.execute(
      who,
      { type: 'WithdrawCertificationRequest', data: { requestId, reason } },
      this.self(who),
      reason,
    );
    who.requestScheduled = true;
    this.inDays(14, 60, { kind: 'request', who });
  }

  private decideCertification(who: Professional, requestId: string): void {
    const request = who.state.requests[requestId];
    if (request?.status !== 'pending') return;
    if (who.state.status === 'revoked' || who.state.status === 'withdrawn') return;
    const basis = computeBasis(who.state, request.cycle, request.requestedOn, this.scheme);
    const grant = basis.shortfalls.length === 0 && this.prng.chance(0.97);
    const reasons = grant
      ? [`meets ${this.scheme.schemeId}: ${basis.total} points`]
      : basis.shortfalls.length > 0
        ? basis.shortfalls
        : ['the evidence of several activities could not be verified'];
    const events = this.execute(
      who,
      {
        type: 'DecideCertification',
        data: { requestId, outcome: grant ? 'granted' : 'refused', reasons },
      },
      this.assessor(),
      reasons.join('; '),
    );
    const decision = events?.[0];
    if (decision?.type === 'CertificateGranted')
      return this.afterGrant(who, decision.data.validUntil);
    if (decision?.type !== 'CertificationRefused' || request.kind !== 'renewal') return;
    // A refused renewal: the scheduler expires the certificate once it is past validUntil.
    this.inDays(1, 1, { kind: 'expiry', who });
    if (basis.shortfalls.length === 0) {
      who.requestScheduled = true;
      this.inDays(14, 60, { kind: 'request', who });
    }
  }

  private afterGrant(who: Professional, validUntil: LocalDate): void {
    const end = this.dayOf(validUntil);
    this.schedule(end + this.prng.int(0, 2), { kind: 'expiry', who });
    const onTime = who.rate >= 7 ? 0.85 : 0.6;
    const late = who.rate >= 7 ? 0.1 : 0.22;
    const roll = this.prng.next();
    if (roll < onTime) {
      const windowOpens = this.dayOf(addMonths(validUntil, -this.scheme.renewalWindowMonths));
      who.requestScheduled = true;
      this.schedule(Math.min(end - 2, windowOpens + this.prng.int(0, 170)), {
        kind: 'request',
        who,
      });
    } else if (roll < onTime + late) {
      who.requestScheduled = true;
      this.schedule(end + this.prng.int(10, 240), { kind: 'request', who });
    } else if (this.prng.chance(0.5)) {
      // Lets it lapse and, often, leaves the register.
      this.schedule(end + this.prng.int(30, 400), { kind: 'withdraw', who });
    }
    if (this.prng.chance(0.3)) this.inDays(0, 60, { kind: 'plan', who });
    if (!who.incidentScheduled) {
      who.incidentScheduled = true;
      this.schedule(
        this.day + Math.round(this.prng.exponential(365 * this.profile.incidentMeanYears)),
        {
          kind: 'incident',
          who,
        },
      );
    }
  }

  // ---- sanctions -----------------------------------------------------------------------------

  private incident(who: Professional): void {
    who.incidentScheduled = false;
    if (who.state.status === 'revoked') return;
    if (this.statusOf(who) === 'certified' && certificateValidOn(who.state, this.today)) {
      if (this.prng.chance(0.85)) {
        this.suspend(who);
      } else {
        // A revocation is final: no further incidents to draw.
        this.revoke(who);
        return;
      }
    }
    who.incidentScheduled = true;
    this.schedule(
      this.day + 1 + Math.round(this.prng.exponential(365 * this.profile.incidentMeanYears)),
      {
        kind: 'incident',
        who,
      },
    );
  }

  private suspend(who: Professional): void {
    const days = this.prng.int(14, 360);
    const until = addDays(this.today, days);
    const reason = this.prng.pick(SUSPENSION_REASONS);
    const events = this.execute(
      who,
      { type: 'SuspendCertificate', data: { until, reason } },
      this.registrar(),
      reason,
    );
    const suspended = events?.[0];
    if (suspended?.type !== 'CertificateSuspended') return;
    const ref = suspended.data.decisionId;
    if (this.prng.chance(0.3)) this.inDays(3, days - 1, { kind: 'lift', who, ref });
    else if (this.prng.chance(0.06)) this.inDays(1, days - 1, { kind: 'revoke', who });
    this.schedule(this.dayOf(until) + this.prng.int(0, 1), { kind: 'suspension-end', who });
  }

  private lift(who: Professional, decisionId: string): void {
    const suspension = who.state.suspension;
    if (suspension?.decisionId !== decisionId || suspension.until <= this.today) return;
    const reason = 'complaint unfounded';
    this.execute(
      who,
      { type: 'LiftSuspension', data: { decisionId, reason } },
      this.registrar(),
      reason,
    );
  }

  private revoke(who: Professional): void {
    const status = who.state.status;
    if (status !== 'certified' && status !== 'suspended') return;
    const reason = this.prng.pick(REVOCATION_REASONS);
    const events = this.execute(
      who,
      { type: 'RevokeCertificate', data: { reason } },
      this.registrar(),
      reason,
    );
    if (events && this.prng.chance(0.6)) this.inDays(10, 120, { kind: 'withdraw', who });
  }

  private withdraw(who: Professional): void {
    const reason = this.prng.chance(0.6) ? this.prng.pick(WITHDRAWAL_REASONS) : undefined;
    const events = this.execute(
      who,
      { type: 'WithdrawProfessional', data: reason ? { reason } : {} },
      this.prng.chance(0.7) ? this.self(who) : this.registrar(),
      reason,
    );
    if (events) who.gone = true;
  }

  private correct(who: Professional): void {
    const roll = this.prng.next();
    let changes: { name?: string; email?: string; municipality?: string };
    let reason: string;
    if (roll < 0.6) {
      const current = who.state.details.municipality;
      const municipalities = this.profile.municipalities;
      let municipality = municipalities.pick(this.prng);
      if (municipality === current) municipality = this.prng.pick(municipalities.all());
      if (municipality === current) return;
      changes = { municipality };
      reason = 'moved to another municipality';
    } else if (roll < 0.85) {
      changes = { email: emailOf(who.name, this.prng.pick(MAIL_DOMAINS), who.serial) };
      reason = 'new e-mail address';
    } else {
      who.name = `${who.name.split(' ')[0]} ${this.prng.pick(LAST_NAMES)}`;
      changes = { name: who.name };
      reason = 'change of name';
    }
    this.execute(
      who,
      { type: 'CorrectProfessionalDetails', data: { changes, reason } },
      this.prng.chance(0.5) ? this.self(who) : this.registrar(),
      reason,
    );
    this.schedule(this.day + 1 + Math.round(this.prng.exponential(365 * 25)), {
      kind: 'correct',
      who,
    });
  }

  // ---- objections ----------------------------------------------------------------------------

  /** Remembers who took each adverse decision, and lets the professional contest some of them. */
  private considerObjections(
    who: Professional,
    events: readonly ProfessionalEvent[],
    metadata: CommandMetadata,
    habits: ObjectionHabits,
  ): void {
    for (const event of events) {
      if (!isContestable(event.type)) continue;
      const { decisionId } = event.data as { decisionId: string };
      this.deciders.set(decisionId, metadata.actor.id);
      // Inside the six-week term: grounds take a few weeks to write.
      if (this.prng.chance(habits.lodging[event.type])) {
        this.inDays(3, 35, { kind: 'object', who, ref: decisionId });
      }
    }
  }

  private lodgeObjection(who: Professional, decisionId: string): void {
    const habits = this.profile.objections;
    const contested = who.state.decisions[decisionId];
    if (!habits || !contested || !isContestable(contested.type)) return;
    const events = this.execute(
      who,
      {
        type: 'LodgeObjection',
        data: {
          decisionId,
          grounds: this.prng.pick(OBJECTION_GROUNDS[contested.type]),
          advisoryCommittee: this.prng.chance(habits.advisoryCommittee),
          actorRole: 'professional',
        },
      },
      this.self(who),
    );
    const lodged = events?.[0];
    if (lodged?.type !== 'ObjectionLodged') return;
    const ref = lodged.data.objectionId;
    const due = daysBetween(this.today, lodged.data.dueBy);
    if (this.prng.chance(habits.extension)) {
      this.inDays(Math.max(1, due - 21), due - 1, { kind: 'extend-objection', who, ref });
      this.inDays(due + 1, due + EXTENSION_DAYS, { kind: 'decide-objection', who, ref });
    } else {
      this.inDays(Math.min(14, due), due, { kind: 'decide-objection', who, ref });
    }
  }

  private extendObjection(who: Professional, objectionId: string): void {
    if (who.state.objections[objectionId]?.status !== 'open') return;
    const reason = this.prng.pick(OBJECTION_EXTENSION_REASONS);
    this.execute(
      who,
      { type: 'ExtendObjectionDeadline', data: { objectionId, reason } },
      this.appeals(),
      reason,
    );
  }

  /**
   * Upheld only where the record supports it, as the decider would otherwise refuse the remedy:
   * a refused certificate once the corrected reviews make up the points, a refused admission
   * whose requirements were met after all.
   */
  private decideObjection(who: Professional, objectionId: string): void {
    const habits = this.profile.objections;
    const objection = who.state.objections[objectionId];
    if (!habits || objection?.status !== 'open') return;
    const contested = who.state.decisions[objection.decisionId];
    if (!contested || !isContestable(contested.type)) return;
    if (contested.type === 'CertificationRefused') {
      this.correctReviews(who, contested, habits.reviewCorrection);
    }
    const upheld =
      this.supportsObjection(who, contested) && this.prng.chance(habits.upholding[contested.type]);
    const reasons = [
      this.prng.pick(upheld ? OBJECTION_UPHELD_REASONS : OBJECTION_REJECTED_REASONS),
    ];
    const actor = this.appeals();
    const events = this.execute(
      who,
      {
        type: 'DecideObjection',
        data: {
          objectionId,
          outcome: upheld ? 'upheld' : 'rejected',
          reasons,
          deciderId: actor.id,
          contestedDeciderId: this.deciders.get(contested.decisionId) ?? '',
        },
      },
      actor,
      reasons.join('; '),
    );
    for (const event of events ?? []) {
      if (event.type === 'CertificateGranted') this.afterGrant(who, event.data.validUntil);
      if (event.type === 'AdmissionGranted') this.openDossier(who);
    }
  }

  /** While the objection is open an assessor looks again at the activities the refusal rejected. */
  private correctReviews(who: Professional, contested: DecisionRecord, chance: number): void {
    for (const activityId of contested.activityIds) {
      if (who.state.activities[activityId]?.status !== 'rejected') continue;
      if (!this.prng.chance(chance)) continue;
      const reason = 'accredited after all: the certificate of attendance was found';
      this.execute(
        who,
        { type: 'ReviewActivity', data: { activityId, outcome: 'approved', reason } },
        this.assessor(),
        reason,
      );
    }
  }

  private supportsObjection(who: Professional, contested: DecisionRecord): boolean {
    const scheme = schemeInForce(this.schemes, contested.decidedOn) ?? BVK_2016;
    if (contested.type === 'AdmissionRefused') {
      return unmetAdmissionRequirements(who.state, scheme).length === 0;
    }
    if (contested.type === 'CertificationRefused') {
      const request = contested.requestId ? who.state.requests[contested.requestId] : undefined;
      if (!request) return false;
      const basis = computeBasis(who.state, request.cycle, request.requestedOn, scheme);
      return basis.shortfalls.length === 0;
    }
    // A complaint found unfounded, a sanction out of proportion: a judgement, not a count.
    return true;
  }

  private appeals(): CommandMetadata['actor'] {
    const id = `appeals-${this.prng.int(1, 5)}`;
    return { id, role: 'appeals', authentication: 'development-header' };
  }
}

function isContestable(type: string): type is ContestableDecision {
  return (CONTESTABLE_DECISIONS as readonly string[]).includes(type);
}
