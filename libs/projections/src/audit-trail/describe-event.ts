import type { CertificationEvent } from '@vakregister/certification';

/** A one-line description of an event in Dutch and English, for the audit trail. */
export interface EventDescription {
  nl: string;
  en: string;
}

const hours = (value: number) => `${value}`.replace('.', ',');

/** Describes an event from its own data; never from the current state, so it never changes. */
export function describeEvent(event: CertificationEvent): EventDescription {
  switch (event.type) {
    case 'SchemePublished':
      return {
        nl: `Regeling ${event.data.schemeId} gepubliceerd, geldig vanaf ${event.data.effectiveFrom}`,
        en: `Scheme ${event.data.schemeId} published, in force from ${event.data.effectiveFrom}`,
      };
    case 'RegistrationNumberAssigned':
      return {
        nl: `Registratienummer ${event.data.registrationNumber} toegekend`,
        en: `Registration number ${event.data.registrationNumber} assigned`,
      };
    case 'ProfessionalRegistered':
      return {
        nl: `Ingeschreven als aanvrager met nummer ${event.data.registrationNumber} (${event.data.municipality}, ${event.data.sector})`,
        en: `Registered as an applicant with number ${event.data.registrationNumber} (${event.data.municipality}, ${event.data.sector})`,
      };
    case 'ProfessionalDetailsCorrected':
      return {
        nl: `Gegevens gecorrigeerd: ${Object.keys(event.data.changes).join(', ')}`,
        en: `Details corrected: ${Object.keys(event.data.changes).join(', ')}`,
      };
    case 'AdmissionGranted':
      return {
        nl: `Toegelaten onder ${event.data.schemeId}`,
        en: `Admitted under ${event.data.schemeId}`,
      };
    case 'AdmissionRefused':
      return {
        nl: `Toelating geweigerd onder ${event.data.schemeId}`,
        en: `Admission refused under ${event.data.schemeId}`,
      };
    case 'DevelopmentPlanSet':
      return {
        nl: `Ontwikkelplan vastgesteld: ${event.data.competencies.join(', ')}`,
        en: `Development plan set: ${event.data.competencies.join(', ')}`,
      };
    case 'ActivityLogged':
      return {
        nl: `Activiteit geregistreerd: ${hours(event.data.hours)} uur ${event.data.category}, afgerond op ${event.data.completedOn}`,
        en: `Activity logged: ${event.data.hours} hours of ${event.data.category}, completed on ${event.data.completedOn}`,
      };
    case 'ActivityWithdrawn':
      return { nl: 'Activiteit ingetrokken', en: 'Activity withdrawn' };
    case 'ActivityApproved':
      return { nl: 'Activiteit goedgekeurd', en: 'Activity approved' };
    case 'ActivityRejected':
      return { nl: 'Activiteit afgekeurd', en: 'Activity rejected' };
    case 'CertificationRequested':
      return event.data.kind === 'renewal'
        ? { nl: 'Hercertificering aangevraagd', en: 'Renewal of the certificate requested' }
        : { nl: 'Certificering aangevraagd', en: 'Certification requested' };
    case 'CertificationRequestWithdrawn':
      return { nl: 'Aanvraag ingetrokken', en: 'Certification request withdrawn' };
    case 'CertificateGranted':
      return {
        nl: `Certificaat verleend, geldig van ${event.data.validFrom} tot ${event.data.validUntil} (${event.data.basis.total} punten)`,
        en: `Certificate granted, valid from ${event.data.validFrom} until ${event.data.validUntil} (${event.data.basis.total} points)`,
      };
    case 'CertificationRefused':
      return {
        nl: `Certificering geweigerd (${event.data.basis.total} punten)`,
        en: `Certification refused (${event.data.basis.total} points)`,
      };
    case 'CertificateSuspended':
      return {
        nl: `Certificaat geschorst van ${event.data.from} tot ${event.data.until}`,
        en: `Certificate suspended from ${event.data.from} until ${event.data.until}`,
      };
    case 'SuspensionLifted':
      return {
        nl: `Schorsing opgeheven op ${event.data.liftedOn}`,
        en: `Suspension lifted on ${event.data.liftedOn}`,
      };
    case 'SuspensionEnded':
      return {
        nl: `Schorsing afgelopen op ${event.data.endedOn}`,
        en: `Suspension ended on ${event.data.endedOn}`,
      };
    case 'CertificateRevoked':
      return {
        nl: `Certificaat ingetrokken op ${event.data.revokedOn}`,
        en: `Certificate revoked on ${event.data.revokedOn}`,
      };
    case 'CertificateExpired':
      return {
        nl: `Certificaat verlopen op ${event.data.expiredOn}`,
        en: `Certificate expired on ${event.data.expiredOn}`,
      };
    case 'ProfessionalWithdrew':
      return { nl: 'Uitgeschreven uit het register', en: 'Withdrew from the register' };
    case 'AuditSampleDrawn':
      return {
        nl: `Steekproef van ${event.data.size} getrokken uit ${event.data.population}`,
        en: `Audit sample of ${event.data.size} drawn from ${event.data.population}`,
      };
    case 'ObjectionLodged':
      return event.data.lateAdmissionReason
        ? {
            nl: 'Bezwaar ingediend (na de termijn toegelaten)',
            en: 'Objection lodged (admitted after the term)',
          }
        : {
            nl: `Bezwaar ingediend, te beslissen uiterlijk ${event.data.dueBy}`,
            en: `Objection lodged, to be decided by ${event.data.dueBy}`,
          };
    case 'ObjectionDeadlineExtended':
      return {
        nl: `Beslistermijn bezwaar verlengd tot ${event.data.dueBy}`,
        en: `Objection deadline extended to ${event.data.dueBy}`,
      };
    case 'ObjectionDecided':
      return event.data.outcome === 'upheld'
        ? {
            nl: 'Bezwaar gegrond verklaard; het besluit is herroepen',
            en: 'Objection upheld; the decision was reversed',
          }
        : { nl: 'Bezwaar ongegrond verklaard', en: 'Objection rejected' };
    case 'ActivityReviewCorrected':
      return event.data.outcome === 'approved'
        ? {
            nl: 'Beoordeling van activiteit hersteld: goedgekeurd',
            en: 'Activity review corrected: approved',
          }
        : {
            nl: 'Beoordeling van activiteit hersteld: afgekeurd',
            en: 'Activity review corrected: rejected',
          };
    case 'RevocationReversed':
      return {
        nl: 'Intrekking van het certificaat herroepen',
        en: 'Revocation of the certificate reversed',
      };
    case 'PersonalDataErased':
      return event.data.basis === 'retention'
        ? {
            nl: 'Persoonsgegevens gewist (bewaartermijn verstreken)',
            en: 'Personal data erased (retention period ended)',
          }
        : { nl: 'Persoonsgegevens gewist op verzoek', en: 'Personal data erased on request' };
    default: {
      const unknown: never = event;
      throw new Error(`No description for ${JSON.stringify(unknown)}`);
    }
  }
}
