import {
  PLAN,
  PROFESSIONAL_ID,
  admissionRefused,
  admitted,
  approvedActivity,
  certified,
  certifiedProfessional,
  expired,
  givenProfessional,
  granted,
  planSet,
  qualifyingActivities,
  refused,
  registered,
  renewalRequested,
  requested,
  revoked,
  schemeVersion,
  suspended,
  withdrew,
  type HistoryItem,
} from '@vakregister/testing';
import {
  BVK_2016,
  certificateValidOn,
  foldProfessional,
  onTimeRenewalPending,
  pendingRequest,
  renewalWindow,
  type DecideCertification,
  type ProfessionalEvent,
} from '@vakregister/certification';

const REQUEST = { type: 'RequestCertification', data: {} } as const;
const EXPIRE = { type: 'ExpireCertificate', data: {} } as const;
const grant = (requestId: string): DecideCertification => ({
  type: 'DecideCertification',
  data: { requestId, outcome: 'granted', reasons: ['meets the scheme'] },
});
const refuse = (requestId: string, reasons = ['too few points']): DecideCertification => ({
  type: 'DecideCertification',
  data: { requestId, outcome: 'refused', reasons },
});

const admittedWithPlan = (): ProfessionalEvent[] => [registered(), admitted(), planSet()];
/** 160 points inside the first certificate's cycle [2016-06-01, 2020-06-01) as well. */
const enoughPoints = () => qualifyingActivities('2018-03-01');

