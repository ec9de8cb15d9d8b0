import { addMonths } from '../shared/calendar';
import type {
  CertificateRevoked,
  CertificateSuspended,
  SanctionBasis,
} from '../professional/professional-events';
import { STATUS_WORDS } from './decision-names';
import type { Explanation } from './explain-decision';

/** The certificate and status a sanction acted on, as one sentence in each language. */
function certificateSentence(basis: SanctionBasis): Explanation {
  const [statusNl, statusEn] = STATUS_WORDS[basis.status] ?? [basis.status, basis.status];
  return {
    nl: `Het certificaat was geldig van ${basis.validFrom} tot ${basis.validUntil} en de professional was op die dag ${statusNl}.`,
    en: `The certificate was valid from ${basis.validFrom} until ${basis.validUntil} and the professional was ${statusEn} that day.`,
  };
}

/** Explains a suspension from its stored basis: what was suspended and the scheme's limit. */
export function explainSuspension(
  data: CertificateSuspended['data'],
  basis: SanctionBasis,
): Explanation {
  const certificate = certificateSentence(basis);
  const max = basis.maxSuspensionMonths;
  const latest = max === undefined ? undefined : addMonths(data.from, max);
  return {
    nl:
      `Op ${data.from} is certificaat ${basis.certificateId} geschorst tot ${data.until}. ${certificate.nl}` +
      (latest === undefined
        ? ''
        : ` De regeling staat een schorsing van ten hoogste ${max} maanden toe, dus tot uiterlijk ${latest}.`),
    en:
      `On ${data.from} certificate ${basis.certificateId} was suspended until ${data.until}. ${certificate.en}` +
      (latest === undefined
        ? ''
        : ` The scheme allows a suspension of at most ${max} months, so until ${latest} at the latest.`),
  };
}

/** Explains a revocation from its stored basis: the certificate it ended, for good. */
export function explainRevocation(
  data: CertificateRevoked['data'],
  basis: SanctionBasis,
): Explanation {
  const certificate = certificateSentence(basis);
  return {
    nl:
      `Op ${data.revokedOn} is certificaat ${basis.certificateId} ingetrokken. ${certificate.nl} ` +
      'Een intrekking is definitief; alleen een gegrond bezwaar draait haar terug.',
    en:
      `On ${data.revokedOn} certificate ${basis.certificateId} was revoked. ${certificate.en} ` +
      'A revocation is final; only an upheld objection reverses it.',
  };
}
