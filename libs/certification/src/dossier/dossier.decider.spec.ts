import {
  PLAN,
  PROFESSIONAL_ID,
  admissionRefused,
  admitted,
  approvedActivity,
  certifiedProfessional,
  expired,
  givenProfessional,
  logActivityCommand,
  loggedActivity,
  registered,
  rejectedActivity,
  revoked,
  schemeVersion,
  suspended,
  withdrawnActivity,
  withdrew,
} from '@vakregister/testing';
import {
  BVK_2016,
  type ProfessionalEvent,
  type SetDevelopmentPlan,
} from '@vakregister/certification';

const setPlan = (competencies: string[]): SetDevelopmentPlan => ({
  type: 'SetDevelopmentPlan',
  data: { competencies },
});
const admittedProfessional = (): ProfessionalEvent[] => [registered(), admitted('2016-01-15')];
const activity = { category: 'scholing', hours: 8, completedOn: '2016-05-01' };

describe('dossier', () => {
  describe('SetDevelopmentPlan', () => {
    it('sets a plan effective today, under the scheme in force', () => {
      givenProfessional(admittedProfessional())
        .on('2016-02-01')
        .when(setPlan(['methodisch-werken', 'gespreksvoering']))
        .then([
          {
            type: 'DevelopmentPlanSet',
            data: {
              professionalId: PROFESSIONAL_ID,
              competencies: ['methodisch-werken', 'gespreksvoering'],
              effectiveFrom: '2016-02-01',
              schemeId: 'bvk-2016',
            },
          },
        ]);
    });

    it.each([
      [2, PLAN],
      [4, ['methodisch-werken', 'gespreksvoering', 'analyse-en-diagnose', 'wet-en-regelgeving']],
    ])('accepts %i competencies', (_count, competencies) => {
      expect(
        givenProfessional(admittedProfessional()).when(setPlan(competencies)).events(),
      ).toHaveLength(1);
    });

    it.each([
      [1, ['methodisch-werken']],
      [
        5,
        [
          'methodisch-werken',
          'gespreksvoering',
          'analyse-en-diagnose',
          'wet-en-regelgeving',
          'integraal-samenwerken',
        ],
      ],
    ])('refuses %i competencies (422)', (count, competencies) => {
      givenProfessional(admittedProfessional())
        .when(setPlan(competencies))
        .thenThrows('rule', `2 to 4 competencies (${count} given)`);
    });

    it('refuses a competency the scheme does not know (422)', () => {
      givenProfessional(admittedProfessional())
        .when(setPlan(['gespreksvoering', 'time-management']))
        .thenThrows('rule', 'has no competency time-management');
    });

    it('refuses a competency named twice (400)', () => {
      givenProfessional(admittedProfessional())
        .when(setPlan(['gespreksvoering', 'gespreksvoering', 'methodisch-werken']))
        .thenThrows('invalid', 'more than once');
    });

    it.each([
      ['certified', certifiedProfessional()],
      ['suspended', [...certifiedProfessional(), suspended('s-1', '2017-01-01', '2017-06-01')]],
      ['expired', [...certifiedProfessional(), expired('2020-06-01')]],
    ])('may be set while %s', (_label, history) => {
      expect(givenProfessional(history).on('2020-07-01').when(setPlan(PLAN)).events()).toHaveLength(
        1,
      );
    });

    it.each([
      ['an applicant', [registered()]],
      ['refused', [registered(), admissionRefused()]],
      ['revoked', [...certifiedProfessional(), revoked('2017-01-10')]],
      ['withdrawn', [...admittedProfessional(), withdrew('2016-03-01')]],
    ])('cannot be set by %s (409)', (_label, history) => {
      givenProfessional(history)
        .when(setPlan(PLAN))
        .thenThrows('state', 'Cannot set a development plan');
    });
  });

  describe('LogActivity', () => {
    it('logs an activity with a new id, today and the scheme in force', () => {
      givenProfessional(admittedProfessional())
        .on('2016-05-13')
        .when(logActivityCommand({ completedOn: '2016-05-12', provider: 'Divosa Academie' }))
        .then([
          {
            type: 'ActivityLogged',
            data: {
              professionalId: PROFESSIONAL_ID,
              activityId: 'id-1',
              title: 'Training Participatiewet',
              category: 'scholing',
              hours: 8,
              competencies: PLAN,
              completedOn: '2016-05-12',
              provider: 'Divosa Academie',
              loggedOn: '2016-05-13',
              schemeId: 'bvk-2016',
            },
          },
        ]);
    });

    it.each([0.25, 1.5, 7.75, 40])('accepts %d hours', (hours) => {
      expect(
        givenProfessional(admittedProfessional()).when(logActivityCommand({ hours })).events(),
      ).toHaveLength(1);
    });

    it.each([0, -1, 40.25, 41, 1.1, 0.1, Number.NaN, Number.POSITIVE_INFINITY])(
      'refuses %d hours (422)',
      (hours) => {
        givenProfessional(admittedProfessional())
          .when(logActivityCommand({ hours }))
          .thenThrows('rule', 'whole quarter-hours, more than 0 and at most 40');
      },
    );

    it('accepts an activity completed today', () => {
      expect(
        givenProfessional(admittedProfessional())
          .on('2016-05-13')
          .when(logActivityCommand({ completedOn: '2016-05-13' }))
          .events(),
      ).toHaveLength(1);
    });

    it('refuses an activity completed tomorrow (422)', () => {
      givenProfessional(admittedProfessional())
        .on('2016-05-13')
        .when(logActivityCommand({ completedOn: '2016-05-14' }))
        .thenThrows('rule', 'in the future');
    });

    it('refuses a category the scheme does not know (422)', () => {
      givenProfessional(admittedProfessional())
        .when(logActivityCommand({ category: 'hobby' }))
        .thenThrows('rule', 'has no category hobby');
    });

    it('needs at least one competency (422)', () => {
      givenProfessional(admittedProfessional())
        .when(logActivityCommand({ competencies: [] }))
        .thenThrows('rule', 'at least one competency');
    });

    it('refuses an unknown competency (422) and a duplicated one (400)', () => {
      givenProfessional(admittedProfessional())
        .when(logActivityCommand({ competencies: ['gespreksvoering', 'yoga'] }))
        .thenThrows('rule', 'has no competency yoga');
      givenProfessional(admittedProfessional())
        .when(logActivityCommand({ competencies: ['gespreksvoering', 'gespreksvoering'] }))
        .thenThrows('invalid', 'more than once');
    });

    it('takes the hour limit from the scheme in force on the day it is logged', () => {
      const shorter = schemeVersion({
        schemeId: 'bvk-2018',
        effectiveFrom: '2018-01-01',
        maxHoursPerActivity: 24,
      });
      const dossier = givenProfessional(admittedProfessional()).withSchemes(BVK_2016, shorter);
      const command = logActivityCommand({ hours: 30, completedOn: '2017-12-01' });
      expect(dossier.on('2017-12-31').when(command).events()).toHaveLength(1);
      dossier.on('2018-01-01').when(command).thenThrows('rule', 'at most 24');
    });

    it.each([
      ['an applicant', [registered()]],
      ['revoked', [...certifiedProfessional(), revoked('2017-01-10')]],
      ['withdrawn', [...admittedProfessional(), withdrew('2016-03-01')]],
    ])('cannot be done by %s (409)', (_label, history) => {
      givenProfessional(history)
        .when(logActivityCommand())
        .thenThrows('state', 'Cannot log an activity');
    });
  });

  describe('ReviewActivity', () => {
    const review = (activityId: string, outcome: 'approved' | 'rejected') => ({
      type: 'ReviewActivity' as const,
      data: { activityId, outcome, reason: 'checked the certificate' },
    });

    it.each([
      ['approved', 'ActivityApproved'],
      ['rejected', 'ActivityRejected'],
    ] as const)('records an activity as %s', (outcome, type) => {
      givenProfessional(admittedProfessional(), loggedActivity('a-1', activity))
        .on('2016-05-20')
        .when(review('a-1', outcome))
        .then([
          {
            type,
            data: {
              professionalId: PROFESSIONAL_ID,
              activityId: 'a-1',
              reviewedOn: '2016-05-20',
              reason: 'checked the certificate',
            },
          },
        ]);
    });

    it.each([
      ['approved', approvedActivity('a-1', activity)],
      ['rejected', rejectedActivity('a-1', activity)],
      ['withdrawn', withdrawnActivity('a-1', activity)],
    ])('cannot review an activity that is already %s (409)', (status, history) => {
      givenProfessional(admittedProfessional(), history)
        .when(review('a-1', 'approved'))
        .thenThrows('state', `already ${status}`);
    });

    it('is 404 for an activity this professional does not have', () => {
      givenProfessional(admittedProfessional(), loggedActivity('a-1', activity))
        .when(review('a-2', 'approved'))
        .thenThrows('not-found', 'no activity a-2');
    });
  });

  describe('WithdrawActivity', () => {
    it('withdraws an activity that has not been reviewed', () => {
      givenProfessional(admittedProfessional(), loggedActivity('a-1', activity))
        .when({ type: 'WithdrawActivity', data: { activityId: 'a-1', reason: 'logged twice' } })
        .then([
          {
            type: 'ActivityWithdrawn',
            data: { professionalId: PROFESSIONAL_ID, activityId: 'a-1', reason: 'logged twice' },
          },
        ]);
    });

    it.each([
      ['approved', approvedActivity('a-1', activity)],
      ['rejected', rejectedActivity('a-1', activity)],
      ['withdrawn', withdrawnActivity('a-1', activity)],
    ])('cannot withdraw an activity that is %s (409)', (status, history) => {
      givenProfessional(admittedProfessional(), history)
        .when({ type: 'WithdrawActivity', data: { activityId: 'a-1' } })
        .thenThrows('state', `this one is ${status}`);
    });

    it('is 404 for an activity this professional does not have', () => {
      givenProfessional(admittedProfessional())
        .when({ type: 'WithdrawActivity', data: { activityId: 'nope' } })
        .thenThrows('not-found');
    });
  });
});
