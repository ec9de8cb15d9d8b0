import {
  BVK_2016,
  DomainError,
  addDays,
  addYears,
  decidePublishScheme,
  decideProfessional,
  evolveSchemes,
  foldProfessional,
  initialSchemesState,
  isLocalDate,
  type ActivityLogged,
  type AdmissionGranted,
  type AdmissionRefused,
  type CertificateExpired,
  type CertificateGranted,
  type CertificateRevoked,
  type CertificateSuspended,
  type CertificationRefused,
  type CertificationBasis,
  type CertificationRequested,
  type DecisionContext,
  type DevelopmentPlanSet,
  type DomainErrorKind,
  type LocalDate,
  type LogActivity,
  type Period,
  type ProfessionalCommand,
  type ProfessionalEvent,
  type ProfessionalRegistered,
  type ProfessionalState,
  type ProfessionalWithdrew,
  type RegisterProfessional,
  type Scheme,
  type SchemeEvent,
  type SuspensionEnded,
  type SuspensionLifted,
} from '@vakregister/certification';

/** The professional every builder speaks about. */
export const PROFESSIONAL_ID = 'p-1';
export const REGISTRATION_NUMBER = 'VR000001';
/** The date of the article the product comes from; the default domain date of a scenario. */
export const DEFAULT_TODAY: LocalDate = '2016-05-13';
/** A development plan of two competencies of `bvk-2016`. */
export const PLAN = ['gespreksvoering', 'wet-en-regelgeving'];

/** Ids `id-1`, `id-2`, … in the order a decider asks for them. */
export function sequentialIds(prefix = 'id'): () => string {
  let next = 0;
  return () => `${prefix}-${++next}`;
}

/**
 * A decision context on a calendar date. The instant is mid-morning UTC, which is the same
 * Amsterdam date in summer and in winter time.
 */
export function decisionContext(
  today: LocalDate = DEFAULT_TODAY,
  schemes: readonly Scheme[] = [BVK_2016],
): DecisionContext {
  if (!isLocalDate(today)) throw new RangeError(`Not a calendar date: ${today}`);
  return { now: `${today}T10:00:00.000Z`, today, schemes, newId: sequentialIds() };
}

/** Runs a decision and returns the DomainError it throws, failing the test when it throws none. */
export function expectDomainError(
  decide: () => unknown,
  kind: DomainErrorKind,
  messagePart?: string | RegExp,
): DomainError {
  let thrown: unknown;
  try {
    decide();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) {
    throw new Error(`Expected a DomainError of kind ${kind}, but the decision succeeded.`);
  }
  if (!(thrown instanceof DomainError)) throw thrown;
  if (thrown.kind !== kind) {
    throw new Error(
      `Expected a DomainError of kind ${kind}, got ${thrown.kind}: ${thrown.message}`,
    );
  }
  if (messagePart !== undefined) expect(thrown.message).toMatch(messagePart);
  return thrown;
}

/** A history given to a scenario: events, or (nested) lists such as builders return. */
export type HistoryItem = ProfessionalEvent | readonly HistoryItem[];

function flatten(history: readonly HistoryItem[]): ProfessionalEvent[] {
  return history.flatMap((item) =>
    Array.isArray(item) ? flatten(item) : [item as ProfessionalEvent],
  );
}

/**
 * The outcome of one command in a scenario. `then` is named after the convention
 * (given/when/then); do not `await` a decision, it is not a promise.
 */
export class ProfessionalDecision {
  constructor(
    private readonly history: readonly ProfessionalEvent[],
    private readonly command: ProfessionalCommand,
    private readonly today: LocalDate,
    private readonly schemes: readonly Scheme[],
  ) {}

  /** The events the decider returns (throws what the decider throws). */
  events(): ProfessionalEvent[] {
    return decideProfessional(
      foldProfessional(this.history),
      this.command,
      decisionContext(this.today, this.schemes),
    );
  }

  then(expected: readonly ProfessionalEvent[]): void {
    expect(this.events()).toEqual(expected);
  }

  thenNothing(): void {
    expect(this.events()).toEqual([]);
  }

  thenThrows(kind: DomainErrorKind, messagePart?: string | RegExp): DomainError {
    return expectDomainError(() => this.events(), kind, messagePart);
  }

  /** The state after the history and the decided events. */
  stateAfter(): ProfessionalState {
    return foldProfessional([...this.history, ...this.events()]);
  }
}

