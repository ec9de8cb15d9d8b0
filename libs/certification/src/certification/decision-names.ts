import type { RemedyType } from '../professional/professional-events';
import type { ProfessionalStatus } from '../professional/professional-state';

/** Dutch and English words the explanations share, so that each is said the same way everywhere. */
export type Words = readonly [nl: string, en: string];

/** A professional's status, as it reads after "the professional was". */
export const STATUS_WORDS: Record<ProfessionalStatus, Words> = {
  applicant: ['aanvrager', 'an applicant'],
  admitted: ['toegelaten', 'admitted'],
  refused: ['niet toegelaten', 'refused admission'],
  certified: ['gecertificeerd', 'certified'],
  suspended: ['geschorst', 'suspended'],
  expired: ['houder van een verlopen certificaat', 'holding an expired certificate'],
  revoked: ['houder van een ingetrokken certificaat', 'holding a revoked certificate'],
  withdrawn: ['uitgeschreven', 'withdrawn from the register'],
};

/** A decision type as a noun, e.g. in "the objection against decision X (a refusal)". */
export const DECISION_WORDS: Record<string, Words> = {
  AdmissionGranted: ['toelating', 'admission'],
  AdmissionRefused: ['weigering van toelating', 'refusal of admission'],
  CertificateGranted: ['verlening van het certificaat', 'grant of the certificate'],
  CertificationRefused: ['weigering van certificering', 'refusal of certification'],
  CertificateSuspended: ['schorsing', 'suspension'],
  CertificateRevoked: ['intrekking', 'revocation'],
  ObjectionDecided: ['beslissing op bezwaar', 'decision on an objection'],
  RevocationReversed: ['herroeping van een intrekking', 'reversal of a revocation'],
};

/** The decision type's words; an unknown type is named as it is recorded. */
export function decisionWords(type: string): Words {
  return DECISION_WORDS[type] ?? [type, type];
}

/** What each remedy of an upheld objection does, as a clause. */
export const REMEDY_WORDS: Record<RemedyType, Words> = {
  AdmissionGranted: ['de professional wordt alsnog toegelaten', 'the professional is admitted'],
  CertificateGranted: [
    'het certificaat wordt alsnog verleend, geldig vanaf de oorspronkelijke datum',
    'the certificate is granted, valid from the original date',
  ],
  SuspensionLifted: ['de schorsing wordt opgeheven', 'the suspension is lifted'],
  RevocationReversed: ['de intrekking wordt teruggedraaid', 'the revocation is reversed'],
};
