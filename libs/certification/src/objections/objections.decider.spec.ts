import {
  PLAN,
  PROFESSIONAL_ID,
  admissionRefused,
  admitted,
  approvedActivity,
  certifiedProfessional,
  decideObjectionCommand,
  expired,
  extendObjectionCommand,
  givenProfessional,
  granted,
  lodgeObjectionCommand,
  objectionDecided,
  objectionExtended,
  objectionLodged,
  planSet,
  refusedOnRecord,
  registered,
  rejectedActivity,
  renewalRequested,
  requested,
  reviewActivityCommand,
  reviewCorrected,
  revoked,
  schemeVersion,
  suspended,
  suspensionEnded,
  suspensionLifted,
} from '@vakregister/testing';
import {
  BVK_2016,
  computeAdmissionBasis,
  foldProfessional,
  type CertificateGranted,
  type LocalDate,
  type ObjectionDecided,
  type ProfessionalEvent,
} from '@vakregister/certification';

// PRODUCT.md's example: a decision on 2016-05-13 → the objection term's last day is 2016-06-24.
const DECIDED_ON = '2016-05-13';
const TERM_ENDS_ON = '2016-06-24';
// Six weeks after the term (twelve with an advisory committee).
const DUE_BY = '2016-08-05';
const ADVISORY_DUE_BY = '2016-09-16';

/** An applicant refused admission on 2016-05-13 by decision `admission-1`. */
const refusedApplicant = (): ProfessionalEvent[] => [
  registered(),
  admissionRefused(DECIDED_ON, 'admission-1'),
];
const ADMISSION_REFUSAL = { decisionId: 'admission-1', decidedOn: DECIDED_ON };

/**
 * 150 approved points and one 12-hour reflectie activity (`a-4`) wrongly rejected: scholing 60,
 * reflectie 30 (min 40), vrije-ruimte 60. With `a-4` approved it is 162 and reflectie 42.
 */
function shortRecord(completedOn: (index: number) => LocalDate): ProfessionalEvent[] {
  const activities: Array<[string, number, boolean]> = [
    ['scholing', 40, true],
    ['scholing', 20, true],
    ['reflectie', 30, true],
    ['reflectie', 12, false],
    ['vrije-ruimte', 40, true],
    ['vrije-ruimte', 20, true],
  ];
  return activities.flatMap(([category, hours, approved], index) =>
    (approved ? approvedActivity : rejectedActivity)(`a-${index + 1}`, {
      category,
      hours,
      completedOn: completedOn(index),
    }),
  );
}

/** Admitted with a plan, the short record, a first request and its refusal on 2016-05-13. */
function refusedFirstCertification(scheme = BVK_2016): ProfessionalEvent[] {
  const history = [
    registered(),
    admitted('2016-01-15'),
    planSet(PLAN, '2016-01-15'),
    ...shortRecord((index) => `2016-0${(index % 3) + 2}-1${index}`),
    requested('request-1', DECIDED_ON),
  ];
  return [...history, refusedOnRecord(history, 'request-1', DECIDED_ON, { scheme })];
}
const CERTIFICATION_REFUSAL = { decisionId: 'refusal-request-1', decidedOn: DECIDED_ON };

/** Certified `[2016-06-01, 2020-06-01)`, renewal requested on time, refused on 2020-02-03. */
function refusedRenewal(): ProfessionalEvent[] {
  const history = [
    ...certifiedProfessional(),
    ...shortRecord((index) => `2018-0${index + 1}-15`),
    renewalRequested('renewal-1', '2020-01-15'),
  ];
  return [...history, refusedOnRecord(history, 'renewal-1', '2020-02-03')];
}
const RENEWAL_REFUSAL = { decisionId: 'refusal-renewal-1', decidedOn: '2020-02-03' };

/** The events of an upheld decision, split into the outcome and the remedy it appends. */
function outcomeAndRemedy(events: ProfessionalEvent[]): [ObjectionDecided, ProfessionalEvent[]] {
  expect(events[0]?.type).toBe('ObjectionDecided');
  return [events[0] as ObjectionDecided, events.slice(1)];
}

