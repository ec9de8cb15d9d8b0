import type { LocalDate, Period } from '../shared/calendar';
import type { ProfessionalStatus } from './professional-state';

export const SECTORS = ['werk', 'inkomen', 'zorg'] as const;
export type Sector = (typeof SECTORS)[number];

export interface Diploma {
  level: string;
  field: string;
}

/** The points a certification decision was based on; stored with the decision, never recomputed over it. */
export interface CertificationBasis {
  schemeId: string;
  cycle: Period;
  planCompetencies: string[];
  pointsRequired: number;
  total: number;
  perCategory: Record<string, { logged: number; counted: number; min?: number; max?: number }>;
  perCompetency: Record<string, { points: number; min: number }>;
  activities: Array<{
    activityId: string;
    category: string;
    hours: number;
    counted: number;
    /** Why it counted in full, in part or not at all. */
    outcome: 'counted' | 'over-cap' | 'not-approved' | 'outside-cycle' | 'not-in-scheme';
  }>;
  shortfalls: string[];
}

/** The admission requirements (toegangseisen) as the scheme put them and the applicant met them. */
export interface AdmissionBasis {
  schemeId: string;
  requirements: {
    diplomaOrEvc: {
      met: boolean;
      given: { diplomaLevel: string | null; evc: boolean };
      /** The diploma levels the scheme accepts (an EVC statement always counts). */
      required: string[];
    };
    experienceYears: { met: boolean; given: number; required: number };
    codeSigned: { met: boolean };
  };
  /** Each requirement not met, in words; empty when every one is. */
  unmet: string[];
}

/** The certificate a suspension or revocation acted on, as it stood on the decision date. */
export interface SanctionBasis {
  certificateId: string;
  validFrom: LocalDate;
  validUntil: LocalDate;
  /** Suspensions only: the longest suspension the scheme in force allowed. */
  maxSuspensionMonths?: number;
  /** The professional's status on the decision date, as the dates make it. */
  status: ProfessionalStatus;
}

/** What an upheld objection appends to reverse or replace the contested decision. */
export type RemedyType =
  'AdmissionGranted' | 'CertificateGranted' | 'SuspensionLifted' | 'RevocationReversed';

/** What the decision on an objection weighed, and what it set right. */
export interface ObjectionBasis {
  contestedDecisionId: string;
  contestedType: string;
  /** Reviews corrected while the objection was open, each with its latest outcome. */
  correctedActivities: Array<{ activityId: string; outcome: 'approved' | 'rejected' }>;
  /** The events the outcome appends as remedy (none when rejected or nothing is left to undo). */
  remedy: RemedyType[];
}

/**
 * Fields every decision event carries besides its own. Optional: events recorded before they
 * existed lack them, and the schema version did not change for them.
 */
interface DecisionRecordFields {
  /** The global position (decimal) of the last event the decider saw. */
  decidedAtPosition?: string;
}

interface Event<Type extends string, Data> {
  type: Type;
  data: Data;
}

export type ProfessionalRegistered = Event<
  'ProfessionalRegistered',
  {
    professionalId: string;
    registrationNumber: string;
    name: string;
    email: string;
    municipality: string;
    sector: Sector;
    diploma: Diploma | null;
    evc: boolean;
    experienceYears: number;
    codeSigned: boolean;
    registeredOn: LocalDate;
  }
>;
export type ProfessionalDetailsCorrected = Event<
  'ProfessionalDetailsCorrected',
  {
    professionalId: string;
    changes: { name?: string; email?: string; municipality?: string; sector?: Sector };
    reason: string;
  }
>;
export type AdmissionGranted = Event<
  'AdmissionGranted',
  {
    professionalId: string;
    decisionId: string;
    schemeId: string;
    decidedOn: LocalDate;
    reasons: string[];
    /** Absent on admissions recorded before the basis was stored. */
    basis?: AdmissionBasis;
    /** Set when this admission is the remedy of an upheld objection. */
    remedyOf?: { objectionId: string; decisionId: string };
  } & DecisionRecordFields
>;
export type AdmissionRefused = Event<
  'AdmissionRefused',
  {
    professionalId: string;
    decisionId: string;
    schemeId: string;
    decidedOn: LocalDate;
    reasons: string[];
    /** Absent on refusals recorded before the basis was stored. */
    basis?: AdmissionBasis;
  } & DecisionRecordFields
>;
export type DevelopmentPlanSet = Event<
  'DevelopmentPlanSet',
  { professionalId: string; competencies: string[]; effectiveFrom: LocalDate; schemeId: string }
>;
export type ActivityLogged = Event<
  'ActivityLogged',
  {
    professionalId: string;
    activityId: string;
    title: string;
    category: string;
    hours: number;
    competencies: string[];
    completedOn: LocalDate;
    loggedOn: LocalDate;
    schemeId: string;
    provider?: string;
    accreditationId?: string;
    evidence?: { uri: string; sha256: string };
  }
>;
export type ActivityWithdrawn = Event<
  'ActivityWithdrawn',
  { professionalId: string; activityId: string; reason?: string }
>;
export type ActivityApproved = Event<
  'ActivityApproved',
  { professionalId: string; activityId: string; reviewedOn: LocalDate; reason: string }
>;
export type ActivityRejected = Event<
  'ActivityRejected',
  { professionalId: string; activityId: string; reviewedOn: LocalDate; reason: string }
>;
export type CertificationRequested = Event<
  'CertificationRequested',
  {
    professionalId: string;
    requestId: string;
    requestedOn: LocalDate;
    kind: 'first' | 'renewal';
    /** The period whose activities count: the qualifying period, or the certificate's validity. */
    cycle: Period;
    /** For a renewal: the certificate it continues. */
    renews?: string;
    schemeId: string;
  }
