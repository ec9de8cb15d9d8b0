import {
  admitted,
  certifiedProfessional,
  expectDomainError,
  givenProfessional,
  granted,
  registered,
  renewalRequested,
  schemeVersion,
  suspended,
} from '@vakregister/testing';
import {
  BVK_2016,
  computeRevocationBasis,
  computeSuspensionBasis,
  foldProfessional,
} from '@vakregister/certification';

// certifiedProfessional(): certificate cert-1 valid [2016-06-01, 2020-06-01).
const CERT_1 = { certificateId: 'cert-1', validFrom: '2016-06-01', validUntil: '2020-06-01' };

describe('the basis of a sanction', () => {
  describe('suspension', () => {
    it('records the certificate, the status and the limit of the scheme in force', () => {
      const state = foldProfessional(certifiedProfessional());
      expect(computeSuspensionBasis(state, '2017-01-10', BVK_2016)).toEqual({
        ...CERT_1,
        maxSuspensionMonths: 12,
        status: 'certified',
      });
    });

    it('takes the limit from the scheme it is given', () => {
      const state = foldProfessional(certifiedProfessional());
      const shorter = schemeVersion({ schemeId: 'bvk-2017', maxSuspensionMonths: 6 });
      expect(computeSuspensionBasis(state, '2017-01-10', shorter).maxSuspensionMonths).toBe(6);
    });

    it('names the certificate an early renewal granted, as the decider suspends it', () => {
      const history = [
        ...certifiedProfessional(),
        renewalRequested('r-2', '2020-01-15'),
        granted('r-2', {
          certificateId: 'cert-2',
          validFrom: '2020-06-01',
          decidedOn: '2020-03-01',
        }),
      ];
      const [event] = givenProfessional(history)
        .on('2020-03-02')
        .when({ type: 'SuspendCertificate', data: { until: '2020-09-01', reason: 'complaint' } })
        .events();
      expect(event.data).toMatchObject({
        certificateId: 'cert-2',
        basis: {
          certificateId: 'cert-2',
          validFrom: '2020-06-01',
          validUntil: '2024-06-01',
          status: 'certified',
        },
      });
    });
  });

  describe('revocation', () => {
    it('records the certificate and the status, and no scheme limit', () => {
      const state = foldProfessional(certifiedProfessional());
      expect(computeRevocationBasis(state, '2017-03-01')).toEqual({
        ...CERT_1,
        status: 'certified',
      });
    });

    it('records a suspension in force on the decision date', () => {
      const state = foldProfessional([
        ...certifiedProfessional(),
        suspended('s-1', '2017-01-10', '2017-07-10'),
      ]);
      expect(computeRevocationBasis(state, '2017-03-01').status).toBe('suspended');
    });

    it('goes by the dates: a suspension past its until date has ended, recorded or not', () => {
      const state = foldProfessional([
        ...certifiedProfessional(),
        suspended('s-1', '2017-01-10', '2017-02-10'),
      ]);
      expect(computeRevocationBasis(state, '2017-03-01').status).toBe('certified');
    });

    it('is what the decider stores', () => {
      const scenario = givenProfessional(certifiedProfessional()).on('2017-03-01');
      const [event] = scenario
        .when({ type: 'RevokeCertificate', data: { reason: 'fraud' } })
        .events();
      expect(event.data).toMatchObject({
        basis: computeRevocationBasis(scenario.state, '2017-03-01'),
      });
    });
  });

  it('cannot be computed without a certificate (409)', () => {
    const state = foldProfessional([registered(), admitted()]);
    expectDomainError(() => computeRevocationBasis(state, '2017-03-01'), 'state', 'no certificate');
    expectDomainError(
      () => computeSuspensionBasis(state, '2017-03-01', BVK_2016),
      'state',
      'no certificate',
    );
  });
});
