import type { LocalDate } from '../shared/calendar';
import type { ProfessionalRegistered, Sector } from './professional-events';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
}

export type RegisterProfessional = Command<
  'RegisterProfessional',
  Omit<ProfessionalRegistered['data'], 'registeredOn'>
>;
export type CorrectProfessionalDetails = Command<
  'CorrectProfessionalDetails',
  {
    changes: { name?: string; email?: string; municipality?: string; sector?: Sector };
    reason: string;
  }
>;
export type DecideAdmission = Command<
  'DecideAdmission',
  { outcome: 'admitted' | 'refused'; reasons: string[] }
>;
export type SetDevelopmentPlan = Command<'SetDevelopmentPlan', { competencies: string[] }>;
export type LogActivity = Command<
  'LogActivity',
  {
    title: string;
    category: string;
    hours: number;
    competencies: string[];
    completedOn: LocalDate;
    provider?: string;
    accreditationId?: string;
    evidence?: { uri: string; sha256: string };
  }
>;
export type WithdrawActivity = Command<'WithdrawActivity', { activityId: string; reason?: string }>;
export type ReviewActivity = Command<
  'ReviewActivity',
  { activityId: string; outcome: 'approved' | 'rejected'; reason: string }
>;
export type RequestCertification = Command<'RequestCertification', Record<string, never>>;
export type WithdrawCertificationRequest = Command<
  'WithdrawCertificationRequest',
  { requestId: string; reason?: string }
>;
export type DecideCertification = Command<
  'DecideCertification',
  { requestId: string; outcome: 'granted' | 'refused'; reasons: string[] }
>;
export type SuspendCertificate = Command<
  'SuspendCertificate',
  { until: LocalDate; reason: string }
>;
export type LiftSuspension = Command<'LiftSuspension', { decisionId: string; reason: string }>;
export type EndSuspension = Command<'EndSuspension', Record<string, never>>;
export type RevokeCertificate = Command<'RevokeCertificate', { reason: string }>;
export type WithdrawProfessional = Command<'WithdrawProfessional', { reason?: string }>;
export type ExpireCertificate = Command<'ExpireCertificate', Record<string, never>>;

export type LodgeObjection = Command<
  'LodgeObjection',
  {
    decisionId: string;
    grounds: string;
    advisoryCommittee: boolean;
    lateAdmissionReason?: string;
    /** The role of the person lodging it: only `appeals` may admit a late objection. */
    actorRole: string;
  }
>;
export type ExtendObjectionDeadline = Command<
  'ExtendObjectionDeadline',
  { objectionId: string; reason: string }
>;
export type DecideObjection = Command<
  'DecideObjection',
  {
    objectionId: string;
    outcome: 'upheld' | 'rejected';
    reasons: string[];
    /** The person deciding, and the person who took the contested decision. */
    deciderId: string;
    contestedDeciderId: string;
    /** The professional record linked to the person deciding, if any. */
    deciderProfessionalId?: string;
  }
>;

export type ErasePersonalData = Command<'ErasePersonalData', { basis: 'request' | 'retention' }>;

/** Every command on a professional's stream. */
export type ProfessionalCommand =
  | RegisterProfessional
  | CorrectProfessionalDetails
  | DecideAdmission
  | SetDevelopmentPlan
  | LogActivity
  | WithdrawActivity
  | ReviewActivity
  | RequestCertification
  | WithdrawCertificationRequest
  | DecideCertification
  | SuspendCertificate
  | LiftSuspension
  | EndSuspension
  | RevokeCertificate
  | WithdrawProfessional
  | ExpireCertificate
  | LodgeObjection
  | ExtendObjectionDeadline
  | DecideObjection
  | ErasePersonalData;
