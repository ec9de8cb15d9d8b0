import type { AuditSampleDrawn } from './audit/audit-sample';
import type { ProfessionalEvent } from './professional/professional-events';
import type { RegistrationNumberAssigned } from './registration/registration-number';
import type { SchemeEvent } from './schemes/scheme-events';

/** Every event of the certification domain. */
export type CertificationEvent =
  ProfessionalEvent | SchemeEvent | RegistrationNumberAssigned | AuditSampleDrawn;
export type CertificationEventType = CertificationEvent['type'];

/**
 * The schema version of each event type's `data`. Bump it when a shape changes and add an
 * upcaster for the old one; never rename a type.
 */
export const EVENT_SCHEMA_VERSIONS: Record<CertificationEventType, number> = {
  SchemePublished: 1,
  RegistrationNumberAssigned: 1,
  ProfessionalRegistered: 1,
  ProfessionalDetailsCorrected: 1,
  AdmissionGranted: 1,
  AdmissionRefused: 1,
  DevelopmentPlanSet: 1,
  ActivityLogged: 1,
  ActivityWithdrawn: 1,
  ActivityApproved: 1,
  ActivityRejected: 1,
  CertificationRequested: 1,
  CertificationRequestWithdrawn: 1,
  CertificateGranted: 1,
  CertificationRefused: 1,
  CertificateSuspended: 1,
  SuspensionLifted: 1,
  SuspensionEnded: 1,
  CertificateRevoked: 1,
  CertificateExpired: 1,
  ProfessionalWithdrew: 1,
  AuditSampleDrawn: 1,
  ObjectionLodged: 1,
  ObjectionDeadlineExtended: 1,
  ObjectionDecided: 1,
  ActivityReviewCorrected: 1,
  RevocationReversed: 1,
  PersonalDataErased: 1,
};

/**
 * Fields that are personal data, per event type (paths into `data`, dotted for nested ones):
 * names, e-mail addresses and free text about the person. The infrastructure's codec encodes
 * exactly these, and the free-text `reason` of every event's metadata.
 */
export const PERSONAL_FIELDS: Partial<Record<CertificationEventType, readonly string[]>> = {
  ProfessionalRegistered: ['name', 'email'],
  ProfessionalDetailsCorrected: ['changes.name', 'changes.email', 'reason'],
  AdmissionGranted: ['reasons'],
  AdmissionRefused: ['reasons'],
  ActivityLogged: ['title'],
  ActivityWithdrawn: ['reason'],
  ActivityApproved: ['reason'],
  ActivityRejected: ['reason'],
  CertificationRequestWithdrawn: ['reason'],
  CertificateGranted: ['reasons'],
  CertificationRefused: ['reasons'],
  CertificateSuspended: ['reason'],
  SuspensionLifted: ['reason'],
  CertificateRevoked: ['reason'],
  ProfessionalWithdrew: ['reason'],
  ObjectionLodged: ['grounds', 'lateAdmissionReason'],
  ObjectionDeadlineExtended: ['reason'],
  ObjectionDecided: ['reasons'],
  ActivityReviewCorrected: ['reason'],
};

const KNOWN = new Set(Object.keys(EVENT_SCHEMA_VERSIONS));
export function isCertificationEventType(type: string): type is CertificationEventType {
  return KNOWN.has(type);
}
