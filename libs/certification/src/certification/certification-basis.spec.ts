import {
  PLAN,
  admitted,
  approvedActivity,
  certifiedProfessional,
  givenProfessional,
  loggedActivity,
  planSet,
  qualifyingActivities,
  registered,
  rejectedActivity,
  withdrawnActivity,
  type HistoryItem,
} from '@vakregister/testing';
import {
  BVK_2016,
  computeBasis,
  foldProfessional,
  planInForce,
  type CertificationBasis,
  type ProfessionalEvent,
} from '@vakregister/certification';

const [A, B] = PLAN;
const ON = '2018-03-01';

/**
 * The basis the committee sees: requested and decided through the deciders, so the cycle and
 * the plan date are the ones the domain derives, not ones a test makes up.
 */
function basisOf(
  history: HistoryItem[],
  requestedOn = '2020-05-13',
  decidedOn = requestedOn,
): CertificationBasis {
  const request = givenProfessional(...history)
    .on(requestedOn)
    .when({ type: 'RequestCertification', data: {} })
    .events();
  const requestId =
    request[0].type === 'CertificationRequested' ? request[0].data.requestId : 'missing';
  const [decision] = givenProfessional(...history, request)
    .on(decidedOn)
    .when({ type: 'DecideCertification', data: { requestId, outcome: 'refused', reasons: ['x'] } })
    .events();
  if (decision.type !== 'CertificationRefused') throw new Error(`unexpected ${decision.type}`);
  return decision.data.basis;
}

const admittedWithPlan = (): ProfessionalEvent[] => [
  registered(),
  admitted('2016-01-15'),
  planSet(PLAN, '2016-01-15'),
];

/** Approved activities per category on one date, all listing the plan's competencies. */
function points(scholing: number, reflectie: number, vrijeRuimte: number): ProfessionalEvent[] {
  const spread = (category: string, total: number): ProfessionalEvent[] => {
    const events: ProfessionalEvent[] = [];
    for (let index = 0; total > 0; index++) {
      const hours = Math.min(40, total);
      events.push(
        ...approvedActivity(`${category}-${index}`, { category, hours, completedOn: ON }),
      );
      total -= hours;
    }
    return events;
  };
  return [
    ...spread('scholing', scholing),
    ...spread('reflectie', reflectie),
    ...spread('vrije-ruimte', vrijeRuimte),
  ];
}

