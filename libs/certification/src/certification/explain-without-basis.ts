import type { DecisionEvent } from '../professional/professional-events';
import type { Explanation } from './explain-decision';

const NO_BASIS: Explanation = {
  nl: ' Bij dit besluit is geen grondslag vastgelegd: het dateert van vóór die registratie.',
  en: ' No basis was recorded with this decision: it predates that record.',
};

/**
 * What can be said of a decision from its data alone: for events recorded before decisions
 * stored their basis, and for a reversal, whose grounds are those of the objection it remedies.
 */
export function explainWithoutBasis(decision: DecisionEvent): Explanation {
  switch (decision.type) {
    case 'AdmissionGranted':
    case 'AdmissionRefused': {
      const { decidedOn, schemeId } = decision.data;
      const granted = decision.type === 'AdmissionGranted';
      return {
        nl: `Op ${decidedOn} is toelating ${granted ? 'verleend' : 'geweigerd'} onder regeling ${schemeId}.${NO_BASIS.nl}`,
        en: `On ${decidedOn} admission was ${granted ? 'granted' : 'refused'} under scheme ${schemeId}.${NO_BASIS.en}`,
      };
    }
    case 'CertificateGranted':
    case 'CertificationRefused': {
      const { decidedOn, schemeId } = decision.data;
      const granted = decision.type === 'CertificateGranted';
      return {
        nl: `Op ${decidedOn} is certificering ${granted ? 'verleend' : 'geweigerd'} onder regeling ${schemeId}.${NO_BASIS.nl}`,
        en: `On ${decidedOn} certification was ${granted ? 'granted' : 'refused'} under scheme ${schemeId}.${NO_BASIS.en}`,
      };
    }
    case 'CertificateSuspended': {
      const { from, until, certificateId } = decision.data;
      return {
        nl: `Op ${from} is certificaat ${certificateId} geschorst tot ${until}.${NO_BASIS.nl}`,
        en: `On ${from} certificate ${certificateId} was suspended until ${until}.${NO_BASIS.en}`,
      };
    }
    case 'CertificateRevoked': {
      const { revokedOn, certificateId } = decision.data;
      return {
        nl: `Op ${revokedOn} is certificaat ${certificateId} ingetrokken.${NO_BASIS.nl}`,
        en: `On ${revokedOn} certificate ${certificateId} was revoked.${NO_BASIS.en}`,
      };
    }
    case 'ObjectionDecided': {
      const { decidedOn, contestedDecisionId, outcome } = decision.data;
      return {
        nl: `Op ${decidedOn} is het bezwaar tegen besluit ${contestedDecisionId} ${outcome === 'upheld' ? 'gegrond' : 'ongegrond'} verklaard.${NO_BASIS.nl}`,
        en: `On ${decidedOn} the objection against decision ${contestedDecisionId} was ${outcome}.${NO_BASIS.en}`,
      };
    }
    case 'RevocationReversed': {
      const { reversedOn, reversedDecisionId, objectionId } = decision.data;
      return {
        nl: `Op ${reversedOn} is de intrekking ${reversedDecisionId} teruggedraaid omdat bezwaar ${objectionId} gegrond is verklaard; de grondslag staat bij de beslissing op dat bezwaar.`,
        en: `On ${reversedOn} revocation ${reversedDecisionId} was reversed because objection ${objectionId} was upheld; the basis is that of the decision on the objection.`,
      };
    }
    default: {
      const unknown: never = decision;
      throw new Error(`Unknown decision ${JSON.stringify(unknown)}`);
    }
  }
}
