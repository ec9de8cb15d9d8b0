import {
  PROFESSIONAL_ID,
  admissionRefused,
  admitted,
  givenProfessional,
  registered,
  schemeVersion,
  withdrew,
} from '@vakregister/testing';
import {
  BVK_2016,
  foldProfessional,
  unmetAdmissionRequirements,
  type AdmissionBasis,
  type DecideAdmission,
} from '@vakregister/certification';

const admit = (reasons: string[] = []): DecideAdmission => ({
  type: 'DecideAdmission',
  data: { outcome: 'admitted', reasons },
});
const refuse = (reasons: string[]): DecideAdmission => ({
  type: 'DecideAdmission',
  data: { outcome: 'refused', reasons },
});

/** The basis of `registered()` under bvk-2016: a hbo diploma, 5 years, the code signed. */
const EVERY_REQUIREMENT_MET: AdmissionBasis = {
  schemeId: 'bvk-2016',
  requirements: {
    diplomaOrEvc: {
      met: true,
      given: { diplomaLevel: 'hbo', evc: false },
      required: ['hbo', 'wo'],
    },
    experienceYears: { met: true, given: 5, required: 2 },
    codeSigned: { met: true },
  },
  unmet: [],
};

describe('admission', () => {
  it('admits an applicant who meets every requirement, under the scheme in force', () => {
    givenProfessional(registered())
      .on('2016-01-15')
      .when(admit(['hbo diploma and 5 years of experience']))
      .then([
        {
          type: 'AdmissionGranted',
          data: {
            professionalId: PROFESSIONAL_ID,
            decisionId: 'id-1',
            schemeId: 'bvk-2016',
            decidedOn: '2016-01-15',
            reasons: ['hbo diploma and 5 years of experience'],
            basis: EVERY_REQUIREMENT_MET,
          },
        },
      ]);
  });

  it('makes the applicant admitted and remembers the decision', () => {
    const state = givenProfessional(registered()).when(admit()).stateAfter();
    expect(state.status).toBe('admitted');
    expect(Object.keys(state.decisions)).toEqual(['id-1']);
  });

  describe('requirements (toegangseisen)', () => {
    it.each([
      ['a wo diploma', { diploma: { level: 'wo', field: 'Rechten' } }],
      ['a diploma level written in capitals', { diploma: { level: 'HBO', field: 'SJD' } }],
      ['an EVC statement instead of a diploma', { diploma: null, evc: true }],
      [
        'an EVC statement next to a mbo diploma',
        { diploma: { level: 'mbo', field: 'SD' }, evc: true },
      ],
      ['exactly 2 years of experience', { experienceYears: 2 }],
    ])('admits with %s', (_label, details) => {
      expect(givenProfessional(registered(details)).when(admit()).events()[0].type).toBe(
        'AdmissionGranted',
      );
    });

    it.each([
      ['a mbo diploma and no EVC', { diploma: { level: 'mbo', field: 'SD' } }, 'hbo or wo'],
      ['no diploma and no EVC', { diploma: null, evc: false }, 'EVC statement'],
      ['1 year of experience', { experienceYears: 1 }, 'at least 2 years'],
      ['1.9 years of experience', { experienceYears: 1.9 }, '(1.9 given)'],
      ['an unsigned professional code', { codeSigned: false }, 'professional code'],
    ])('refuses to admit with %s (422)', (_label, details, messagePart) => {
      givenProfessional(registered(details)).when(admit()).thenThrows('rule', messagePart);
    });

    it('names every unmet requirement at once', () => {
      const state = foldProfessional([
        registered({ diploma: null, evc: false, experienceYears: 1, codeSigned: false }),
      ]);
      expect(unmetAdmissionRequirements(state, BVK_2016)).toEqual([
        'a diploma of level hbo or wo or an EVC statement is required',
        'at least 2 years of experience as klantmanager are required (1 given)',
        'the professional code must be signed',
      ]);
    });

    it('judges by the numbers of the scheme in force', () => {
      const stricter = schemeVersion({
        schemeId: 'bvk-2018',
        effectiveFrom: '2018-01-01',
        admission: { minExperienceYears: 3, diplomaLevels: ['hbo', 'wo'] },
      });
      const applicant = givenProfessional(registered({ experienceYears: 2 })).withSchemes(
        BVK_2016,
        stricter,
      );
      expect(applicant.on('2017-12-31').when(admit()).events()[0].type).toBe('AdmissionGranted');
      applicant.on('2018-01-01').when(admit()).thenThrows('rule', 'at least 3 years');
    });
  });

  it('may refuse an applicant who meets the requirements, with reasons', () => {
    givenProfessional(registered())
      .on('2016-01-15')
      .when(refuse(['diploma not verifiable']))
      .then([
        {
          type: 'AdmissionRefused',
          data: {
            professionalId: PROFESSIONAL_ID,
            decisionId: 'id-1',
            schemeId: 'bvk-2016',
            decidedOn: '2016-01-15',
            reasons: ['diploma not verifiable'],
            basis: EVERY_REQUIREMENT_MET,
          },
        },
      ]);
  });

  it('refuses an applicant who does not meet the requirements without a rule violation', () => {
    const state = givenProfessional(registered({ codeSigned: false }))
      .when(refuse(['code not signed']))
      .stateAfter();
    expect(state.status).toBe('refused');
  });

  it('needs at least one reason to refuse (400)', () => {
    const error = givenProfessional(registered()).when(refuse([])).thenThrows('invalid', 'reason');
    expect(error.errors).toEqual([{ field: 'reasons', message: error.message }]);
  });

  it.each([
    ['admitted', [registered(), admitted()]],
    ['refused', [registered(), admissionRefused()]],
    ['withdrawn', [registered(), withdrew('2016-01-10')]],
  ])('cannot decide again once the professional is %s (409)', (_label, history) => {
    givenProfessional(history).when(admit()).thenThrows('state', 'Cannot decide on admission');
    givenProfessional(history)
      .when(refuse(['again']))
      .thenThrows('state');
  });

  it('is 404 for a professional who is not registered', () => {
    givenProfessional().when(admit()).thenThrows('not-found');
  });

  it('cannot decide before any scheme is in force (409)', () => {
    givenProfessional(registered())
      .on('2015-12-31')
      .when(admit())
      .thenThrows('state', 'No scheme version is in force on 2015-12-31');
  });
});
