import { givenProfessional, registered, schemeVersion } from '@vakregister/testing';
import {
  BVK_2016,
  computeAdmissionBasis,
  foldProfessional,
  type ProfessionalRegistered,
} from '@vakregister/certification';

const basisOf = (details: Partial<ProfessionalRegistered['data']>, scheme = BVK_2016) =>
  computeAdmissionBasis(foldProfessional([registered(details)]), scheme);

describe('the basis of an admission decision', () => {
  it('records each requirement with what was given and what the scheme asks', () => {
    expect(basisOf({})).toEqual({
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
    });
  });

  it.each([
    ['an EVC statement without a diploma', { diploma: null, evc: true }, true],
    ['a diploma level in capitals', { diploma: { level: 'WO', field: 'Rechten' } }, true],
    ['a mbo diploma', { diploma: { level: 'mbo', field: 'SD' } }, false],
    ['no diploma and no EVC', { diploma: null, evc: false }, false],
  ])('judges the diploma-or-EVC requirement on %s', (_label, details, met) => {
    expect(basisOf(details).requirements.diplomaOrEvc.met).toBe(met);
  });

  it('names every unmet requirement, in the words the decider refuses with', () => {
    const basis = basisOf({ diploma: null, experienceYears: 1, codeSigned: false });
    expect(basis.requirements).toMatchObject({
      diplomaOrEvc: { met: false, given: { diplomaLevel: null, evc: false } },
      experienceYears: { met: false, given: 1, required: 2 },
      codeSigned: { met: false },
    });
    expect(basis.unmet).toEqual([
      'a diploma of level hbo or wo or an EVC statement is required',
      'at least 2 years of experience as klantmanager are required (1 given)',
      'the professional code must be signed',
    ]);
  });

  it('takes its numbers from the scheme it is given', () => {
    const stricter = schemeVersion({
      schemeId: 'bvk-2018',
      admission: { minExperienceYears: 6, diplomaLevels: ['wo'] },
    });
    expect(basisOf({}, stricter)).toMatchObject({
      schemeId: 'bvk-2018',
      requirements: {
        diplomaOrEvc: { met: false, required: ['wo'] },
        experienceYears: { met: false, given: 5, required: 6 },
      },
    });
  });

  it('is what the decider stores with a grant and with a refusal', () => {
    const applicant = givenProfessional(registered({ codeSigned: false })).on('2016-01-15');
    const [refusal] = applicant
      .when({ type: 'DecideAdmission', data: { outcome: 'refused', reasons: ['code'] } })
      .events();
    expect(refusal.data).toMatchObject({
      basis: computeAdmissionBasis(applicant.state, BVK_2016),
    });
    const [grant] = givenProfessional(registered())
      .when({ type: 'DecideAdmission', data: { outcome: 'admitted', reasons: [] } })
      .events();
    expect(grant.data).toMatchObject({ basis: basisOf({}) });
  });
});