describe('the basis of a certification decision', () => {
  describe('total points', () => {
    it('passes with exactly 160 points', () => {
      const basis = basisOf([admittedWithPlan(), points(80, 40, 40)]);
      expect(basis.total).toBe(160);
      expect(basis.pointsRequired).toBe(160);
      expect(basis.shortfalls).toEqual([]);
    });

    it('fails with 159.75 points, saying how many', () => {
      const basis = basisOf([admittedWithPlan(), points(79.75, 40, 40)]);
      expect(basis.total).toBe(159.75);
      expect(basis.shortfalls).toEqual(['159.75 of 160 points']);
    });

    it('records what each category contributed against its limits', () => {
      expect(basisOf([admittedWithPlan(), points(80, 40, 40)]).perCategory).toEqual({
        scholing: { logged: 80, counted: 80, min: 60 },
        reflectie: { logged: 40, counted: 40, min: 40 },
        'vrije-ruimte': { logged: 40, counted: 40, max: 60 },
      });
    });
  });

  describe('category minimums', () => {
    it('passes with exactly 60 in scholing', () => {
      expect(basisOf([admittedWithPlan(), points(60, 60, 40)]).shortfalls).toEqual([]);
    });

    it('fails with 59 in scholing even when the total is 160', () => {
      const basis = basisOf([admittedWithPlan(), points(59, 61, 40)]);
      expect(basis.total).toBe(160);
      expect(basis.shortfalls).toEqual(['59 of at least 60 points in scholing']);
    });

    it('passes with exactly 40 in reflectie', () => {
      expect(basisOf([admittedWithPlan(), points(80, 40, 40)]).shortfalls).toEqual([]);
    });

    it('fails with 39.75 in reflectie even when the total is 160', () => {
      const basis = basisOf([admittedWithPlan(), points(80.25, 39.75, 40)]);
      expect(basis.total).toBe(160);
      expect(basis.shortfalls).toEqual(['39.75 of at least 40 points in reflectie']);
    });
  });

  describe('the vrije-ruimte cap', () => {
    // 40 + 30 = 70 logged in vrije-ruimte, of which 60 count.
    const history = [
      admittedWithPlan(),
      points(60, 40, 0),
      approvedActivity('v-1', { category: 'vrije-ruimte', hours: 40, completedOn: '2017-01-10' }),
      approvedActivity('v-2', {
        category: 'vrije-ruimte',
        hours: 30,
        completedOn: '2017-02-10',
        competencies: [B],
      }),
    ];

    it('counts at most 60 of 70 logged points', () => {
      const basis = basisOf(history);
      expect(basis.perCategory['vrije-ruimte']).toEqual({ logged: 70, counted: 60, max: 60 });
      expect(basis.total).toBe(160);
      expect(basis.shortfalls).toEqual([]);
    });

    it('marks the activity that crosses the cap as over-cap, with what it still counted', () => {
      const entries = basisOf(history).activities.filter((a) => a.category === 'vrije-ruimte');
      expect(entries).toEqual([
        { activityId: 'v-1', category: 'vrije-ruimte', hours: 40, counted: 40, outcome: 'counted' },
        {
          activityId: 'v-2',
          category: 'vrije-ruimte',
          hours: 30,
          counted: 20,
          outcome: 'over-cap',
        },
      ]);
    });

    it('still counts an over-cap activity in full for its competencies', () => {
      const basis = basisOf(history);
      // B: 100 points from scholing and reflectie, 40 from v-1 and all 30 hours of v-2.
      expect(basis.perCompetency[B]).toEqual({ points: 170, min: 10 });
      expect(basis.perCompetency[A]).toEqual({ points: 140, min: 10 });
    });

    it('caps in the order the activities were completed, not the order they were logged', () => {
      const basis = basisOf([
        admittedWithPlan(),
        approvedActivity('late', {
          category: 'vrije-ruimte',
          hours: 40,
          completedOn: '2019-01-01',
        }),
        approvedActivity('early', {
          category: 'vrije-ruimte',
          hours: 40,
          completedOn: '2017-01-01',
        }),
      ]);
      expect(basis.activities.map((a) => [a.activityId, a.counted, a.outcome])).toEqual([
        ['early', 40, 'counted'],
        ['late', 20, 'over-cap'],
      ]);
    });

    it('leaves the points above the cap out of the total', () => {
      const basis = basisOf([
        admittedWithPlan(),
        points(60, 20, 0),
        approvedActivity('v-1', { category: 'vrije-ruimte', hours: 40, completedOn: ON }),
        approvedActivity('v-2', { category: 'vrije-ruimte', hours: 30, completedOn: ON }),
      ]);
      expect(basis.total).toBe(140);
      expect(basis.shortfalls).toEqual([
        '140 of 160 points',
        '20 of at least 40 points in reflectie',
      ]);
    });
  });

  describe('the development plan', () => {
    /** 160 points that develop only A, plus `hoursForB` vrije-ruimte hours for B. */
    function planHistory(hoursForB: number): HistoryItem[] {
      return [
        admittedWithPlan(),
        approvedActivity('s-1', {
          category: 'scholing',
          hours: 40,
          completedOn: ON,
          competencies: [A],
        }),
        approvedActivity('s-2', {
          category: 'scholing',
          hours: 40,
          completedOn: ON,
          competencies: [A],
        }),
        approvedActivity('r-1', {
          category: 'reflectie',
          hours: 40,
          completedOn: ON,
          competencies: [A],
        }),
        approvedActivity('v-1', {
          category: 'vrije-ruimte',
          hours: 40 - hoursForB,
          completedOn: ON,
          competencies: [A],
        }),
        approvedActivity('v-2', {
          category: 'vrije-ruimte',
          hours: hoursForB,
          completedOn: ON,
          competencies: [B],
        }),
      ];
    }

    it('passes with exactly 10 points for a planned competency', () => {
      const basis = basisOf(planHistory(10));
      expect(basis.perCompetency).toEqual({
        [A]: { points: 150, min: 10 },
        [B]: { points: 10, min: 10 },
      });
      expect(basis.shortfalls).toEqual([]);
    });

    it('fails with 9.75 points for a planned competency', () => {
      const basis = basisOf(planHistory(9.75));
      expect(basis.total).toBe(160);
      expect(basis.shortfalls).toEqual([`9.75 of at least 10 points for planned competency ${B}`]);
    });

    it('ignores competencies outside the plan', () => {
      const basis = basisOf([
        admittedWithPlan(),
        qualifyingActivities(ON, [A, B, 'methodisch-werken']),
      ]);
      expect(Object.keys(basis.perCompetency)).toEqual([A, B]);
    });

    it('is a shortfall when no plan is in force on the request date', () => {
      const basis = basisOf([registered(), admitted(), qualifyingActivities(ON)]);
      expect(basis.planCompetencies).toEqual([]);
      expect(basis.perCompetency).toEqual({});
      expect(basis.shortfalls).toEqual(['no development plan in force on 2020-05-13']);
    });

    it('does not apply a plan set after the request', () => {
      const history = [
        registered(),
        admitted(),
        qualifyingActivities(ON),
        planSet(PLAN, '2020-05-14'),
      ];
      // Decided after the plan was set: still judged by the plan of the request date.
      const basis = basisOf(history, '2020-05-13', '2020-05-20');
      expect(basis.planCompetencies).toEqual([]);
      expect(basis.shortfalls).toEqual(['no development plan in force on 2020-05-13']);
    });

    it('applies the plan in force on the request date, not a later replacement', () => {
      const later = ['methodisch-werken', 'analyse-en-diagnose'];
      const basis = basisOf([
        admittedWithPlan(),
        qualifyingActivities(ON),
        planSet(later, '2020-05-14'),
      ]);
      expect(basis.planCompetencies).toEqual(PLAN);
      expect(basis.shortfalls).toEqual([]);
    });

    it('applies a plan set on the request date itself', () => {
      const basis = basisOf([
        registered(),
        admitted(),
        qualifyingActivities(ON),
        planSet(PLAN, '2020-05-13'),
      ]);
      expect(basis.planCompetencies).toEqual(PLAN);
    });

    it('planInForce picks the last plan effective on the date', () => {
      const later = ['methodisch-werken', 'analyse-en-diagnose'];
      const state = foldProfessional([...admittedWithPlan(), planSet(later, '2018-01-01')]);
      expect(planInForce(state, '2016-01-14')).toEqual([]);
      expect(planInForce(state, '2016-01-15')).toEqual(PLAN);
      expect(planInForce(state, '2017-12-31')).toEqual(PLAN);
      expect(planInForce(state, '2018-01-01')).toEqual(later);
    });
  });

  describe('which activities count', () => {
    it('counts only approved activities; lists logged and rejected ones as not approved', () => {
      const basis = basisOf([
        admittedWithPlan(),
        points(80, 40, 0),
        loggedActivity('pending', { category: 'vrije-ruimte', hours: 20, completedOn: ON }),
        rejectedActivity('rejected', { category: 'vrije-ruimte', hours: 20, completedOn: ON }),
      ]);
      expect(basis.total).toBe(120);
      expect(basis.perCategory['vrije-ruimte']).toEqual({ logged: 0, counted: 0, max: 60 });
      expect(basis.activities.filter((a) => a.outcome === 'not-approved')).toEqual([
        {
          activityId: 'pending',
          category: 'vrije-ruimte',
          hours: 20,
          counted: 0,
          outcome: 'not-approved',
        },
        {
          activityId: 'rejected',
          category: 'vrije-ruimte',
          hours: 20,
          counted: 0,
          outcome: 'not-approved',
        },
      ]);
    });

    it('does not count a not-approved activity for competencies', () => {
      const basis = basisOf([
        admittedWithPlan(),
        loggedActivity('pending', { category: 'scholing', hours: 20, completedOn: ON }),
      ]);
      expect(basis.perCompetency[A].points).toBe(0);
    });

    it('leaves withdrawn activities out altogether', () => {
      const basis = basisOf([
        admittedWithPlan(),
        qualifyingActivities(ON),
        withdrawnActivity('gone', { category: 'scholing', hours: 10, completedOn: ON }),
      ]);
      expect(basis.activities.map((a) => a.activityId)).not.toContain('gone');
      expect(basis.activities).toHaveLength(4);
    });
  });

  describe('the qualifying period of a first certificate', () => {
    const single = (completedOn: string) =>
      basisOf([
        admittedWithPlan(),
        approvedActivity('edge', { category: 'scholing', hours: 8, completedOn }),
      ]).activities[0];

    it('is the request date − 4 years up to and including the request date', () => {
      expect(basisOf([admittedWithPlan()]).cycle).toEqual({
        from: '2016-05-13',
        until: '2020-05-14',
      });
    });

    it('counts an activity on its first day (request date − 4 years)', () => {
      expect(single('2016-05-13')).toMatchObject({ counted: 8, outcome: 'counted' });
    });

    it('does not count an activity on the day before', () => {
      expect(single('2016-05-12')).toMatchObject({ counted: 0, outcome: 'outside-cycle' });
    });

    it('counts an activity completed on the request date', () => {
      expect(single('2020-05-13')).toMatchObject({ counted: 8, outcome: 'counted' });
    });

    it('does not count an activity completed after the request date, before the decision', () => {
      const basis = basisOf(
        [
          admittedWithPlan(),
          approvedActivity('after', { category: 'scholing', hours: 8, completedOn: '2020-05-14' }),
        ],
        '2020-05-13',
        '2020-05-20',
      );
      expect(basis.activities[0]).toMatchObject({ counted: 0, outcome: 'outside-cycle' });
    });

    it('does not count an outside activity for competencies either', () => {
      const basis = basisOf([
        admittedWithPlan(),
        approvedActivity('old', { category: 'scholing', hours: 8, completedOn: '2016-05-12' }),
      ]);
      expect(basis.perCompetency[A].points).toBe(0);
      expect(basis.perCategory.scholing.logged).toBe(0);
    });
  });

  describe('the cycle of a renewal: [validFrom, validUntil) of the current certificate', () => {
    // certifiedProfessional(): valid [2016-06-01, 2020-06-01); a renewal requested in the window.
    const single = (completedOn: string) =>
      basisOf(
        [
          certifiedProfessional(),
          approvedActivity('edge', { category: 'scholing', hours: 8, completedOn }),
        ],
        '2020-01-15',
        '2020-06-10',
      ).activities[0];

    it('is the validity of the certificate it renews', () => {
      expect(basisOf([certifiedProfessional()], '2020-01-15').cycle).toEqual({
        from: '2016-06-01',
        until: '2020-06-01',
      });
    });

    it('counts an activity on validFrom', () => {
      expect(single('2016-06-01')).toMatchObject({ outcome: 'counted' });
    });

    it('does not count an activity on the day before validFrom', () => {
      expect(single('2016-05-31')).toMatchObject({ outcome: 'outside-cycle' });
    });

    it('counts an activity on the last day of the cycle (validUntil − 1 day)', () => {
      expect(single('2020-05-31')).toMatchObject({ counted: 8, outcome: 'counted' });
    });

    it('does not count an activity on validUntil itself', () => {
      expect(single('2020-06-01')).toMatchObject({ counted: 0, outcome: 'outside-cycle' });
    });
  });

  describe('computeBasis', () => {
    it('records the scheme and its requirement', () => {
      const state = foldProfessional([...admittedWithPlan()]);
      const basis = computeBasis(state, { from: '2016-01-01', until: '2020-01-01' }, '2019-12-31', {
        ...BVK_2016,
        schemeId: 'bvk-test',
        pointsRequired: 120,
      });
      expect(basis).toMatchObject({ schemeId: 'bvk-test', pointsRequired: 120, total: 0 });
      expect(basis.shortfalls[0]).toBe('0 of 120 points');
    });

    it('does not change the state it reads', () => {
      const state = foldProfessional([...admittedWithPlan(), ...qualifyingActivities(ON)]);
      const before = structuredClone(state);
      computeBasis(state, { from: '2016-01-01', until: '2020-01-01' }, '2019-12-31', BVK_2016);
      expect(state).toEqual(before);
    });

    it('counts nothing of a category the scheme in force no longer has, and says so', () => {
      const state = foldProfessional([...admittedWithPlan(), ...qualifyingActivities(ON)]);
      const withoutFreeSpace = {
        ...BVK_2016,
        schemeId: 'bvk-no-free-space',
        categories: BVK_2016.categories.filter((category) => category.id !== 'vrije-ruimte'),
      };
      const basis = computeBasis(
        state,
        { from: '2012-01-01', until: '2020-01-01' },
        ON,
        withoutFreeSpace,
      );
      const dropped = basis.activities.filter((activity) => activity.category === 'vrije-ruimte');
      expect(dropped.length).toBeGreaterThan(0);
      expect(
        dropped.every((activity) => activity.outcome === 'not-in-scheme' && activity.counted === 0),
      ).toBe(true);
      expect(basis.total).toBe(120);
    });
  });
});
