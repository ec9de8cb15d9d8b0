import type { LocalDate, Period } from '../shared/calendar';
import type {
  ActivityReviewCorrected,
  CertificationBasis,
  Diploma,
  ProfessionalEvent,
  Sector,
} from './professional-events';

export type ProfessionalStatus =
  | 'applicant'
  | 'admitted'
  | 'refused'
  | 'certified'
  | 'suspended'
  | 'expired'
  | 'revoked'
  | 'withdrawn';

export interface ActivityState {
  activityId: string;
  category: string;
  hours: number;
  competencies: string[];
  completedOn: LocalDate;
  status: 'logged' | 'approved' | 'rejected' | 'withdrawn';
}

export interface RequestState {
  requestId: string;
  requestedOn: LocalDate;
  kind: 'first' | 'renewal';
  cycle: Period;
  renews?: string;
  status: 'pending' | 'granted' | 'refused' | 'withdrawn';
}

export interface CertificateState {
  certificateId: string;
  validFrom: LocalDate;
  validUntil: LocalDate;
  status: 'valid' | 'revoked' | 'expired';
}

export interface SuspensionState {
  decisionId: string;
  from: LocalDate;
  until: LocalDate;
}

/** What the deciders need to know of one professional, folded from their stream. */
export interface ProfessionalState {
  registered: boolean;
  professionalId: string;
  registrationNumber: string;
  status: ProfessionalStatus;
  details: {
    municipality: string;
    sector: Sector;
    diploma: Diploma | null;
    evc: boolean;
    experienceYears: number;
    codeSigned: boolean;
  };
  /** Plans in the order they were set; the one in force on a date is the last one effective by then. */
  plans: Array<{ competencies: string[]; effectiveFrom: LocalDate }>;
  activities: Record<string, ActivityState>;
  requests: Record<string, RequestState>;
  /** The latest certificate granted. */
  certificate?: CertificateState;
  /**
   * The certificate a renewal continues: still in force until its own `validUntil` when the
   * renewal was granted early.
   */
  previousCertificate?: CertificateState;
  /** The open suspension, if any (it also ends by itself on `until`). */
  suspension?: SuspensionState;
  /** Every decision taken on this professional, in order (admission, certification, sanctions). */
  decisions: Record<string, DecisionRecord>;
  /** Objections, by id. */
  objections: Record<string, ObjectionState>;
  /** The personal data was erased: the record is closed to anything new. */
  erased: boolean;
}

/** The decision events an objection can contest (the adverse ones). */
export const CONTESTABLE_DECISIONS = [
  'AdmissionRefused',
  'CertificationRefused',
  'CertificateSuspended',
  'CertificateRevoked',
] as const;

export interface DecisionRecord {
  decisionId: string;
  type: string;
  decidedOn: LocalDate;
  /** The activities a certification decision counted or excluded. */
  activityIds: string[];
  /** The certification request a certification decision answered. */
  requestId?: string;
  /** The objection that reversed this decision, if one did. */
  reversedBy?: string;
}

export interface ObjectionState {
  objectionId: string;
  decisionId: string;
  lodgedOn: LocalDate;
  dueBy: LocalDate;
  extended: boolean;
  status: 'open' | 'upheld' | 'rejected';
  /** Reviews corrected under this objection, each with its latest outcome (the outcome weighs them). */
  corrections: Array<{ activityId: string; outcome: 'approved' | 'rejected' }>;
}

export const initialProfessionalState: ProfessionalState = {
  registered: false,
  professionalId: '',
  registrationNumber: '',
  status: 'applicant',
  details: {
    municipality: '',
    sector: 'werk',
    diploma: null,
    evc: false,
    experienceYears: 0,
    codeSigned: false,
  },
  plans: [],
  activities: {},
  requests: {},
  decisions: {},
  objections: {},
  erased: false,
};