describe('certification', () => {
  describe('RequestCertification', () => {
    it('accepts a first request from an admitted professional, whatever the points', () => {
      givenProfessional(registered(), admitted())
        .on('2016-05-13')
        .when(REQUEST)
        .then([
          {
            type: 'CertificationRequested',
            data: {
              professionalId: PROFESSIONAL_ID,
              requestId: 'id-1',
              requestedOn: '2016-05-13',
              schemeId: 'bvk-2016',
              kind: 'first',
              // [request date − 4 years, request date], half-open.
              cycle: { from: '2012-05-13', until: '2016-05-14' },
            },
          },
        ]);
    });

    it('puts the professional in renewal-pending without changing the status', () => {
      const state = givenProfessional(certifiedProfessional())
        .on('2020-01-15')
        .when(REQUEST)
        .stateAfter();
      expect(state.status).toBe('certified');
      expect(pendingRequest(state)).toMatchObject({ requestId: 'id-1', status: 'pending' });
      expect(onTimeRenewalPending(state)).toBe(true);
    });

    it.each([
      ['an applicant', [registered()]],
      ['refused admission', [registered(), admissionRefused()]],
      ['suspended', [...certifiedProfessional(), suspended('s-1', '2019-12-10', '2020-02-01')]],
      ['revoked', [...certifiedProfessional(), revoked('2019-12-10')]],
      ['withdrawn', [...certifiedProfessional(), withdrew('2019-12-10')]],
    ])('is not open to a professional who is %s (409)', (_label, history) => {
      givenProfessional(history)
        .on('2020-01-15')
        .when(REQUEST)
        .thenThrows('state', 'Cannot request certification');
    });

    it('refuses a second request while one is waiting (409)', () => {
      givenProfessional(registered(), admitted(), requested('r-1', '2016-05-01'))
        .on('2016-05-13')
        .when(REQUEST)
        .thenThrows('state', 'r-1');
    });

    it('is 404 for a professional who is not registered', () => {
      givenProfessional().when(REQUEST).thenThrows('not-found');
    });

    it.each([
      ['refused', refused('r-1', '2016-05-20')],
      [
        'withdrawn',
        {
          type: 'CertificationRequestWithdrawn',
          data: { professionalId: PROFESSIONAL_ID, requestId: 'r-1' },
        },
      ],
    ] as const)('may be made again after the last one was %s', (_label, decision) => {
      const [event] = givenProfessional(
        registered(),
        admitted(),
        requested('r-1', '2016-05-01'),
        decision,
      )
        .on('2016-06-01')
        .when(REQUEST)
        .events();
      expect(event).toMatchObject({
        type: 'CertificationRequested',
        data: { kind: 'first', requestedOn: '2016-06-01' },
      });
    });

    it('is a first request again after expiry', () => {
      const [event] = givenProfessional(certifiedProfessional(), expired('2020-06-01'))
        .on('2020-09-01')
        .when(REQUEST)
        .events();
      expect(event).toMatchObject({
        data: { kind: 'first', cycle: { from: '2016-09-01', until: '2020-09-02' } },
      });
    });

    describe('the renewal window [validUntil − 6 months, validUntil)', () => {
      // The certificate is valid [2016-06-01, 2020-06-01): the window opens on 2019-12-01.
      const renewal = (requestedOn: string): ProfessionalEvent => ({
        type: 'CertificationRequested',
        data: {
          professionalId: PROFESSIONAL_ID,
          requestId: 'id-1',
          requestedOn,
          schemeId: 'bvk-2016',
          kind: 'renewal',
          cycle: { from: '2016-06-01', until: '2020-06-01' },
          renews: 'cert-1',
        },
      });

      it('accepts a renewal on the first day of the window', () => {
        givenProfessional(certifiedProfessional())
          .on('2019-12-01')
          .when(REQUEST)
          .then([renewal('2019-12-01')]);
      });

      it('refuses the day before the window opens (422), naming the window', () => {
        givenProfessional(certifiedProfessional())
          .on('2019-11-30')
          .when(REQUEST)
          .thenThrows('rule', 'Renewal can be requested from 2019-12-01 until 2020-05-31');
      });

      it('refuses long before the window (422)', () => {
        givenProfessional(certifiedProfessional())
          .on('2017-01-01')
          .when(REQUEST)
          .thenThrows('rule');
      });

      it('accepts a renewal on the last day of the window (validUntil − 1 day)', () => {
        givenProfessional(certifiedProfessional())
          .on('2020-05-31')
          .when(REQUEST)
          .then([renewal('2020-05-31')]);
      });

      it('takes a request on validUntil itself as a first request: the certificate lapsed', () => {
        // No CertificateExpired yet: validity follows from the dates, not from when a job ran.
        const [event] = givenProfessional(certifiedProfessional())
          .on('2020-06-01')
          .when(REQUEST)
          .events();
        expect(event).toMatchObject({
          type: 'CertificationRequested',
          data: { kind: 'first', cycle: { from: '2016-06-01', until: '2020-06-02' } },
        });
        expect(event.data).not.toHaveProperty('renews');
      });

      it('clamps to February: validUntil 2020-08-31 opens the window on 2020-02-29', () => {
        const history = [registered(), admitted(), ...certified({ validFrom: '2016-08-31' })];
        expect(foldProfessional(history).certificate?.validUntil).toBe('2020-08-31');
        expect(givenProfessional(history).on('2020-02-29').when(REQUEST).events()[0]).toMatchObject(
          {
            data: { kind: 'renewal', requestedOn: '2020-02-29' },
          },
        );
        givenProfessional(history)
          .on('2020-02-28')
          .when(REQUEST)
          .thenThrows('rule', 'from 2020-02-29 until 2020-08-30');
      });

      it('may renew again after a refused renewal, still inside the window', () => {
        const [event] = givenProfessional(
          certifiedProfessional(),
          renewalRequested('r-2', '2020-01-15'),
          refused('r-2', '2020-02-01'),
        )
          .on('2020-02-02')
          .when(REQUEST)
          .events();
        expect(event).toMatchObject({ data: { kind: 'renewal', renews: 'cert-1' } });
      });

      it('renewalWindow computes the same window', () => {
        expect(renewalWindow('2020-08-31', BVK_2016)).toEqual({
          from: '2020-02-29',
          until: '2020-08-31',
        });
        expect(renewalWindow('2020-06-01', BVK_2016)).toEqual({
          from: '2019-12-01',
          until: '2020-06-01',
        });
      });
    });
  });

  describe('DecideCertification', () => {
    const firstRequest = (): HistoryItem[] => [
      admittedWithPlan(),
      qualifyingActivities('2016-03-01'),
      requested('r-1', '2016-05-13'),
    ];

    it('grants a first certificate from the decision date for 4 years', () => {
      const [event] = givenProfessional(...firstRequest())
        .on('2016-05-20')
        .when(grant('r-1'))
        .events();
      expect(event.type).toBe('CertificateGranted');
      expect(event.data).toMatchObject({
        professionalId: PROFESSIONAL_ID,
        decisionId: 'id-1',
        certificateId: 'id-2',
        requestId: 'r-1',
        validFrom: '2016-05-20',
        validUntil: '2020-05-20',
        decidedOn: '2016-05-20',
        schemeId: 'bvk-2016',
        reasons: ['meets the scheme'],
      });
      expect(event.type === 'CertificateGranted' && event.data.basis).toMatchObject({
        total: 160,
        shortfalls: [],
        cycle: { from: '2012-05-13', until: '2016-05-14' },
        planCompetencies: PLAN,
      });
    });

    it('makes the professional certified with that certificate', () => {
      const state = givenProfessional(...firstRequest())
        .on('2016-05-20')
        .when(grant('r-1'))
        .stateAfter();
      expect(state.status).toBe('certified');
      expect(state.certificate).toEqual({
        certificateId: 'id-2',
        validFrom: '2016-05-20',
        validUntil: '2020-05-20',
        status: 'valid',
      });
      expect(state.requests['r-1'].status).toBe('granted');
    });

    it('refuses to grant what the rules do not support (422), listing every shortfall', () => {
      const error = givenProfessional(
        registered(),
        admitted(),
        approvedActivity('a-1', { category: 'scholing', hours: 40, completedOn: '2016-03-01' }),
        requested('r-1', '2016-05-13'),
      )
        .on('2016-05-20')
        .when(grant('r-1'))
        .thenThrows('rule', 'do not support granting');
      expect(error.message).toContain('40 of 160 points');
      expect(error.message).toContain('40 of at least 60 points in scholing');
      expect(error.message).toContain('0 of at least 40 points in reflectie');
      expect(error.message).toContain('no development plan in force on 2016-05-13');
    });

    it('refuses with reasons, and records the basis it looked at', () => {
      const [event] = givenProfessional(...firstRequest())
        .on('2016-05-20')
        .when(refuse('r-1', ['evidence missing']))
        .events();
      expect(event).toMatchObject({
        type: 'CertificationRefused',
        data: {
          decisionId: 'id-1',
          requestId: 'r-1',
          decidedOn: '2016-05-20',
          schemeId: 'bvk-2016',
          reasons: ['evidence missing'],
          basis: { total: 160, shortfalls: [] },
        },
      });
    });

    it('leaves the professional admitted after a refused first request', () => {
      const state = givenProfessional(...firstRequest())
        .when(refuse('r-1'))
        .stateAfter();
      expect(state.status).toBe('admitted');
      expect(state.requests['r-1'].status).toBe('refused');
      expect(Object.keys(state.decisions)).toContain('id-1');
    });

    it('needs at least one reason to refuse (400)', () => {
      givenProfessional(...firstRequest())
        .when(refuse('r-1', []))
        .thenThrows('invalid', 'at least one reason');
    });

    it.each([
      ['granted', granted('r-1', { certificateId: 'c-1', validFrom: '2016-05-20' })],
      ['refused', refused('r-1', '2016-05-20')],
      [
        'withdrawn',
        {
          type: 'CertificationRequestWithdrawn',
          data: { professionalId: PROFESSIONAL_ID, requestId: 'r-1' },
        },
      ],
    ] as const)('cannot decide a request that was already %s (409)', (status, decision) => {
      givenProfessional(...firstRequest(), decision)
        .on('2016-06-01')
        .when(grant('r-1'))
        .thenThrows('state', `already been ${status}`);
      givenProfessional(...firstRequest(), decision)
        .on('2016-06-01')
        .when(refuse('r-1'))
        .thenThrows('state');
    });

    it('is 404 for a request this professional did not make', () => {
      givenProfessional(...firstRequest())
        .when(grant('r-9'))
        .thenThrows('not-found', 'r-9');
    });

    it('is 404 for a professional who is not registered', () => {
      givenProfessional().when(grant('r-1')).thenThrows('not-found');
    });

    it('cannot decide once the certificate has been revoked (409)', () => {
      givenProfessional(
        certifiedProfessional(),
        enoughPoints(),
        renewalRequested('r-2', '2020-01-15'),
        revoked('2020-02-01'),
      )
        .on('2020-02-10')
        .when(grant('r-2'))
        .thenThrows('state', 'Cannot decide on certification');
    });

    describe('renewal', () => {
      const renewalPending = (): HistoryItem[] => [
        certifiedProfessional(),
        enoughPoints(),
        renewalRequested('r-2', '2020-01-15'),
      ];

      it('continues the cycle from the old validUntil when granted on time', () => {
        const [event] = givenProfessional(...renewalPending())
          .on('2020-03-01')
          .when(grant('r-2'))
          .events();
        expect(event.data).toMatchObject({
          validFrom: '2020-06-01',
          validUntil: '2024-06-01',
          decidedOn: '2020-03-01',
        });
      });

      it('continues from the old validUntil even when decided after it', () => {
        const [event] = givenProfessional(...renewalPending())
          .on('2020-07-15')
          .when(grant('r-2'))
          .events();
        expect(event.data).toMatchObject({
          validFrom: '2020-06-01',
          validUntil: '2024-06-01',
          decidedOn: '2020-07-15',
        });
      });

      it('judges the renewal by the points of the current cycle', () => {
        const [event] = givenProfessional(...renewalPending())
          .on('2020-03-01')
          .when(refuse('r-2'))
          .events();
        expect(event.type === 'CertificationRefused' && event.data.basis.cycle).toEqual({
          from: '2016-06-01',
          until: '2020-06-01',
        });
      });

      it('does not count the points of the previous cycle again', () => {
        // The activities of the first cycle lie before 2016-06-01.
        const history = [
          registered(),
          admitted(),
          planSet(),
          qualifyingActivities('2016-03-01'),
          ...certified(),
          renewalRequested('r-2', '2020-01-15'),
        ];
        givenProfessional(history)
          .on('2020-03-01')
          .when(grant('r-2'))
          .thenThrows('rule', '0 of 160 points');
      });

      it('starts from the decision date after a lapse (a first request on validUntil)', () => {
        const [event] = givenProfessional(
          certifiedProfessional(),
          enoughPoints(),
          requested('r-2', '2020-06-01'),
        )
          .on('2020-06-15')
          .when(grant('r-2'))
          .events();
        expect(event.data).toMatchObject({ validFrom: '2020-06-15', validUntil: '2024-06-15' });
      });

      it('may be decided while the professional is suspended', () => {
        const [event] = givenProfessional(
          ...renewalPending(),
          suspended('s-1', '2020-02-01', '2020-04-01'),
        )
          .on('2020-03-01')
          .when(grant('r-2'))
          .events();
        expect(event.type).toBe('CertificateGranted');
      });
    });

    describe('the scheme in force on the decision date', () => {
      // A later scheme version asks 120 points from 2020-01-01.
      const bvk2020 = schemeVersion({
        schemeId: 'bvk-2020',
        effectiveFrom: '2020-01-01',
        pointsRequired: 120,
      });
      const history = [
        admittedWithPlan(),
        approvedActivity('s-1', { category: 'scholing', hours: 40, completedOn: '2018-03-01' }),
        approvedActivity('s-2', { category: 'scholing', hours: 20, completedOn: '2018-03-01' }),
        approvedActivity('r-1', { category: 'reflectie', hours: 40, completedOn: '2018-03-01' }),
        approvedActivity('v-1', { category: 'vrije-ruimte', hours: 20, completedOn: '2018-03-01' }),
        requested('req', '2019-12-15'),
      ];
      const scenario = givenProfessional(history).withSchemes(BVK_2016, bvk2020);

      it('judges a decision before the new version by the old one', () => {
        scenario
          .on('2019-12-31')
          .when(grant('req'))
          .thenThrows('rule', 'The rules of bvk-2016 do not support granting: 120 of 160 points');
      });

      it('judges a decision after it by the new one, and records which', () => {
        const [event] = scenario.on('2020-01-02').when(grant('req')).events();
        expect(event).toMatchObject({
          type: 'CertificateGranted',
          data: {
            schemeId: 'bvk-2020',
            basis: { schemeId: 'bvk-2020', pointsRequired: 120, total: 120, shortfalls: [] },
          },
        });
      });

      it('takes the cycle length of the version in force on the decision date', () => {
        const fiveYears = schemeVersion({
          schemeId: 'bvk-2020',
          effectiveFrom: '2020-01-01',
          cycleYears: 5,
          pointsRequired: 120,
        });
        const [event] = givenProfessional(history)
          .withSchemes(BVK_2016, fiveYears)
          .on('2020-01-02')
          .when(grant('req'))
          .events();
        expect(event.data).toMatchObject({ validFrom: '2020-01-02', validUntil: '2025-01-02' });
      });
    });
  });

  describe('WithdrawCertificationRequest', () => {
    it('withdraws a request that waits for a decision', () => {
      givenProfessional(registered(), admitted(), requested('r-1', '2016-05-13'))
        .when({
          type: 'WithdrawCertificationRequest',
          data: { requestId: 'r-1', reason: 'not ready yet' },
        })
        .then([
          {
            type: 'CertificationRequestWithdrawn',
            data: { professionalId: PROFESSIONAL_ID, requestId: 'r-1', reason: 'not ready yet' },
          },
        ]);
    });

    it.each([
      ['granted', granted('r-1', { certificateId: 'c-1', validFrom: '2016-05-20' })],
      ['refused', refused('r-1', '2016-05-20')],
    ] as const)('cannot withdraw a request that was %s (409)', (status, decision) => {
      givenProfessional(registered(), admitted(), requested('r-1', '2016-05-13'), decision)
        .when({ type: 'WithdrawCertificationRequest', data: { requestId: 'r-1' } })
        .thenThrows('state', `this one is ${status}`);
    });

    it('cannot withdraw twice (409)', () => {
      givenProfessional(registered(), admitted(), requested('r-1', '2016-05-13'), {
        type: 'CertificationRequestWithdrawn',
        data: { professionalId: PROFESSIONAL_ID, requestId: 'r-1' },
      })
        .when({ type: 'WithdrawCertificationRequest', data: { requestId: 'r-1' } })
        .thenThrows('state');
    });

    it('is 404 for a request this professional did not make', () => {
      givenProfessional(registered(), admitted())
        .when({ type: 'WithdrawCertificationRequest', data: { requestId: 'r-1' } })
        .thenThrows('not-found');
    });
  });

  describe('ExpireCertificate', () => {
    const expiry = (expiredOn = '2020-06-01'): ProfessionalEvent => ({
      type: 'CertificateExpired',
      data: { professionalId: PROFESSIONAL_ID, certificateId: 'cert-1', expiredOn },
    });

    it('does nothing before validUntil', () => {
      givenProfessional(certifiedProfessional()).on('2020-05-31').when(EXPIRE).thenNothing();
    });

    it('records the expiry on validUntil', () => {
      givenProfessional(certifiedProfessional()).on('2020-06-01').when(EXPIRE).then([expiry()]);
    });

    it('dates the expiry on validUntil even when the job runs late', () => {
      givenProfessional(certifiedProfessional())
        .on('2020-06-20')
        .when(EXPIRE)
        .then([expiry('2020-06-01')]);
    });

    it('makes the professional expired', () => {
      const state = givenProfessional(certifiedProfessional())
        .on('2020-06-01')
        .when(EXPIRE)
        .stateAfter();
      expect(state.status).toBe('expired');
      expect(state.certificate?.status).toBe('expired');
    });

    it('does nothing while an on-time renewal is pending', () => {
      const history = [certifiedProfessional(), renewalRequested('r-2', '2020-05-31')];
      givenProfessional(history).on('2020-06-01').when(EXPIRE).thenNothing();
      givenProfessional(history).on('2021-06-01').when(EXPIRE).thenNothing();
    });

    it('expires after a renewal refused before validUntil', () => {
      givenProfessional(
        certifiedProfessional(),
        renewalRequested('r-2', '2020-01-15'),
        refused('r-2', '2020-03-01'),
      )
        .on('2020-06-01')
        .when(EXPIRE)
        .then([expiry()]);
    });

    it('expires, dated validUntil, after a renewal refused after validUntil', () => {
      givenProfessional(
        certifiedProfessional(),
        renewalRequested('r-2', '2020-05-01'),
        refused('r-2', '2020-07-01'),
      )
        .on('2020-07-01')
        .when(EXPIRE)
        .then([expiry('2020-06-01')]);
    });

    it('expires after a withdrawn renewal', () => {
      givenProfessional(certifiedProfessional(), renewalRequested('r-2', '2020-01-15'), {
        type: 'CertificationRequestWithdrawn',
        data: { professionalId: PROFESSIONAL_ID, requestId: 'r-2' },
      })
        .on('2020-06-01')
        .when(EXPIRE)
        .then([expiry()]);
    });

    it('expires although a first request made after the lapse is pending', () => {
      givenProfessional(certifiedProfessional(), requested('r-2', '2020-06-01'))
        .on('2020-06-02')
        .when(EXPIRE)
        .then([expiry()]);
    });

    it('is idempotent: nothing once the expiry is recorded', () => {
      givenProfessional(certifiedProfessional(), expiry())
        .on('2020-06-02')
        .when(EXPIRE)
        .thenNothing();
    });

    it('expires a suspended certificate and ends the suspension with it', () => {
      const scenario = givenProfessional(
        certifiedProfessional(),
        suspended('s-1', '2020-03-01', '2021-03-01'),
      ).on('2020-06-01');
      scenario.when(EXPIRE).then([expiry()]);
      const state = scenario.when(EXPIRE).stateAfter();
      expect(state.status).toBe('expired');
      expect(state.suspension).toBeUndefined();
    });

    it.each([
      ['not registered', []],
      ['admitted without a certificate', [registered(), admitted()]],
      ['revoked', [...certifiedProfessional(), revoked('2018-01-01')]],
      ['withdrawn', [...certifiedProfessional(), withdrew('2018-01-01')]],
    ])('does nothing for a professional who is %s', (_label, history) => {
      givenProfessional(history).on('2021-01-01').when(EXPIRE).thenNothing();
    });
  });

  describe('certificateValidOn', () => {
    it('follows the dates: [validFrom, validUntil)', () => {
      const state = foldProfessional(certifiedProfessional());
      expect(certificateValidOn(state, '2016-05-31')).toBe(false);
      expect(certificateValidOn(state, '2016-06-01')).toBe(true);
      expect(certificateValidOn(state, '2020-05-31')).toBe(true);
      expect(certificateValidOn(state, '2020-06-01')).toBe(false);
    });

    it('is false for a revoked certificate', () => {
      expect(
        certificateValidOn(
          foldProfessional([...certifiedProfessional(), revoked('2018-01-01')]),
          '2018-02-01',
        ),
      ).toBe(false);
    });

    // BUG: a renewal granted before validUntil replaces the certificate in the state by the new
    // one, which starts at the old validUntil; until then the old certificate is still in force.
    it('stays true between an on-time renewal decision and the old validUntil', () => {
      const state = foldProfessional([
        ...certifiedProfessional(),
        renewalRequested('r-2', '2020-01-15'),
        granted('r-2', {
          certificateId: 'cert-2',
          validFrom: '2020-06-01',
          decidedOn: '2020-03-01',
        }),
      ]);
      expect(certificateValidOn(state, '2020-03-02')).toBe(true);
      expect(certificateValidOn(state, '2020-06-01')).toBe(true);
    });

    // BUG: PRODUCT.md: "the professional stays certified while it [an on-time renewal] is pending".
    it('stays true after validUntil while an on-time renewal is pending', () => {
      const state = foldProfessional([
        ...certifiedProfessional(),
        renewalRequested('r-2', '2020-05-01'),
      ]);
      expect(state.status).toBe('certified');
      expect(certificateValidOn(state, '2020-06-10')).toBe(true);
    });
  });
});
