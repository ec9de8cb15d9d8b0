import {
  PROFESSIONAL_ID,
  admissionRefused,
  admitted,
  certifiedProfessional,
  givenProfessional,
  registerCommand,
  registered,
  revoked,
  withdrew,
} from '@vakregister/testing';
import { decideRegistrationNumber, formatRegistrationNumber } from '@vakregister/certification';

describe('registration', () => {
  describe('RegisterProfessional', () => {
    it('registers an applicant, dated by the domain clock', () => {
      givenProfessional()
        .on('2016-01-04')
        .when(registerCommand())
        .then([registered({ registeredOn: '2016-01-04' })]);
    });

    it('makes the professional an applicant with the given details', () => {
      const state = givenProfessional()
        .when(registerCommand({ municipality: 'Maastricht', sector: 'zorg', evc: true }))
        .stateAfter();
      expect(state).toMatchObject({
        registered: true,
        professionalId: PROFESSIONAL_ID,
        status: 'applicant',
        details: { municipality: 'Maastricht', sector: 'zorg', evc: true, experienceYears: 5 },
      });
    });

    it('refuses to register the same professional twice (409)', () => {
      givenProfessional(registered())
        .when(registerCommand())
        .thenThrows('state', 'already registered');
    });
  });

  describe('CorrectProfessionalDetails', () => {
    it('records only the fields that change', () => {
      givenProfessional(registered())
        .when({
          type: 'CorrectProfessionalDetails',
          data: { changes: { municipality: 'Den Haag', sector: undefined }, reason: 'moved' },
        })
        .then([
          {
            type: 'ProfessionalDetailsCorrected',
            data: {
              professionalId: PROFESSIONAL_ID,
              changes: { municipality: 'Den Haag' },
              reason: 'moved',
            },
          },
        ]);
    });

    it('needs at least one field (400)', () => {
      givenProfessional(registered())
        .when({
          type: 'CorrectProfessionalDetails',
          data: { changes: { name: undefined }, reason: 'typo' },
        })
        .thenThrows('invalid', 'at least one field');
    });

    it('is 404 for a professional who is not registered', () => {
      givenProfessional()
        .when({ type: 'CorrectProfessionalDetails', data: { changes: { name: 'X' }, reason: 'r' } })
        .thenThrows('not-found');
    });
  });

  describe('WithdrawProfessional', () => {
    it.each([
      ['an applicant', [registered()]],
      ['a refused applicant', [registered(), admissionRefused()]],
      ['an admitted professional', [registered(), admitted()]],
      ['a certified professional', certifiedProfessional()],
      [
        'a professional whose certificate was revoked',
        [...certifiedProfessional(), revoked('2017-01-10')],
      ],
    ])('lets %s opt out', (_label, history) => {
      givenProfessional(history)
        .on('2017-03-01')
        .when({ type: 'WithdrawProfessional', data: { reason: 'changed jobs' } })
        .then([
          {
            type: 'ProfessionalWithdrew',
            data: {
              professionalId: PROFESSIONAL_ID,
              withdrawnOn: '2017-03-01',
              reason: 'changed jobs',
            },
          },
        ]);
    });

    it('leaves the reason out when none is given', () => {
      givenProfessional(registered())
        .on('2017-03-01')
        .when({ type: 'WithdrawProfessional', data: {} })
        .then([
          {
            type: 'ProfessionalWithdrew',
            data: { professionalId: PROFESSIONAL_ID, withdrawnOn: '2017-03-01' },
          },
        ]);
    });

    it('makes the status withdrawn', () => {
      expect(
        givenProfessional(registered())
          .when({ type: 'WithdrawProfessional', data: {} })
          .stateAfter().status,
      ).toBe('withdrawn');
    });

    it('happens once (409 the second time)', () => {
      givenProfessional(registered(), withdrew('2017-03-01'))
        .when({ type: 'WithdrawProfessional', data: {} })
        .thenThrows('state', 'already withdrawn');
    });

    it('is 404 for a professional who is not registered', () => {
      givenProfessional().when({ type: 'WithdrawProfessional', data: {} }).thenThrows('not-found');
    });
  });

  describe('registration numbers', () => {
    it('formats the sequence as VR and six digits', () => {
      expect(formatRegistrationNumber(1)).toBe('VR000001');
      expect(formatRegistrationNumber(15000)).toBe('VR015000');
    });

    it('gives the n-th assignment number n', () => {
      expect(decideRegistrationNumber(0, 'p-1')).toEqual({
        type: 'RegistrationNumberAssigned',
        data: { registrationNumber: 'VR000001', professionalId: 'p-1' },
      });
      expect(decideRegistrationNumber(41, 'p-42').data.registrationNumber).toBe('VR000042');
    });
  });
});