function withDecision(
  state: ProfessionalState,
  decisionId: string,
  type: string,
  decidedOn: LocalDate,
  certification?: { basis: CertificationBasis; requestId: string },
): Record<string, DecisionRecord> {
  const activityIds = certification?.basis.activities.map((activity) => activity.activityId) ?? [];
  return {
    ...state.decisions,
    [decisionId]: {
      decisionId,
      type,
      decidedOn,
      activityIds,
      ...(certification ? { requestId: certification.requestId } : {}),
    },
  };
}

function withActivity(
  state: ProfessionalState,
  activityId: string,
  status: ActivityState['status'],
): ProfessionalState {
  const activity = state.activities[activityId];
  return activity
    ? { ...state, activities: { ...state.activities, [activityId]: { ...activity, status } } }
    : state;
}

function withRequest(
  state: ProfessionalState,
  requestId: string,
  status: RequestState['status'],
): ProfessionalState {
  const request = state.requests[requestId];
  return request
    ? { ...state, requests: { ...state.requests, [requestId]: { ...request, status } } }
    : state;
}

/** Remembers a corrected review on its objection; a second correction of one activity replaces the first. */
function withCorrection(
  state: ProfessionalState,
  { objectionId, activityId, outcome }: ActivityReviewCorrected['data'],
): ProfessionalState {
  const objection = state.objections[objectionId];
  if (!objection) return state;
  const corrections = objection.corrections.some((c) => c.activityId === activityId)
    ? objection.corrections.map((c) => (c.activityId === activityId ? { activityId, outcome } : c))
    : [...objection.corrections, { activityId, outcome }];
  return {
    ...state,
    objections: { ...state.objections, [objectionId]: { ...objection, corrections } },
  };
}

