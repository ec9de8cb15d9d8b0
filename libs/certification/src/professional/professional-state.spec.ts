import {
  PLAN,
  PROFESSIONAL_ID,
  REGISTRATION_NUMBER,
  admissionRefused,
  admitted,
  approvedActivity,
  expired,
  granted,
  loggedActivity,
  planSet,
  professionalLife,
  refused,
  registered,
  rejectedActivity,
  renewalRequested,
  requested,
  revoked,
  suspended,
  suspensionEnded,
  suspensionLifted,
  withdrew,
} from '@vakregister/testing';
import {
  EVENT_SCHEMA_VERSIONS,
  evolveProfessional,
  foldProfessional,
  initialProfessionalState,
  type ProfessionalCommand,
  type ProfessionalEvent,
  type ProfessionalEventType,
} from '@vakregister/certification';

const activity = { category: 'scholing', hours: 8, completedOn: '2016-03-01' };

/** One event of every type; the Record type makes the compiler insist on every one. */
const ONE_OF_EACH: Record<ProfessionalEventType, ProfessionalEvent> = {
  ProfessionalRegistered: registered(),
  ProfessionalDetailsCorrected: {
    type: 'ProfessionalDetailsCorrected',
    data: {
      professionalId: PROFESSIONAL_ID,
      changes: { municipality: 'Den Haag' },
      reason: 'moved',
    },
  },
  AdmissionGranted: admitted(),
  AdmissionRefused: admissionRefused(),
  DevelopmentPlanSet: planSet(),
  ActivityLogged: loggedActivity('a-1', activity),
  ActivityWithdrawn: {
    type: 'ActivityWithdrawn',
    data: { professionalId: PROFESSIONAL_ID, activityId: 'a-1' },
  },
  ActivityApproved: approvedActivity('a-1', activity)[1],
  ActivityRejected: rejectedActivity('a-1', activity)[1],
  CertificationRequested: requested('r-1', '2016-05-13'),
  CertificationRequestWithdrawn: {
    type: 'CertificationRequestWithdrawn',
    data: { professionalId: PROFESSIONAL_ID, requestId: 'r-1' },
  },
  CertificateGranted: granted('r-1', { certificateId: 'cert-1', validFrom: '2016-06-01' }),
  CertificationRefused: refused('r-1', '2016-05-20'),
  CertificateSuspended: suspended('s-1', '2017-01-10', '2017-07-10'),
  SuspensionLifted: suspensionLifted('s-1', '2017-03-01'),
  SuspensionEnded: suspensionEnded('s-1', '2017-07-10'),
  CertificateRevoked: revoked('2018-01-01'),
  CertificateExpired: expired('2020-06-01'),
  ProfessionalWithdrew: withdrew('2020-07-01'),
  ObjectionLodged: {
    type: 'ObjectionLodged',
    data: {
      professionalId: PROFESSIONAL_ID,
      objectionId: 'o-1',
      decisionId: 'rev',
      lodgedOn: '2018-01-05',
      termEndsOn: '2018-02-12',
      dueBy: '2018-03-26',
      advisoryCommittee: false,
      grounds: 'The complaint was withdrawn',
    },
  },
  ObjectionDeadlineExtended: {
    type: 'ObjectionDeadlineExtended',
    data: {
      professionalId: PROFESSIONAL_ID,
      objectionId: 'o-1',
      dueBy: '2018-05-07',
      reason: 'hearing',
    },
  },
  ObjectionDecided: {
    type: 'ObjectionDecided',
    data: {
      professionalId: PROFESSIONAL_ID,
      objectionId: 'o-1',
      decisionId: 'od-1',
      contestedDecisionId: 'rev',
      outcome: 'rejected',
      decidedOn: '2018-03-01',
      reasons: ['no new facts'],
    },
  },
  ActivityReviewCorrected: {
    type: 'ActivityReviewCorrected',
    data: {
      professionalId: PROFESSIONAL_ID,
      activityId: 'a-1',
      outcome: 'approved',
      reason: 'accredited after all',
      objectionId: 'o-1',
      reviewedOn: '2018-02-01',
    },
  },
  PersonalDataErased: {
    type: 'PersonalDataErased',
    data: { professionalId: PROFESSIONAL_ID, erasedOn: '2030-01-01', basis: 'retention' },
  },
  RevocationReversed: {
    type: 'RevocationReversed',
    data: {
      professionalId: PROFESSIONAL_ID,
      decisionId: 'rr-1',
      reversedDecisionId: 'rev',
      objectionId: 'o-1',
      reversedOn: '2018-03-01',
    },
  },
};