/** A professional's stream so far, a date and the published schemes. */
export class ProfessionalScenario {
  constructor(
    readonly history: readonly ProfessionalEvent[],
    private readonly today: LocalDate = DEFAULT_TODAY,
    private readonly schemes: readonly Scheme[] = [BVK_2016],
  ) {}

  on(today: LocalDate): ProfessionalScenario {
    if (!isLocalDate(today)) throw new RangeError(`Not a calendar date: ${today}`);
    return new ProfessionalScenario(this.history, today, this.schemes);
  }

  withSchemes(...schemes: Scheme[]): ProfessionalScenario {
    return new ProfessionalScenario(this.history, this.today, schemes);
  }

  get state(): ProfessionalState {
    return foldProfessional(this.history);
  }

  when(command: ProfessionalCommand): ProfessionalDecision {
    return new ProfessionalDecision(this.history, command, this.today, this.schemes);
  }
}

/** `givenProfessional(registered(), admitted()).on('2016-05-13').when(command).then([...])`. */
export function givenProfessional(...history: HistoryItem[]): ProfessionalScenario {
  return new ProfessionalScenario(flatten(history));
}

/**
 * A professional's stream lived command by command through the decider, with one id sequence
 * over the whole life (a scenario starts the ids again at every decision).
 */
export function professionalLife(schemes: readonly Scheme[] = [BVK_2016]) {
  const events: ProfessionalEvent[] = [];
  const newId = sequentialIds();
  return {
    events,
    get state(): ProfessionalState {
      return foldProfessional(events);
    },
    /** Decides the command on the date and appends what it returns; returns that too. */
    decide(today: LocalDate, command: ProfessionalCommand): ProfessionalEvent[] {
      const context = { ...decisionContext(today, schemes), newId };
      const decided = decideProfessional(foldProfessional(events), command, context);
      events.push(...decided);
      return decided;
    },
  };
}

/** The scheme stream's decider in the same shape: `givenSchemes(...).whenPublished(scheme)`. */
export function givenSchemes(...published: Scheme[]) {
  const state = published
    .map((scheme): SchemeEvent => ({ type: 'SchemePublished', data: scheme }))
    .reduce(evolveSchemes, initialSchemesState);
  return {
    state,
    whenPublished(scheme: Scheme) {
      const events = () => decidePublishScheme(state, scheme);
      return {
        events,
        then: (expected: readonly SchemeEvent[]) => expect(events()).toEqual(expected),
        thenThrows: (kind: DomainErrorKind, messagePart?: string | RegExp) =>
          expectDomainError(events, kind, messagePart),
      };
    },
  };
}

/** A scheme version derived from `bvk-2016`. */
export function schemeVersion(overrides: Partial<Scheme>): Scheme {
  return { ...BVK_2016, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Event builders: short histories for the professional `p-1`.

export function registered(
  overrides: Partial<ProfessionalRegistered['data']> = {},
): ProfessionalRegistered {
  return {
    type: 'ProfessionalRegistered',
    data: {
      professionalId: PROFESSIONAL_ID,
      registrationNumber: REGISTRATION_NUMBER,
      name: 'Fatima el Amrani',
      email: 'f.elamrani@example.nl',
      municipality: 'Nijmegen',
      sector: 'werk',
      diploma: { level: 'hbo', field: 'Sociaal Juridische Dienstverlening' },
      evc: false,
      experienceYears: 5,
      codeSigned: true,
      registeredOn: '2016-01-04',
      ...overrides,
    },
  };
}

export function admitted(
  decidedOn: LocalDate = '2016-01-15',
  decisionId = 'admission-1',
): AdmissionGranted {
  return {
    type: 'AdmissionGranted',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId,
      schemeId: BVK_2016.schemeId,
      decidedOn,
      reasons: [],
    },
  };
}

export function admissionRefused(
  decidedOn: LocalDate = '2016-01-15',
  decisionId = 'admission-1',
): AdmissionRefused {
  return {
    type: 'AdmissionRefused',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId,
      schemeId: BVK_2016.schemeId,
      decidedOn,
      reasons: ['no diploma'],
    },
  };
}

export function planSet(
  competencies: string[] = PLAN,
  effectiveFrom: LocalDate = '2016-01-15',
): DevelopmentPlanSet {
  return {
    type: 'DevelopmentPlanSet',
    data: { professionalId: PROFESSIONAL_ID, competencies, effectiveFrom, schemeId: 'bvk-2016' },
  };
}