>;
export type CertificationRequestWithdrawn = Event<
  'CertificationRequestWithdrawn',
  { professionalId: string; requestId: string; reason?: string }
>;
export type CertificateGranted = Event<
  'CertificateGranted',
  {
    professionalId: string;
    decisionId: string;
    requestId: string;
    certificateId: string;
    validFrom: LocalDate;
    validUntil: LocalDate;
    decidedOn: LocalDate;
    schemeId: string;
    reasons: string[];
    basis: CertificationBasis;
    /** Set when this grant is the remedy of an upheld objection (valid from the original date). */
    remedyOf?: { objectionId: string; decisionId: string };
  } & DecisionRecordFields
>;
export type CertificationRefused = Event<
  'CertificationRefused',
  {
    professionalId: string;
    decisionId: string;
    requestId: string;
    decidedOn: LocalDate;
    schemeId: string;
    reasons: string[];
    basis: CertificationBasis;
  } & DecisionRecordFields
>;
export type CertificateSuspended = Event<
  'CertificateSuspended',
  {
    professionalId: string;
    decisionId: string;
    certificateId: string;
    from: LocalDate;
    until: LocalDate;
    reason: string;
    /** Absent on suspensions recorded before the basis was stored. */
    basis?: SanctionBasis;
  } & DecisionRecordFields
>;
export type SuspensionLifted = Event<
  'SuspensionLifted',
  { professionalId: string; decisionId: string; liftedOn: LocalDate; reason: string }
>;
export type SuspensionEnded = Event<
  'SuspensionEnded',
  { professionalId: string; decisionId: string; endedOn: LocalDate }
>;
export type CertificateRevoked = Event<
  'CertificateRevoked',
  {
    professionalId: string;
    decisionId: string;
    certificateId: string;
    revokedOn: LocalDate;
    reason: string;
    /** Absent on revocations recorded before the basis was stored. */
    basis?: SanctionBasis;
  } & DecisionRecordFields
>;
export type CertificateExpired = Event<
  'CertificateExpired',
  { professionalId: string; certificateId: string; expiredOn: LocalDate }
>;
export type ProfessionalWithdrew = Event<
  'ProfessionalWithdrew',
  { professionalId: string; withdrawnOn: LocalDate; reason?: string }
>;

export type ObjectionLodged = Event<
  'ObjectionLodged',
  {
    professionalId: string;
    objectionId: string;
    /** The contested decision. */
    decisionId: string;
    lodgedOn: LocalDate;
    /** The last day of the objection term. */
    termEndsOn: LocalDate;
    dueBy: LocalDate;
    advisoryCommittee: boolean;
    grounds: string;
    /** Admitted after the term by an appeals member, with this reason. */
    lateAdmissionReason?: string;
  }
>;
export type ObjectionDeadlineExtended = Event<
  'ObjectionDeadlineExtended',
  { professionalId: string; objectionId: string; dueBy: LocalDate; reason: string }
>;
export type ObjectionDecided = Event<
  'ObjectionDecided',
  {
    professionalId: string;
    objectionId: string;
    /** The decision on the objection itself. */
    decisionId: string;
    contestedDecisionId: string;
    outcome: 'upheld' | 'rejected';
    decidedOn: LocalDate;
    reasons: string[];
    /** The decision that replaces the contested one, when the remedy is a new decision. */
    replacementDecisionId?: string;
    /** Absent on outcomes recorded before the basis was stored. */
    basis?: ObjectionBasis;
  } & DecisionRecordFields
>;
export type ActivityReviewCorrected = Event<
  'ActivityReviewCorrected',
  {
    professionalId: string;
    activityId: string;
    outcome: 'approved' | 'rejected';
    reason: string;
    objectionId: string;
    reviewedOn: LocalDate;
  }
>;
export type RevocationReversed = Event<
  'RevocationReversed',
  {
    professionalId: string;
    decisionId: string;
    reversedDecisionId: string;
    objectionId: string;
    reversedOn: LocalDate;
  } & DecisionRecordFields
>;

export type PersonalDataErased = Event<
  'PersonalDataErased',
  {
    professionalId: string;
    erasedOn: LocalDate;
    /** On request (GDPR art. 17) or by the retention rule. */
    basis: 'request' | 'retention';
  }
>;

/** Every event of a professional's stream. */
export type ProfessionalEvent =
  | ProfessionalRegistered
  | ProfessionalDetailsCorrected
  | AdmissionGranted
  | AdmissionRefused
  | DevelopmentPlanSet
  | ActivityLogged
  | ActivityWithdrawn
  | ActivityApproved
  | ActivityRejected
  | CertificationRequested
  | CertificationRequestWithdrawn
  | CertificateGranted
  | CertificationRefused
  | CertificateSuspended
  | SuspensionLifted
  | SuspensionEnded
  | CertificateRevoked
  | CertificateExpired
  | ProfessionalWithdrew
  | ObjectionLodged
  | ObjectionDeadlineExtended
  | ObjectionDecided
  | ActivityReviewCorrected
  | RevocationReversed
  | PersonalDataErased;

export type ProfessionalEventType = ProfessionalEvent['type'];

/** The events that are decisions: each names itself with its `decisionId`. */
export type DecisionEvent =
  | AdmissionGranted
  | AdmissionRefused
  | CertificateGranted
  | CertificationRefused
  | CertificateSuspended
  | CertificateRevoked
  | ObjectionDecided
  | RevocationReversed;