describe('professional state (evolve)', () => {
  describe('folding is total', () => {
    it('covers every professional event type the schema lists', () => {
      const professionalTypes = Object.keys(EVENT_SCHEMA_VERSIONS).filter(
        (type) =>
          !['SchemePublished', 'RegistrationNumberAssigned', 'AuditSampleDrawn'].includes(type),
      );
      expect(Object.keys(ONE_OF_EACH).sort()).toEqual(professionalTypes.sort());
    });

    it.each(Object.values(ONE_OF_EACH).map((event) => [event.type, event] as const))(
      'folds %s onto the initial state without throwing',
      (_type, event) => {
        expect(evolveProfessional(initialProfessionalState, event)).toEqual(expect.any(Object));
      },
    );

    it('folds every event type in sequence', () => {
      const state = foldProfessional(Object.values(ONE_OF_EACH));
      expect(state.status).toBe('withdrawn');
      expect(state.certificate?.status).toBe('expired');
    });

    it('throws on an event type it does not know, naming it', () => {
      const unknown = { type: 'CertificateLaminated', data: {} } as unknown as ProfessionalEvent;
      expect(() => evolveProfessional(initialProfessionalState, unknown)).toThrow(
        'CertificateLaminated',
      );
    });

    it('ignores reviews and decisions for activities and requests it does not know', () => {
      const before = foldProfessional([registered(), admitted()]);
      const after = [
        approvedActivity('ghost', activity)[1],
        ONE_OF_EACH.ActivityWithdrawn,
        ONE_OF_EACH.CertificationRequestWithdrawn,
      ].reduce(evolveProfessional, before);
      expect(after).toEqual(before);
    });
  });

  describe('folding is deterministic and pure', () => {
    const history = Object.values(ONE_OF_EACH);

    it('folds the same events to the same state', () => {
      expect(foldProfessional(history)).toEqual(foldProfessional(history));
    });

    it('changes neither the events nor the initial state', () => {
      const events = structuredClone(history);
      const initial = structuredClone(initialProfessionalState);
      foldProfessional(history);
      expect(history).toEqual(events);
      expect(initialProfessionalState).toEqual(initial);
    });

    it('starts from the initial state', () => {
      expect(foldProfessional([])).toEqual(initialProfessionalState);
      expect(initialProfessionalState.registered).toBe(false);
    });
  });

  describe('single transitions', () => {
    it('registers an applicant with the details the deciders need', () => {
      expect(foldProfessional([registered()])).toMatchObject({
        registered: true,
        professionalId: PROFESSIONAL_ID,
        registrationNumber: REGISTRATION_NUMBER,
        status: 'applicant',
        details: { municipality: 'Nijmegen', sector: 'werk', experienceYears: 5, codeSigned: true },
      });
    });

    it('corrects details it keeps and leaves the rest', () => {
      const state = foldProfessional([
        registered(),
        {
          type: 'ProfessionalDetailsCorrected',
          data: {
            professionalId: PROFESSIONAL_ID,
            changes: { sector: 'zorg', name: 'F. el Amrani' },
            reason: 'typo',
          },
        },
      ]);
      expect(state.details).toMatchObject({ municipality: 'Nijmegen', sector: 'zorg' });
      expect(state.details).not.toHaveProperty('name');
    });

    it('keeps plans in the order they were set', () => {
      const later = ['methodisch-werken', 'analyse-en-diagnose'];
      const state = foldProfessional([
        registered(),
        admitted(),
        planSet(PLAN, '2016-01-15'),
        planSet(later, '2018-01-01'),
      ]);
      expect(state.plans).toEqual([
        { competencies: PLAN, effectiveFrom: '2016-01-15' },
        { competencies: later, effectiveFrom: '2018-01-01' },
      ]);
    });

    it.each([
      ['logged', [loggedActivity('a-1', activity)]],
      ['approved', approvedActivity('a-1', activity)],
      ['rejected', rejectedActivity('a-1', activity)],
      ['withdrawn', [loggedActivity('a-1', activity), ONE_OF_EACH.ActivityWithdrawn]],
    ])('tracks an activity that is %s', (status, events) => {
      const state = foldProfessional([registered(), admitted(), ...events]);
      expect(state.activities['a-1']).toEqual({
        activityId: 'a-1',
        category: 'scholing',
        hours: 8,
        competencies: PLAN,
        completedOn: '2016-03-01',
        status,
      });
    });

    it('returns to certified when a suspension is lifted or ends, not from another status', () => {
      const base = [
        registered(),
        admitted(),
        requested('r-1', '2016-05-13'),
        ONE_OF_EACH.CertificateGranted,
      ];
      const s = ONE_OF_EACH.CertificateSuspended;
      expect(foldProfessional([...base, s, suspensionLifted('s-1', '2017-03-01')]).status).toBe(
        'certified',
      );
      expect(foldProfessional([...base, s, suspensionEnded('s-1', '2017-07-10')]).status).toBe(
        'certified',
      );
      expect(
        foldProfessional([...base, s, withdrew('2017-02-01'), suspensionEnded('s-1', '2017-07-10')])
          .status,
      ).toBe('withdrawn');
    });

    it('does not turn a withdrawn professional into an expired one', () => {
      const base = [
        registered(),
        admitted(),
        requested('r-1', '2016-05-13'),
        ONE_OF_EACH.CertificateGranted,
      ];
      const state = foldProfessional([...base, withdrew('2018-01-01'), expired('2020-06-01')]);
      expect(state.status).toBe('withdrawn');
      expect(state.certificate?.status).toBe('expired');
    });

    it('remembers every decision id, in order', () => {
      const state = foldProfessional([
        registered(),
        admitted('2016-01-15', 'adm'),
        requested('r-1', '2016-05-13'),
        refused('r-1', '2016-05-20', 'ref'),
        requested('r-2', '2016-06-01'),
        granted('r-2', { certificateId: 'c', validFrom: '2016-06-10', decisionId: 'gr' }),
        suspended('sus', '2017-01-10', '2017-02-10', 'c'),
        revoked('2017-01-20', 'rev', 'c'),
      ]);
      expect(Object.keys(state.decisions)).toEqual(['adm', 'ref', 'gr', 'sus', 'rev']);
    });
  });

  describe('a full life, decided command by command', () => {
    function live() {
      const life = professionalLife();
      const logAndApprove = (on: string, category: string, hours: number) => {
        const [logged] = life.decide(on, {
          type: 'LogActivity',
          data: { title: category, category, hours, competencies: PLAN, completedOn: on },
        });
        life.decide(on, {
          type: 'ReviewActivity',
          data: {
            activityId: logged.type === 'ActivityLogged' ? logged.data.activityId : '?',
            outcome: 'approved',
            reason: 'ok',
          },
        });
      };
      const decideLast = (on: string, outcome: 'granted' | 'refused') => {
        const request = Object.values(life.state.requests).find((r) => r.status === 'pending');
        const command: ProfessionalCommand = {
          type: 'DecideCertification',
          data: { requestId: request?.requestId ?? '?', outcome, reasons: ['as the basis shows'] },
        };
        return life.decide(on, command);
      };

      const { registeredOn: _registeredOn, ...details } = registered().data;
      life.decide('2016-01-04', { type: 'RegisterProfessional', data: details });
      life.decide('2016-01-15', {
        type: 'DecideAdmission',
        data: { outcome: 'admitted', reasons: ['meets all'] },
      });
      life.decide('2016-01-20', { type: 'SetDevelopmentPlan', data: { competencies: PLAN } });
      for (const [on, category] of [
        ['2016-02-01', 'scholing'],
        ['2016-02-15', 'scholing'],
        ['2016-03-01', 'reflectie'],
        ['2016-04-01', 'vrije-ruimte'],
      ]) {
        logAndApprove(on, category, 40);
      }
      life.decide('2016-05-13', { type: 'RequestCertification', data: {} });
      decideLast('2016-05-20', 'granted');
      life.decide('2017-01-10', {
        type: 'SuspendCertificate',
        data: { until: '2017-04-10', reason: 'complaint' },
      });
      life.decide('2017-04-09', { type: 'EndSuspension', data: {} });
      life.decide('2017-04-10', { type: 'EndSuspension', data: {} });
      for (const [on, category] of [
        ['2017-09-01', 'scholing'],
        ['2018-02-01', 'scholing'],
        ['2018-09-01', 'reflectie'],
        ['2019-03-01', 'vrije-ruimte'],
      ]) {
        logAndApprove(on, category, 40);
      }
      life.decide('2019-12-01', { type: 'RequestCertification', data: {} });
      life.decide('2020-05-20', { type: 'ExpireCertificate', data: {} });
      decideLast('2020-06-15', 'granted');
      life.decide('2024-05-19', { type: 'ExpireCertificate', data: {} });
      life.decide('2024-05-20', { type: 'ExpireCertificate', data: {} });
      life.decide('2024-05-21', { type: 'ExpireCertificate', data: {} });
      life.decide('2024-06-01', { type: 'WithdrawProfessional', data: { reason: 'retired' } });
      return life;
    }

    it('records the expected events, and no others', () => {
      expect(live().events.map((event) => event.type)).toEqual([
        'ProfessionalRegistered',
        'AdmissionGranted',
        'DevelopmentPlanSet',
        ...Array(4).fill(['ActivityLogged', 'ActivityApproved']).flat(),
        'CertificationRequested',
        'CertificateGranted',
        'CertificateSuspended',
        'SuspensionEnded',
        ...Array(4).fill(['ActivityLogged', 'ActivityApproved']).flat(),
        'CertificationRequested',
        'CertificateGranted',
        'CertificateExpired',
        'ProfessionalWithdrew',
      ]);
    });

    it('ends in the state its history implies', () => {
      const state = live().state;
      expect(state.status).toBe('withdrawn');
      // The renewal was decided late but continues from the first certificate's validUntil.
      expect(state.certificate).toMatchObject({
        validFrom: '2020-05-20',
        validUntil: '2024-05-20',
        status: 'expired',
      });
      expect(Object.values(state.requests).map((r) => [r.kind, r.status])).toEqual([
        ['first', 'granted'],
        ['renewal', 'granted'],
      ]);
      expect(Object.values(state.activities).every((a) => a.status === 'approved')).toBe(true);
      expect(Object.keys(state.activities)).toHaveLength(8);
      expect(state.suspension).toBeUndefined();
      expect(Object.keys(state.decisions)).toHaveLength(4);
    });

    it('is reproducible: living it again decides the same events', () => {
      expect(live().events).toEqual(live().events);
    });

    it('folds its events to the same state in one go as step by step', () => {
      const life = live();
      const stepwise = life.events.reduce(evolveProfessional, initialProfessionalState);
      expect(foldProfessional(life.events)).toEqual(stepwise);
      expect(foldProfessional(structuredClone(life.events))).toEqual(stepwise);
    });
  });

  it('renewalRequested builds the request the decider makes', () => {
    const life = professionalLife();
    const history = [
      registered(),
      admitted(),
      planSet(),
      requested('request-cert-1', '2016-06-01'),
      granted('request-cert-1', { certificateId: 'cert-1', validFrom: '2016-06-01' }),
    ];
    life.events.push(...history);
    const [event] = life.decide('2020-01-15', { type: 'RequestCertification', data: {} });
    expect(event).toEqual(renewalRequested('id-1', '2020-01-15'));
  });
});
