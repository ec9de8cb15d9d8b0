import {
  PROFESSIONAL_ID,
  admissionRefused,
  admitted,
  certifiedProfessional,
  givenProfessional,
  objectionDecided,
  registered,
  revoked,
  suspended,
} from '@vakregister/testing';
import {
  BVK_2016,
  computeAdmissionBasis,
  explainDecision,
  foldProfessional,
  type AdmissionBasis,
  type DecisionEvent,
  type SanctionBasis,
} from '@vakregister/certification';

const CERTIFICATE = { certificateId: 'cert-1', validFrom: '2016-06-01', validUntil: '2020-06-01' };

describe('explaining a decision in Dutch and English', () => {
  describe('from its stored basis', () => {
    it('explains an admission refused although every requirement is met', () => {
      const basis = computeAdmissionBasis(foldProfessional([registered()]), BVK_2016);
      const { nl, en } = explainDecision({
        ...admissionRefused('2016-01-15'),
        data: { ...admissionRefused('2016-01-15').data, basis },
      });
      expect(nl).toBe(
        'Op 2016-01-15 is toelating geweigerd onder regeling bvk-2016. ' +
          'Diploma of EVC: diploma hbo; vereist is een diploma op niveau hbo of wo of een EVC-verklaring (voldaan). ' +
          'Werkervaring: 5 jaar, vereist ten minste 2 (voldaan). Beroepscode: ondertekend (voldaan). ' +
          'Aan alle toegangseisen is voldaan. De weigering berust op de vermelde redenen.',
      );
      expect(en).toBe(
        'On 2016-01-15 admission was refused under scheme bvk-2016. ' +
          'Diploma or EVC: hbo diploma; a diploma of level hbo or wo or an EVC statement is required (met). ' +
          'Experience: 5 years, at least 2 required (met). Professional code: signed (met). ' +
          'Every admission requirement is met. The refusal rests on the reasons stated.',
      );
    });

    it('explains an admission on objection with requirements unmet', () => {
      const basis: AdmissionBasis = computeAdmissionBasis(
        foldProfessional([registered({ diploma: null, evc: true, experienceYears: 1 })]),
        BVK_2016,
      );
      const event = admitted('2016-07-01', 'admission-2');
      const { nl, en } = explainDecision({
        ...event,
        data: { ...event.data, basis, remedyOf: { objectionId: 'o-1', decisionId: 'admission-1' } },
      });
      expect(nl).toContain('(na gegrond bezwaar o-1)');
      expect(nl).toContain('Diploma of EVC: geen diploma, EVC-verklaring');
      expect(nl).toContain(
        'Niet voldaan: werkervaring. De toelating volgt uit de beslissing op het bezwaar.',
      );
      expect(en).toContain(
        'Not met: at least 2 years of experience as klantmanager are required (1 given).',
      );
    });

    it('explains a suspension with the limit of the scheme', () => {
      const basis: SanctionBasis = { ...CERTIFICATE, maxSuspensionMonths: 12, status: 'certified' };
      const event = suspended('s-1', '2017-01-10', '2017-07-10');
      const { nl, en } = explainDecision({ ...event, data: { ...event.data, basis } });
      expect(nl).toBe(
        'Op 2017-01-10 is certificaat cert-1 geschorst tot 2017-07-10. Het certificaat was geldig van ' +
          '2016-06-01 tot 2020-06-01 en de professional was op die dag gecertificeerd. De regeling staat ' +
          'een schorsing van ten hoogste 12 maanden toe, dus tot uiterlijk 2018-01-10.',
      );
      expect(en).toContain('at most 12 months, so until 2018-01-10 at the latest.');
    });

    it('explains a revocation of a suspended certificate', () => {
      const basis: SanctionBasis = { ...CERTIFICATE, status: 'suspended' };
      const event = revoked('2017-03-01');
      const { nl, en } = explainDecision({ ...event, data: { ...event.data, basis } });
      expect(nl).toContain('Op 2017-03-01 is certificaat cert-1 ingetrokken.');
      expect(nl).toContain('de professional was op die dag geschorst');
      expect(en).toContain('the professional was suspended that day');
      expect(en).toContain('only an upheld objection reverses it');
    });

    it('explains an upheld objection with corrected reviews and its remedy', () => {
      const event = objectionDecided('o-1', 'refusal-1', 'upheld', '2016-07-01');
      const { nl, en } = explainDecision({
        ...event,
        data: {
          ...event.data,
          basis: {
            contestedDecisionId: 'refusal-1',
            contestedType: 'CertificationRefused',
            correctedActivities: [
              { activityId: 'a-4', outcome: 'approved' },
              { activityId: 'a-1', outcome: 'rejected' },
            ],
            remedy: ['CertificateGranted'],
          },
        },
      });
      expect(nl).toBe(
        'Op 2016-07-01 is het bezwaar tegen besluit refusal-1 (weigering van certificering) gegrond ' +
          'verklaard. Tijdens het bezwaar zijn 2 beoordelingen herzien: a-4 goedgekeurd, a-1 afgekeurd. ' +
          'Herstel: het certificaat wordt alsnog verleend, geldig vanaf de oorspronkelijke datum.',
      );
      expect(en).toBe(
        'On 2016-07-01 the objection against decision refusal-1 (refusal of certification) was upheld. ' +
          '2 reviews were corrected while the objection was open: a-4 approved, a-1 rejected. ' +
          'Remedy: the certificate is granted, valid from the original date.',
      );
    });

    it('explains an upheld objection that had nothing left to undo, and a rejected one', () => {
      const basis = {
        contestedDecisionId: 's-1',
        contestedType: 'CertificateSuspended',
        correctedActivities: [],
        remedy: [],
      };
      const upheld = objectionDecided('o-1', 's-1', 'upheld', '2017-04-20');
      expect(explainDecision({ ...upheld, data: { ...upheld.data, basis } }).en).toContain(
        'No review was corrected while the objection was open. Nothing was left to undo',
      );
      const rejected = objectionDecided('o-1', 's-1', 'rejected', '2017-04-20');
      expect(explainDecision({ ...rejected, data: { ...rejected.data, basis } }).nl).toContain(
        '(schorsing) ongegrond verklaard. Tijdens het bezwaar is geen beoordeling herzien. Het besluit blijft in stand.',
      );
    });

    it('explains what the decider records from the basis it stored', () => {
      const scenario = givenProfessional(certifiedProfessional()).on('2017-03-01');
      for (const command of [
        { type: 'SuspendCertificate', data: { until: '2017-06-01', reason: 'complaint' } },
        { type: 'RevokeCertificate', data: { reason: 'fraud' } },
      ] as const) {
        const [decision] = scenario.when(command).events() as DecisionEvent[];
        const { nl, en } = explainDecision(decision);
        expect(nl).toContain('Het certificaat was geldig van 2016-06-01 tot 2020-06-01');
        expect(en).not.toContain('No basis was recorded');
      }
    });
  });

  describe('from its data, without a basis', () => {
    it.each<[DecisionEvent, string, string]>([
      [
        admitted('2016-01-15'),
        'Op 2016-01-15 is toelating verleend onder regeling bvk-2016.',
        'On 2016-01-15 admission was granted under scheme bvk-2016.',
      ],
      [
        suspended('s-1', '2017-01-10', '2017-07-10'),
        'Op 2017-01-10 is certificaat cert-1 geschorst tot 2017-07-10.',
        'On 2017-01-10 certificate cert-1 was suspended until 2017-07-10.',
      ],
      [
        revoked('2017-03-01'),
        'Op 2017-03-01 is certificaat cert-1 ingetrokken.',
        'On 2017-03-01 certificate cert-1 was revoked.',
      ],
      [
        objectionDecided('o-1', 'd-1', 'rejected', '2016-07-01'),
        'Op 2016-07-01 is het bezwaar tegen besluit d-1 ongegrond verklaard.',
        'On 2016-07-01 the objection against decision d-1 was rejected.',
      ],
    ])('case %#: says what was decided, and that no basis was recorded', (decision, nl, en) => {
      const explanation = explainDecision(decision);
      expect(explanation.nl).toBe(
        `${nl} Bij dit besluit is geen grondslag vastgelegd: het dateert van vóór die registratie.`,
      );
      expect(explanation.en).toBe(
        `${en} No basis was recorded with this decision: it predates that record.`,
      );
    });

    it('explains a reversal by the objection it remedies', () => {
      const { nl, en } = explainDecision({
        type: 'RevocationReversed',
        data: {
          professionalId: PROFESSIONAL_ID,
          decisionId: 'rr-1',
          reversedDecisionId: 'revocation-1',
          objectionId: 'o-1',
          reversedOn: '2017-04-03',
        },
      });
      expect(nl).toBe(
        'Op 2017-04-03 is de intrekking revocation-1 teruggedraaid omdat bezwaar o-1 gegrond is ' +
          'verklaard; de grondslag staat bij de beslissing op dat bezwaar.',
      );
      expect(en).toContain('because objection o-1 was upheld');
    });
  });
});