export interface ActivitySpec {
  category: string;
  hours: number;
  completedOn: LocalDate;
  /** Defaults to the two competencies of `PLAN`. */
  competencies?: string[];
}

export function loggedActivity(activityId: string, spec: ActivitySpec): ActivityLogged {
  return {
    type: 'ActivityLogged',
    data: {
      professionalId: PROFESSIONAL_ID,
      activityId,
      title: `${spec.category} ${activityId}`,
      category: spec.category,
      hours: spec.hours,
      competencies: spec.competencies ?? PLAN,
      completedOn: spec.completedOn,
      loggedOn: spec.completedOn,
      schemeId: BVK_2016.schemeId,
    },
  };
}

export function approvedActivity(activityId: string, spec: ActivitySpec): ProfessionalEvent[] {
  return [
    loggedActivity(activityId, spec),
    {
      type: 'ActivityApproved',
      data: {
        professionalId: PROFESSIONAL_ID,
        activityId,
        reviewedOn: spec.completedOn,
        reason: 'accredited',
      },
    },
  ];
}

export function rejectedActivity(activityId: string, spec: ActivitySpec): ProfessionalEvent[] {
  return [
    loggedActivity(activityId, spec),
    {
      type: 'ActivityRejected',
      data: {
        professionalId: PROFESSIONAL_ID,
        activityId,
        reviewedOn: spec.completedOn,
        reason: 'no evidence',
      },
    },
  ];
}

export function withdrawnActivity(activityId: string, spec: ActivitySpec): ProfessionalEvent[] {
  return [
    loggedActivity(activityId, spec),
    { type: 'ActivityWithdrawn', data: { professionalId: PROFESSIONAL_ID, activityId } },
  ];
}

/**
 * Approved activities worth exactly the 160 points of `bvk-2016`, each category at its limit
 * (scholing 80, reflectie 40, vrije-ruimte 40), every one listing the competencies.
 */
export function qualifyingActivities(
  completedOn: LocalDate,
  competencies: string[] = PLAN,
  prefix = 'q',
): ProfessionalEvent[] {
  return [
    ...approvedActivity(`${prefix}-1`, {
      category: 'scholing',
      hours: 40,
      completedOn,
      competencies,
    }),
    ...approvedActivity(`${prefix}-2`, {
      category: 'scholing',
      hours: 40,
      completedOn,
      competencies,
    }),
    ...approvedActivity(`${prefix}-3`, {
      category: 'reflectie',
      hours: 40,
      completedOn,
      competencies,
    }),
    ...approvedActivity(`${prefix}-4`, {
      category: 'vrije-ruimte',
      hours: 40,
      completedOn,
      competencies,
    }),
  ];
}

/** The qualifying period of a first request: `[request date − 4 years, request date]`. */
export function firstCycle(requestedOn: LocalDate): Period {
  return { from: addYears(requestedOn, -4), until: addDays(requestedOn, 1) };
}

export function requested(
  requestId: string,
  requestedOn: LocalDate,
  extra: Partial<CertificationRequested['data']> = {},
): CertificationRequested {
  return {
    type: 'CertificationRequested',
    data: {
      professionalId: PROFESSIONAL_ID,
      requestId,
      requestedOn,
      kind: 'first',
      cycle: firstCycle(requestedOn),
      schemeId: BVK_2016.schemeId,
      ...extra,
    },
  };
}

/** A renewal request of the certificate `certified()` builds by default. */
export function renewalRequested(
  requestId: string,
  requestedOn: LocalDate,
  certificate: { certificateId: string; validFrom: LocalDate; validUntil: LocalDate } = {
    certificateId: 'cert-1',
    validFrom: '2016-06-01',
    validUntil: '2020-06-01',
  },
): CertificationRequested {
  return requested(requestId, requestedOn, {
    kind: 'renewal',
    cycle: { from: certificate.validFrom, until: certificate.validUntil },
    renews: certificate.certificateId,
  });
}

/** A basis for histories whose decision content does not matter to the test. */
export function basisOf(cycle: Period): CertificationBasis {
  return {
    schemeId: BVK_2016.schemeId,
    cycle,
    planCompetencies: PLAN,
    pointsRequired: 160,
    total: 160,
    perCategory: {},
    perCompetency: {},
    activities: [],
    shortfalls: [],
  };
}