/** Folds one event into the state. Pure and total: every event type is handled. */
export function evolveProfessional(
  state: ProfessionalState,
  event: ProfessionalEvent,
): ProfessionalState {
  switch (event.type) {
    case 'ProfessionalRegistered': {
      const { professionalId, registrationNumber, municipality, sector, diploma, evc } = event.data;
      const { experienceYears, codeSigned } = event.data;
      return {
        ...state,
        registered: true,
        professionalId,
        registrationNumber,
        status: 'applicant',
        details: { municipality, sector, diploma, evc, experienceYears, codeSigned },
      };
    }
    case 'ProfessionalDetailsCorrected': {
      const { municipality, sector } = event.data.changes;
      return {
        ...state,
        details: {
          ...state.details,
          ...(municipality !== undefined ? { municipality } : {}),
          ...(sector !== undefined ? { sector } : {}),
        },
      };
    }
    case 'AdmissionGranted':
      return {
        ...state,
        // A withdrawn professional stays withdrawn, even when an objection is upheld later.
        status: state.status === 'withdrawn' ? 'withdrawn' : 'admitted',
        decisions: withDecision(state, event.data.decisionId, event.type, event.data.decidedOn),
      };
    case 'AdmissionRefused':
      return {
        ...state,
        status: 'refused',
        decisions: withDecision(state, event.data.decisionId, event.type, event.data.decidedOn),
      };
    case 'DevelopmentPlanSet':
      return {
        ...state,
        plans: [
          ...state.plans,
          { competencies: event.data.competencies, effectiveFrom: event.data.effectiveFrom },
        ],
      };
    case 'ActivityLogged': {
      const { activityId, category, hours, competencies, completedOn } = event.data;
      return {
        ...state,
        activities: {
          ...state.activities,
          [activityId]: {
            activityId,
            category,
            hours,
            competencies,
            completedOn,
            status: 'logged',
          },
        },
      };
    }
    case 'ActivityWithdrawn':
      return withActivity(state, event.data.activityId, 'withdrawn');
    case 'ActivityApproved':
      return withActivity(state, event.data.activityId, 'approved');
    case 'ActivityRejected':
      return withActivity(state, event.data.activityId, 'rejected');
    case 'CertificationRequested': {
      const { requestId, requestedOn, kind, cycle, renews } = event.data;
      return {
        ...state,
        requests: {
          ...state.requests,
          [requestId]: {
            requestId,
            requestedOn,
            kind,
            cycle,
            status: 'pending',
            ...(renews ? { renews } : {}),
          },
        },
      };
    }
    case 'CertificationRequestWithdrawn':
      return withRequest(state, event.data.requestId, 'withdrawn');
    case 'CertificateGranted': {
      const { certificateId, validFrom, validUntil, requestId, decisionId, decidedOn } = event.data;
      return {
        ...withRequest(state, requestId, 'granted'),
        // A renewal granted during a suspension does not end it.
        status: state.suspension ? 'suspended' : 'certified',
        certificate: { certificateId, validFrom, validUntil, status: 'valid' },
        previousCertificate: state.certificate?.status === 'valid' ? state.certificate : undefined,
        decisions: withDecision(state, decisionId, event.type, decidedOn, event.data),
      };
    }
    case 'CertificationRefused':
      return {
        ...withRequest(state, event.data.requestId, 'refused'),
        decisions: withDecision(
          state,
          event.data.decisionId,
          event.type,
          event.data.decidedOn,
          event.data,
        ),
      };
    case 'CertificateSuspended': {
      const { decisionId, from, until } = event.data;
      return {
        ...state,
        status: 'suspended',
        suspension: { decisionId, from, until },
        decisions: withDecision(state, decisionId, event.type, from),
      };
    }
    case 'SuspensionLifted':
    case 'SuspensionEnded':
      return {
        ...state,
        status: state.status === 'suspended' ? 'certified' : state.status,
        suspension: undefined,
      };
    case 'CertificateRevoked':
      return {
        ...state,
        status: 'revoked',
        suspension: undefined,
        certificate: state.certificate && { ...state.certificate, status: 'revoked' },
        previousCertificate: undefined,
        decisions: withDecision(state, event.data.decisionId, event.type, event.data.revokedOn),
      };
    case 'CertificateExpired':
      return {
        ...state,
        status:
          state.status === 'certified' || state.status === 'suspended' ? 'expired' : state.status,
        suspension: undefined,
        certificate: state.certificate && { ...state.certificate, status: 'expired' },
        previousCertificate: undefined,
      };
    case 'ProfessionalWithdrew':
      return { ...state, status: 'withdrawn' };
    case 'ObjectionLodged': {
      const { objectionId, decisionId, lodgedOn, dueBy } = event.data;
      return {
        ...state,
        objections: {
          ...state.objections,
          [objectionId]: {
            objectionId,
            decisionId,
            lodgedOn,
            dueBy,
            extended: false,
            status: 'open',
            corrections: [],
          },
        },
      };
    }
    case 'ObjectionDeadlineExtended': {
      const objection = state.objections[event.data.objectionId];
      if (!objection) return state;
      return {
        ...state,
        objections: {
          ...state.objections,
          [objection.objectionId]: { ...objection, dueBy: event.data.dueBy, extended: true },
        },
      };
    }
    case 'ObjectionDecided': {
      const objection = state.objections[event.data.objectionId];
      if (!objection) return state;
      const contested = state.decisions[objection.decisionId];
      return {
        ...state,
        objections: {
          ...state.objections,
          [objection.objectionId]: { ...objection, status: event.data.outcome },
        },
        decisions:
          event.data.outcome === 'upheld' && contested
            ? {
                ...state.decisions,
                [contested.decisionId]: { ...contested, reversedBy: objection.objectionId },
              }
            : state.decisions,
      };
    }
    case 'PersonalDataErased':
      return { ...state, erased: true };
    case 'ActivityReviewCorrected':
      return withCorrection(
        withActivity(state, event.data.activityId, event.data.outcome),
        event.data,
      );
    case 'RevocationReversed':
      // Reversal restores what the revocation took, and nothing that happened since.
      if (state.status !== 'revoked') return state;
      return {
        ...state,
        status: 'certified',
        certificate: state.certificate && { ...state.certificate, status: 'valid' },
      };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

export function foldProfessional(events: readonly ProfessionalEvent[]): ProfessionalState {
  return events.reduce(evolveProfessional, initialProfessionalState);
}