describe('objections', () => {
  describe('LodgeObjection: the term', () => {
    it('accepts an objection on the last day of the term (decision day + 6 weeks)', () => {
      givenProfessional(refusedApplicant())
        .on(TERM_ENDS_ON)
        .when(lodgeObjectionCommand('admission-1', { grounds: 'My EVC statement was ignored.' }))
        .then([
          {
            type: 'ObjectionLodged',
            data: {
              professionalId: PROFESSIONAL_ID,
              objectionId: 'id-1',
              decisionId: 'admission-1',
              lodgedOn: TERM_ENDS_ON,
              termEndsOn: TERM_ENDS_ON,
              dueBy: DUE_BY,
              advisoryCommittee: false,
              grounds: 'My EVC statement was ignored.',
            },
          },
        ]);
    });

    it('refuses an objection the day after the term with 422 naming the last day', () => {
      givenProfessional(refusedApplicant())
        .on('2016-06-25')
        .when(lodgeObjectionCommand('admission-1'))
        .thenThrows('rule', /ended on 2016-06-24/);
    });

    it('lets an appeals member admit a late objection with a reason, and records it', () => {
      const events = givenProfessional(refusedApplicant())
        .on('2016-07-04')
        .when(
          lodgeObjectionCommand('admission-1', {
            actorRole: 'appeals',
            lateAdmissionReason: 'The decision was sent to a wrong address.',
          }),
        )
        .events();
      expect(events).toEqual([
        {
          type: 'ObjectionLodged',
          data: expect.objectContaining({
            decisionId: 'admission-1',
            lodgedOn: '2016-07-04',
            termEndsOn: TERM_ENDS_ON,
            lateAdmissionReason: 'The decision was sent to a wrong address.',
          }),
        },
      ]);
    });

    it('refuses a late admission asked for by the professional with 403', () => {
      givenProfessional(refusedApplicant())
        .on('2016-07-04')
        .when(
          lodgeObjectionCommand('admission-1', {
            actorRole: 'professional',
            lateAdmissionReason: 'I was abroad.',
          }),
        )
        .thenThrows('forbidden', /appeals/);
    });

    it('refuses an objection from appeals without lateAdmissionReason (403): appeals only admit late ones', () => {
      givenProfessional(refusedApplicant())
        .on('2016-07-04')
        .when(lodgeObjectionCommand('admission-1', { actorRole: 'appeals' }))
        .thenThrows('forbidden', /lateAdmissionReason/);
    });

    it('refuses the late clause from a professional, even on time (403)', () => {
      givenProfessional(refusedApplicant())
        .on('2016-06-01')
        .when(
          lodgeObjectionCommand('admission-1', {
            actorRole: 'professional',
            lateAdmissionReason: 'Just in case.',
          }),
        )
        .thenThrows('forbidden', /appeals member/);
    });
  });

  describe('LodgeObjection: due date', () => {
    it.each([
      [false, DUE_BY],
      [true, ADVISORY_DUE_BY],
    ])('with advisoryCommittee %s it is due on %s (term end + 42 / + 84 days)', (advisory, due) => {
      const [lodged] = givenProfessional(refusedApplicant())
        .on('2016-05-20')
        .when(lodgeObjectionCommand('admission-1', { advisoryCommittee: advisory }))
        .events();
      expect(lodged.data).toMatchObject({
        termEndsOn: TERM_ENDS_ON,
        dueBy: due,
        advisoryCommittee: advisory,
      });
    });

    // Each adverse decision type dates its term from its own date (a suspension: its `from`).
    it.each<[string, ProfessionalEvent[], string, LocalDate]>([
      ['AdmissionRefused', refusedApplicant(), 'admission-1', '2016-06-24'],
      ['CertificationRefused', refusedFirstCertification(), 'refusal-request-1', '2016-06-24'],
      [
        'CertificateSuspended',
        [...certifiedProfessional(), suspended('suspension-1', '2017-03-01', '2017-09-01')],
        'suspension-1',
        '2017-04-12',
      ],
      [
        'CertificateRevoked',
        [...certifiedProfessional(), revoked('2017-03-01', 'revocation-1')],
        'revocation-1',
        '2017-04-12',
      ],
    ])('a %s can be contested until the end of its own term', (_type, history, decisionId, end) => {
      const [lodged] = givenProfessional(history)
        .on(end)
        .when(lodgeObjectionCommand(decisionId))
        .events();
      expect(lodged.data).toMatchObject({ decisionId, termEndsOn: end });
    });
  });

  describe('LodgeObjection: what can be contested', () => {
    it.each<[string, ProfessionalEvent[], string]>([
      ['an admission', [registered(), admitted(DECIDED_ON, 'admission-1')], 'admission-1'],
      [
        'a certificate',
        [
          registered(),
          admitted(),
          requested('request-1', DECIDED_ON),
          granted('request-1', { certificateId: 'cert-1', validFrom: DECIDED_ON }),
        ],
        'decision-cert-1',
      ],
    ])('refuses an objection against a favourable decision (%s) with 422', (_, history, id) => {
      givenProfessional(history)
        .on('2016-05-20')
        .when(lodgeObjectionCommand(id))
        .thenThrows('rule', /not adverse/);
    });

    it('refuses an objection against an unknown decision with 404', () => {
      givenProfessional(refusedApplicant())
        .on('2016-05-20')
        .when(lodgeObjectionCommand('no-such-decision'))
        .thenThrows('not-found', /no-such-decision/);
    });

    it('refuses an objection against a decision already reversed on objection with 409', () => {
      givenProfessional(
        refusedApplicant(),
        objectionLodged('o-1', ADMISSION_REFUSAL, { lodgedOn: '2016-05-16' }),
        objectionDecided('o-1', 'admission-1', 'upheld', '2016-05-30', {
          replacementDecisionId: 'admission-2',
        }),
        admitted('2016-05-30', 'admission-2'),
      )
        // Still inside the term, so that only the reversal can be the reason.
        .on('2016-06-01')
        .when(lodgeObjectionCommand('admission-1'))
        .thenThrows('state', /reversed/);
    });

    it('refuses a second objection while one against the same decision is open with 409', () => {
      givenProfessional(refusedApplicant(), objectionLodged('o-1', ADMISSION_REFUSAL))
        .on('2016-05-30')
        .when(lodgeObjectionCommand('admission-1'))
        .thenThrows('state', /already open/);
    });
  });

  describe('ExtendObjectionDeadline', () => {
    const open = () => [...refusedApplicant(), objectionLodged('o-1', ADMISSION_REFUSAL)];

    it('extends the due date once by six weeks', () => {
      givenProfessional(open())
        .on('2016-07-01')
        .when(extendObjectionCommand('o-1'))
        .then([
          {
            type: 'ObjectionDeadlineExtended',
            data: {
              professionalId: PROFESSIONAL_ID,
              objectionId: 'o-1',
              dueBy: '2016-09-16',
              reason: 'A hearing is needed.',
            },
          },
        ]);
    });

    it('refuses a second extension with 409', () => {
      givenProfessional(open(), objectionExtended('o-1', '2016-09-16'))
        .on('2016-08-01')
        .when(extendObjectionCommand('o-1'))
        .thenThrows('state', /already been extended/);
    });

    it('refuses to extend a decided objection with 409', () => {
      givenProfessional(open(), objectionDecided('o-1', 'admission-1', 'rejected', '2016-07-01'))
        .on('2016-07-02')
        .when(extendObjectionCommand('o-1'))
        .thenThrows('state', /rejected/);
    });

    it('refuses to extend an unknown objection with 404', () => {
      givenProfessional(open())
        .on('2016-07-01')
        .when(extendObjectionCommand('o-404'))
        .thenThrows('not-found', /o-404/);
    });
  });

  describe('DecideObjection: who and how', () => {
    const open = () => [...refusedApplicant(), objectionLodged('o-1', ADMISSION_REFUSAL)];

    it('refuses a decision by the person who took the contested decision with 403', () => {
      givenProfessional(open())
        .on('2016-07-01')
        .when(
          decideObjectionCommand('o-1', 'upheld', {
            deciderId: 'ass-1',
            contestedDeciderId: 'ass-1',
          }),
        )
        .thenThrows('forbidden', /contested decision/);
    });

    it('refuses a decision without reasons with 400', () => {
      const error = givenProfessional(open())
        .on('2016-07-01')
        .when(decideObjectionCommand('o-1', 'rejected', { reasons: [] }))
        .thenThrows('invalid', /reason/);
      expect(error.errors).toEqual([{ field: 'reasons', message: expect.any(String) }]);
    });

    it.each(['upheld', 'rejected'] as const)('refuses to decide twice (now %s) with 409', (now) => {
      givenProfessional(open(), objectionDecided('o-1', 'admission-1', 'rejected', '2016-07-01'))
        .on('2016-07-02')
        .when(decideObjectionCommand('o-1', now))
        .thenThrows('state', /already been rejected/);
    });

    it('refuses to decide an unknown objection with 404', () => {
      givenProfessional(open())
        .on('2016-07-01')
        .when(decideObjectionCommand('o-404', 'rejected'))
        .thenThrows('not-found', /o-404/);
    });
  });

  describe('DecideObjection: rejected', () => {
    it('appends only the outcome: no remedy, the decision is not marked reversed', () => {
      const decision = givenProfessional(
        refusedApplicant(),
        objectionLodged('o-1', ADMISSION_REFUSAL),
      )
        .on('2016-07-01')
        .when(decideObjectionCommand('o-1', 'rejected', { reasons: ['The diploma is MBO.'] }));
      decision.then([
        {
          type: 'ObjectionDecided',
          data: {
            professionalId: PROFESSIONAL_ID,
            objectionId: 'o-1',
            decisionId: 'id-1',
            contestedDecisionId: 'admission-1',
            outcome: 'rejected',
            decidedOn: '2016-07-01',
            reasons: ['The diploma is MBO.'],
            basis: {
              contestedDecisionId: 'admission-1',
              contestedType: 'AdmissionRefused',
              correctedActivities: [],
              remedy: [],
            },
          },
        },
      ]);
      const after = decision.stateAfter();
      expect(after.status).toBe('refused');
      expect(after.objections['o-1'].status).toBe('rejected');
      expect(after.decisions['admission-1'].reversedBy).toBeUndefined();
    });

    // Rejecting needs no corrected record; only upholding has to stand on the rules.
    it('may reject an objection against a refusal whose record still falls short', () => {
      const events = givenProfessional(
        refusedFirstCertification(),
        objectionLodged('o-1', CERTIFICATION_REFUSAL),
      )
        .on('2016-07-01')
        .when(decideObjectionCommand('o-1', 'rejected'))
        .events();
      expect(events.map((event) => event.type)).toEqual(['ObjectionDecided']);
    });
  });

  describe('DecideObjection: upheld remedies', () => {
    it('replaces an admission refusal by an admission; the original stays, reversed', () => {
      const decision = givenProfessional(
        refusedApplicant(),
        objectionLodged('o-1', ADMISSION_REFUSAL),
      )
        .on('2016-07-01')
        .when(decideObjectionCommand('o-1', 'upheld', { reasons: ['The EVC statement counts.'] }));
      const [decided, remedy] = outcomeAndRemedy(decision.events());
      expect(remedy).toEqual([
        {
          type: 'AdmissionGranted',
          data: {
            professionalId: PROFESSIONAL_ID,
            decisionId: expect.any(String),
            schemeId: 'bvk-2016',
            decidedOn: '2016-07-01',
            reasons: ['The EVC statement counts.'],
            // Judged, as the refusal was, on the registered details under bvk-2016.
            basis: computeAdmissionBasis(foldProfessional(refusedApplicant()), BVK_2016),
            remedyOf: { objectionId: 'o-1', decisionId: 'admission-1' },
          },
        },
      ]);
      const replacementId = (remedy[0].data as { decisionId: string }).decisionId;
      expect(decided.data).toEqual({
        professionalId: PROFESSIONAL_ID,
        objectionId: 'o-1',
        decisionId: expect.any(String),
        contestedDecisionId: 'admission-1',
        outcome: 'upheld',
        decidedOn: '2016-07-01',
        reasons: ['The EVC statement counts.'],
        replacementDecisionId: replacementId,
        basis: {
          contestedDecisionId: 'admission-1',
          contestedType: 'AdmissionRefused',
          correctedActivities: [],
          remedy: ['AdmissionGranted'],
        },
      });
      expect(decided.data.decisionId).not.toBe(replacementId);

      const after = decision.stateAfter();
      expect(after.status).toBe('admitted');
      expect(after.objections['o-1'].status).toBe('upheld');
      expect(after.decisions['admission-1']).toMatchObject({
        type: 'AdmissionRefused',
        reversedBy: 'o-1',
      });
      expect(after.decisions[replacementId]).toMatchObject({ type: 'AdmissionGranted' });
    });

    it('replaces a first refusal by a certificate valid from the original decision date', () => {
      const decision = givenProfessional(
        refusedFirstCertification(),
        objectionLodged('o-1', CERTIFICATION_REFUSAL, { lodgedOn: '2016-05-20' }),
        reviewCorrected('a-4', 'o-1', 'approved', '2016-06-01'),
      )
        .on('2016-07-01')
        .when(decideObjectionCommand('o-1', 'upheld'));
      const [decided, remedy] = outcomeAndRemedy(decision.events());
      expect(remedy).toHaveLength(1);
      const grant = remedy[0] as CertificateGranted;
      expect(grant).toMatchObject({
        type: 'CertificateGranted',
        data: {
          requestId: 'request-1',
          validFrom: DECIDED_ON,
          validUntil: '2020-05-13',
          decidedOn: '2016-07-01',
          schemeId: 'bvk-2016',
          remedyOf: { objectionId: 'o-1', decisionId: 'refusal-request-1' },
        },
      });
      // The basis is recomputed on the corrected record: a-4 now counts.
      expect(grant.data.basis).toMatchObject({
        schemeId: 'bvk-2016',
        pointsRequired: 160,
        total: 162,
        shortfalls: [],
      });
      expect(grant.data.basis.perCategory.reflectie.counted).toBe(42);
      expect(grant.data.basis.activities).toContainEqual(
        expect.objectContaining({ activityId: 'a-4', counted: 12, outcome: 'counted' }),
      );
      expect(decided.data.replacementDecisionId).toBe(grant.data.decisionId);

      const after = decision.stateAfter();
      expect(after.status).toBe('certified');
      expect(after.certificate).toMatchObject({ validFrom: DECIDED_ON, status: 'valid' });
      expect(after.requests['request-1'].status).toBe('granted');
      expect(after.decisions['refusal-request-1'].reversedBy).toBe('o-1');
    });

    it('judges the corrected record by the scheme in force on the original decision date', () => {
      // A stricter scheme with a longer cycle takes effect between the refusal and the outcome;
      // the remedy replaces the 2016-05-13 decision, so bvk-2016 still decides it.
      const stricter = schemeVersion({
        schemeId: 'bvk-2016-b',
        effectiveFrom: '2016-06-01',
        pointsRequired: 200,
        cycleYears: 5,
      });
      const [, remedy] = outcomeAndRemedy(
        givenProfessional(
          refusedFirstCertification(),
          objectionLodged('o-1', CERTIFICATION_REFUSAL),
          reviewCorrected('a-4', 'o-1', 'approved', '2016-06-01'),
        )
          .withSchemes(BVK_2016, stricter)
          .on('2016-07-01')
          .when(decideObjectionCommand('o-1', 'upheld'))
          .events(),
      );
      expect(remedy[0]).toMatchObject({
        type: 'CertificateGranted',
        data: {
          schemeId: 'bvk-2016',
          validFrom: DECIDED_ON,
          validUntil: '2020-05-13',
          basis: { schemeId: 'bvk-2016', pointsRequired: 160, total: 162 },
        },
      });
    });

    it('refuses to uphold with 422 when the corrected record still falls short', () => {
      givenProfessional(
        refusedFirstCertification(),
        objectionLodged('o-1', CERTIFICATION_REFUSAL),
        // A review was corrected, but not the one that matters.
        reviewCorrected('a-1', 'o-1', 'approved', '2016-06-01'),
      )
        .on('2016-07-01')
        .when(decideObjectionCommand('o-1', 'upheld'))
        .thenThrows('rule', /still falls short: 150 of 160 points; 30 of at least 40 points/);
    });

    it('replaces a renewal refusal by a certificate that continues from the old validUntil', () => {
      const decision = givenProfessional(
        refusedRenewal(),
        objectionLodged('o-1', RENEWAL_REFUSAL, { lodgedOn: '2020-02-10' }),
        reviewCorrected('a-4', 'o-1', 'approved', '2020-02-20'),
      )
        .on('2020-03-02')
        .when(decideObjectionCommand('o-1', 'upheld'));
      const [, remedy] = outcomeAndRemedy(decision.events());
      expect(remedy[0]).toMatchObject({
        type: 'CertificateGranted',
        data: {
          requestId: 'renewal-1',
          validFrom: '2020-06-01',
          validUntil: '2024-06-01',
          decidedOn: '2020-03-02',
          basis: { cycle: { from: '2016-06-01', until: '2020-06-01' }, total: 162 },
          remedyOf: { objectionId: 'o-1', decisionId: 'refusal-renewal-1' },
        },
      });
      expect(decision.stateAfter().status).toBe('certified');
    });

    // Valid time: the old certificate expired while the objection ran; the replacement still
    // continues from its validUntil, so the register shows no gap.
    it('continues a renewal from the old validUntil even after that certificate expired', () => {
      const decision = givenProfessional(
        refusedRenewal(),
        objectionLodged('o-1', RENEWAL_REFUSAL, { lodgedOn: '2020-02-10' }),
        reviewCorrected('a-4', 'o-1', 'approved', '2020-02-20'),
        expired('2020-06-01'),
      )
        .on('2020-06-05')
        .when(decideObjectionCommand('o-1', 'upheld'));
      const [, remedy] = outcomeAndRemedy(decision.events());
      expect(remedy[0]).toMatchObject({
        type: 'CertificateGranted',
        data: { validFrom: '2020-06-01', validUntil: '2024-06-01' },
      });
      expect(decision.stateAfter().status).toBe('certified');
    });

    it('reverses a revocation: the professional is certified again', () => {
      const before = [
        ...certifiedProfessional(),
        revoked('2017-03-01', 'revocation-1'),
        objectionLodged('o-1', { decisionId: 'revocation-1', decidedOn: '2017-03-01' }),
      ];
      expect(givenProfessional(before).state.status).toBe('revoked');
      const decision = givenProfessional(before)
        .on('2017-04-03')
        .when(decideObjectionCommand('o-1', 'upheld'));
      const [decided, remedy] = outcomeAndRemedy(decision.events());
      expect(remedy).toEqual([
        {
          type: 'RevocationReversed',
          data: {
            professionalId: PROFESSIONAL_ID,
            decisionId: expect.any(String),
            reversedDecisionId: 'revocation-1',
            objectionId: 'o-1',
            reversedOn: '2017-04-03',
          },
        },
      ]);
      expect(decided.data.replacementDecisionId).toBe(
        (remedy[0].data as { decisionId: string }).decisionId,
      );
      const after = decision.stateAfter();
      expect(after.status).toBe('certified');
      expect(after.certificate).toMatchObject({ certificateId: 'cert-1', status: 'valid' });
      expect(after.decisions['revocation-1'].reversedBy).toBe('o-1');
    });

    it('lifts a suspension that is still in force', () => {
      const decision = givenProfessional(
        certifiedProfessional(),
        suspended('suspension-1', '2017-03-01', '2017-09-01'),
        objectionLodged('o-1', { decisionId: 'suspension-1', decidedOn: '2017-03-01' }),
      )
        .on('2017-04-03')
        .when(decideObjectionCommand('o-1', 'upheld'));
      const [decided, remedy] = outcomeAndRemedy(decision.events());
      expect(remedy).toEqual([
        {
          type: 'SuspensionLifted',
          data: {
            professionalId: PROFESSIONAL_ID,
            decisionId: 'suspension-1',
            liftedOn: '2017-04-03',
            reason: expect.stringContaining('o-1'),
          },
        },
      ]);
      // Lifting is not a new decision: nothing replaces the suspension.
      expect(decided.data.replacementDecisionId).toBeUndefined();
      const after = decision.stateAfter();
      expect(after.status).toBe('certified');
      expect(after.suspension).toBeUndefined();
      expect(after.decisions['suspension-1'].reversedBy).toBe('o-1');
    });

    it.each<[string, ProfessionalEvent[]]>([
      ['ended and recorded', [suspensionEnded('suspension-1', '2017-04-01')]],
      ['lifted by the registrar', [suspensionLifted('suspension-1', '2017-03-20')]],
      // PRODUCT.md: a suspension ends by itself on its `until` date, whether or not the
      // scheduler has recorded SuspensionEnded yet; lifting it afterwards would record a lift of
      // something no longer in force (decideSuspensionLift refuses exactly that).
      ['past its until date, end not yet recorded', []],
    ])('adds nothing but the outcome for a suspension %s', (_label, end) => {
      const decision = givenProfessional(
        certifiedProfessional(),
        suspended('suspension-1', '2017-03-01', '2017-04-01'),
        end,
        objectionLodged('o-1', { decisionId: 'suspension-1', decidedOn: '2017-03-01' }),
      )
        .on('2017-04-20')
        .when(decideObjectionCommand('o-1', 'upheld'));
      const events = decision.events();
      expect(events.map((event) => event.type)).toEqual(['ObjectionDecided']);
      expect(decision.stateAfter().decisions['suspension-1'].reversedBy).toBe('o-1');
    });
  });

  describe('a second review of an activity the contested decision weighed', () => {
    const withOpenObjection = () => [
      ...refusedFirstCertification(),
      objectionLodged('o-1', CERTIFICATION_REFUSAL, { lodgedOn: '2016-05-20' }),
    ];

    it('is refused with 409 while no objection is open', () => {
      givenProfessional(refusedFirstCertification())
        .on('2016-05-20')
        .when(reviewActivityCommand('a-4', 'approved'))
        .thenThrows('state', /already rejected.*objection/);
    });

    it('is refused with 409 once the objection has been decided', () => {
      givenProfessional(
        withOpenObjection(),
        objectionDecided('o-1', 'refusal-request-1', 'rejected', '2016-06-10'),
      )
        .on('2016-06-15')
        .when(reviewActivityCommand('a-4', 'approved'))
        .thenThrows('state', /objection/);
    });

    it('is refused with 409 for an activity the contested decision did not weigh', () => {
      // Logged and approved after the refusal: not in its basis, so no objection covers it.
      givenProfessional(
        withOpenObjection(),
        approvedActivity('a-7', { category: 'scholing', hours: 8, completedOn: '2016-05-25' }),
      )
        .on('2016-06-01')
        .when(reviewActivityCommand('a-7', 'rejected'))
        .thenThrows('state', /objection/);
    });

    it.each<[string, 'approved' | 'rejected', string]>([
      ['a-4', 'approved', 'an excluded activity is approved'],
      ['a-1', 'rejected', 'a counted activity is rejected'],
    ])('while the objection is open, %s is corrected (%s): %s', (activityId, outcome) => {
      const decision = givenProfessional(withOpenObjection())
        .on('2016-06-01')
        .when(reviewActivityCommand(activityId, outcome, 'Checked against the register.'));
      decision.then([
        {
          type: 'ActivityReviewCorrected',
          data: {
            professionalId: PROFESSIONAL_ID,
            activityId,
            outcome,
            reason: 'Checked against the register.',
            objectionId: 'o-1',
            reviewedOn: '2016-06-01',
          },
        },
      ]);
      expect(decision.stateAfter().activities[activityId].status).toBe(outcome);
    });
  });
});