export function granted(
  requestId: string,
  certificate: {
    certificateId: string;
    validFrom: LocalDate;
    validUntil?: LocalDate;
    decidedOn?: LocalDate;
    decisionId?: string;
  },
): CertificateGranted {
  const validUntil = certificate.validUntil ?? addYears(certificate.validFrom, 4);
  return {
    type: 'CertificateGranted',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId: certificate.decisionId ?? `decision-${certificate.certificateId}`,
      requestId,
      certificateId: certificate.certificateId,
      validFrom: certificate.validFrom,
      validUntil,
      decidedOn: certificate.decidedOn ?? certificate.validFrom,
      schemeId: BVK_2016.schemeId,
      reasons: [],
      basis: basisOf({ from: certificate.validFrom, until: validUntil }),
    },
  };
}

export function refused(
  requestId: string,
  decidedOn: LocalDate,
  decisionId = `refusal-${requestId}`,
): CertificationRefused {
  return {
    type: 'CertificationRefused',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId,
      requestId,
      decidedOn,
      schemeId: BVK_2016.schemeId,
      reasons: ['not enough points'],
      basis: { ...basisOf(firstCycle(decidedOn)), total: 0, shortfalls: ['0 of 160 points'] },
    },
  };
}

/**
 * A first certificate granted on `validFrom` (default 2016-06-01, so valid until 2020-06-01):
 * the request and the grant.
 */
export function certified(
  options: { certificateId?: string; validFrom?: LocalDate; requestId?: string } = {},
): ProfessionalEvent[] {
  const certificateId = options.certificateId ?? 'cert-1';
  const validFrom = options.validFrom ?? '2016-06-01';
  const requestId = options.requestId ?? `request-${certificateId}`;
  return [requested(requestId, validFrom), granted(requestId, { certificateId, validFrom })];
}

/** Registered, admitted, with a plan and a certificate valid `[2016-06-01, 2020-06-01)`. */
export function certifiedProfessional(): ProfessionalEvent[] {
  return [registered(), admitted(), planSet(), ...certified()];
}

export function suspended(
  decisionId: string,
  from: LocalDate,
  until: LocalDate,
  certificateId = 'cert-1',
): CertificateSuspended {
  return {
    type: 'CertificateSuspended',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId,
      certificateId,
      from,
      until,
      reason: 'complaint',
    },
  };
}

export function suspensionEnded(decisionId: string, endedOn: LocalDate): SuspensionEnded {
  return {
    type: 'SuspensionEnded',
    data: { professionalId: PROFESSIONAL_ID, decisionId, endedOn },
  };
}

export function suspensionLifted(decisionId: string, liftedOn: LocalDate): SuspensionLifted {
  return {
    type: 'SuspensionLifted',
    data: { professionalId: PROFESSIONAL_ID, decisionId, liftedOn, reason: 'complaint unfounded' },
  };
}

export function revoked(
  revokedOn: LocalDate,
  decisionId = 'revocation-1',
  certificateId = 'cert-1',
): CertificateRevoked {
  return {
    type: 'CertificateRevoked',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId,
      certificateId,
      revokedOn,
      reason: 'fraud',
    },
  };
}

export function expired(expiredOn: LocalDate, certificateId = 'cert-1'): CertificateExpired {
  return {
    type: 'CertificateExpired',
    data: { professionalId: PROFESSIONAL_ID, certificateId, expiredOn },
  };
}

export function withdrew(withdrawnOn: LocalDate): ProfessionalWithdrew {
  return {
    type: 'ProfessionalWithdrew',
    data: { professionalId: PROFESSIONAL_ID, withdrawnOn },
  };
}

// ---------------------------------------------------------------------------------------------
// Command builders for the commands whose data is long.

export function registerCommand(
  overrides: Partial<RegisterProfessional['data']> = {},
): RegisterProfessional {
  const { registeredOn: _registeredOn, ...data } = registered().data;
  return { type: 'RegisterProfessional', data: { ...data, ...overrides } };
}

export function logActivityCommand(overrides: Partial<LogActivity['data']> = {}): LogActivity {
  return {
    type: 'LogActivity',
    data: {
      title: 'Training Participatiewet',
      category: 'scholing',
      hours: 8,
      competencies: PLAN,
      completedOn: DEFAULT_TODAY,
      ...overrides,
    },
  };
}
