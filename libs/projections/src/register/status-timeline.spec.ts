import fc from 'fast-check';
import { addDays, type LocalDate, type ProfessionalEvent } from '@vakregister/certification';
import {
  admissionRefused,
  admitted,
  certified,
  certifiedProfessional,
  expired,
  granted,
  planSet,
  refused,
  registered,
  renewalRequested,
  requested,
  revoked,
  suspended,
  suspensionEnded,
  suspensionLifted,
  withdrew,
} from '@vakregister/testing';
import { nextFacts, type RegisterFacts } from './register-facts';
import {
  statusOn,
  statusTimeline,
  type RegisterTransition,
  type TimelineSegment,
} from './status-timeline';

// The dates of the decider-spec builders: registered 2016-01-04, admitted 2016-01-15, a first
// certificate cert-1 valid [2016-06-01, 2020-06-01).
const REGISTERED_ON = '2016-01-04';
const ADMITTED: RegisterTransition = { kind: 'admitted', on: '2016-01-15' };
const CERT_1 = {
  kind: 'certified',
  certificateId: 'cert-1',
  validFrom: '2016-06-01',
  validUntil: '2020-06-01',
} as const satisfies RegisterTransition;
const CERT_2 = {
  kind: 'certified',
  certificateId: 'cert-2',
  validFrom: '2020-06-01',
  validUntil: '2024-06-01',
} as const satisfies RegisterTransition;

const NO_CERTIFICATE = {
  renewalPending: false,
  certificateId: null,
  certificateValidFrom: null,
  certificateValidUntil: null,
};

function withCertificate(
  certificate: { certificateId: string; validFrom: LocalDate; validUntil: LocalDate },
  renewalPending = false,
) {
  return {
    renewalPending,
    certificateId: certificate.certificateId,
    certificateValidFrom: certificate.validFrom,
    certificateValidUntil: certificate.validUntil,
  };
}

function segment(
  validFrom: LocalDate,
  validTo: LocalDate | null,
  status: TimelineSegment['status'],
  rest: Omit<TimelineSegment, 'validFrom' | 'validTo' | 'status'> = NO_CERTIFICATE,
): TimelineSegment {
  return { status, ...rest, validFrom, validTo };
}

/** The facts the register projection keeps after these events, each recorded on `recordedOn`. */
function factsOf(events: readonly ProfessionalEvent[], recordedOn: LocalDate): RegisterFacts {
  let facts: RegisterFacts | undefined;
  for (const event of events) facts = nextFacts(facts, event, recordedOn) ?? facts;
  if (!facts) throw new Error('The history does not register anyone');
  return facts;
}

function timelineOf(events: readonly ProfessionalEvent[], recordedOn: LocalDate = '2016-01-04') {
  const facts = factsOf(events, recordedOn);
  return statusTimeline(facts.registeredOn, facts.transitions);
}

function daysFrom(from: LocalDate, until: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = from; day < until; day = addDays(day, 1)) days.push(day);
  return days;
}

describe('statusOn and statusTimeline', () => {
  describe('before the registration', () => {
    it('has no entry on any date before registeredOn, and one from that day on', () => {
      expect(statusOn(REGISTERED_ON, [], '2016-01-03')).toBeUndefined();
      expect(statusOn(REGISTERED_ON, [ADMITTED, CERT_1], '2015-06-01')).toBeUndefined();
      expect(statusOn(REGISTERED_ON, [], REGISTERED_ON)).toEqual({
        status: 'applicant',
        ...NO_CERTIFICATE,
      });
    });

    it('starts the timeline on registeredOn even when a transition is dated earlier', () => {
      // A decision can only follow the registration; a date before it must not open a segment.
      const timeline = statusTimeline(REGISTERED_ON, [{ kind: 'admitted', on: '2015-12-01' }]);
      expect(timeline).toEqual([segment(REGISTERED_ON, null, 'admitted')]);
    });
  });

  describe('a first certificate', () => {
    it('runs applicant → admitted → certified → expired at validUntil', () => {
      expect(statusTimeline(REGISTERED_ON, [ADMITTED, CERT_1])).toEqual([
        segment('2016-01-04', '2016-01-15', 'applicant'),
        segment('2016-01-15', '2016-06-01', 'admitted'),
        segment('2016-06-01', '2020-06-01', 'certified', withCertificate(CERT_1)),
        // Expired keeps the certificate it is about, so that the register can say until when.
        segment('2020-06-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });

    it('treats validity as half-open: the last day is validUntil − 1', () => {
      const transitions = [ADMITTED, CERT_1];
      expect(statusOn(REGISTERED_ON, transitions, '2016-05-31')?.status).toBe('admitted');
      expect(statusOn(REGISTERED_ON, transitions, '2016-06-01')?.status).toBe('certified');
      expect(statusOn(REGISTERED_ON, transitions, '2020-05-31')?.status).toBe('certified');
      expect(statusOn(REGISTERED_ON, transitions, '2020-06-01')?.status).toBe('expired');
    });

    it('keeps a refused applicant refused', () => {
      expect(statusTimeline(REGISTERED_ON, [{ kind: 'refused', on: '2016-01-15' }])).toEqual([
        segment('2016-01-04', '2016-01-15', 'applicant'),
        segment('2016-01-15', null, 'refused'),
      ]);
    });

    it('lets an admission after a refusal (the remedy of an upheld objection) replace it', () => {
      expect(
        statusTimeline(REGISTERED_ON, [
          { kind: 'refused', on: '2016-01-15' },
          { kind: 'admitted', on: '2016-03-01' },
        ]),
      ).toEqual([
        segment('2016-01-04', '2016-01-15', 'applicant'),
        segment('2016-01-15', '2016-03-01', 'refused'),
        segment('2016-03-01', null, 'admitted'),
      ]);
    });

    it('certifies again after an expiry with a new first certificate', () => {
      const cert3 = {
        kind: 'certified',
        certificateId: 'cert-3',
        validFrom: '2021-03-01',
        validUntil: '2025-03-01',
      } as const;
      expect(statusTimeline(REGISTERED_ON, [ADMITTED, CERT_1, cert3]).slice(3)).toEqual([
        segment('2020-06-01', '2021-03-01', 'expired', withCertificate(CERT_1)),
        segment('2021-03-01', '2025-03-01', 'certified', withCertificate(cert3)),
        segment('2025-03-01', null, 'expired', withCertificate(cert3)),
      ]);
    });
  });

  describe('renewal', () => {
    const requestedOnTime: RegisterTransition = {
      kind: 'renewal-requested',
      requestId: 'r-2',
      on: '2019-12-15',
    };

    it('keeps an on-time renewal pending certified past validUntil, with renewalPending', () => {
      const timeline = statusTimeline(REGISTERED_ON, [ADMITTED, CERT_1, requestedOnTime]);
      expect(timeline.slice(2)).toEqual([
        segment('2016-06-01', '2019-12-15', 'certified', withCertificate(CERT_1)),
        segment('2019-12-15', null, 'certified', withCertificate(CERT_1, true)),
      ]);
      // Undecided for years: still certified, because the dates say so, not a job.
      expect(statusOn(REGISTERED_ON, [ADMITTED, CERT_1, requestedOnTime], '2023-01-01')).toEqual({
        status: 'certified',
        ...withCertificate(CERT_1, true),
      });
    });

    it('continues seamlessly when the renewal is granted after validUntil', () => {
      // Granted on 2020-07-01, a month late; the new certificate runs from the old validUntil.
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        requestedOnTime,
        CERT_2,
        { kind: 'request-closed', requestId: 'r-2', on: '2020-07-01' },
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(2)).toEqual([
        segment('2016-06-01', '2019-12-15', 'certified', withCertificate(CERT_1)),
        segment('2019-12-15', '2020-06-01', 'certified', withCertificate(CERT_1, true)),
        // In valid time the request was still undecided until 2020-07-01.
        segment('2020-06-01', '2020-07-01', 'certified', withCertificate(CERT_2, true)),
        segment('2020-07-01', '2024-06-01', 'certified', withCertificate(CERT_2)),
        segment('2024-06-01', null, 'expired', withCertificate(CERT_2)),
      ]);
      // Seamless: not a single day without a certificate in force between the two cycles.
      const gaps = daysFrom('2016-06-01', '2024-06-01').filter(
        (day) => statusOn(REGISTERED_ON, transitions, day)?.status !== 'certified',
      );
      expect(gaps).toEqual([]);
    });

    it('keeps the old certificate until its validUntil when the renewal is granted early', () => {
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        requestedOnTime,
        CERT_2,
        { kind: 'request-closed', requestId: 'r-2', on: '2020-02-01' },
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(2)).toEqual([
        segment('2016-06-01', '2019-12-15', 'certified', withCertificate(CERT_1)),
        segment('2019-12-15', '2020-02-01', 'certified', withCertificate(CERT_1, true)),
        segment('2020-02-01', '2020-06-01', 'certified', withCertificate(CERT_1)),
        segment('2020-06-01', '2024-06-01', 'certified', withCertificate(CERT_2)),
        segment('2024-06-01', null, 'expired', withCertificate(CERT_2)),
      ]);
    });

    it('expires from validUntil when the renewal is refused before it', () => {
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        requestedOnTime,
        { kind: 'request-closed', requestId: 'r-2', on: '2020-03-01' },
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(2)).toEqual([
        segment('2016-06-01', '2019-12-15', 'certified', withCertificate(CERT_1)),
        segment('2019-12-15', '2020-03-01', 'certified', withCertificate(CERT_1, true)),
        segment('2020-03-01', '2020-06-01', 'certified', withCertificate(CERT_1)),
        segment('2020-06-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });

    it('stays certified while a renewal refused late was pending, expired from the refusal', () => {
      // PRODUCT.md: "the professional stays certified while it is pending"; the dates of the
      // register therefore show certified until the refusal and expired from then on.
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        requestedOnTime,
        { kind: 'request-closed', requestId: 'r-2', on: '2020-07-01' },
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(3)).toEqual([
        segment('2019-12-15', '2020-07-01', 'certified', withCertificate(CERT_1, true)),
        segment('2020-07-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });

    it('keeps no certificate in force for a renewal requested on or after validUntil', () => {
      const late: RegisterTransition = {
        kind: 'renewal-requested',
        requestId: 'r-late',
        on: '2020-06-01',
      };
      expect(statusOn(REGISTERED_ON, [ADMITTED, CERT_1, late], '2020-06-02')).toEqual({
        status: 'expired',
        ...withCertificate(CERT_1),
      });
    });
  });

  describe('suspension', () => {
    const suspension: RegisterTransition = {
      kind: 'suspended',
      decisionId: 's-1',
      from: '2017-01-10',
      until: '2017-07-10',
    };

    it('suspends in [from, until) and returns to certified on until', () => {
      expect(statusTimeline(REGISTERED_ON, [ADMITTED, CERT_1, suspension]).slice(2)).toEqual([
        segment('2016-06-01', '2017-01-10', 'certified', withCertificate(CERT_1)),
        segment('2017-01-10', '2017-07-10', 'suspended', withCertificate(CERT_1)),
        segment('2017-07-10', '2020-06-01', 'certified', withCertificate(CERT_1)),
        segment('2020-06-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });

    it('ends on the day it is lifted', () => {
      const lifted: RegisterTransition = {
        kind: 'suspension-ended',
        decisionId: 's-1',
        on: '2017-03-01',
      };
      expect(
        statusTimeline(REGISTERED_ON, [ADMITTED, CERT_1, suspension, lifted]).slice(2, 4),
      ).toEqual([
        segment('2016-06-01', '2017-01-10', 'certified', withCertificate(CERT_1)),
        segment('2017-01-10', '2017-03-01', 'suspended', withCertificate(CERT_1)),
      ]);
      expect(statusOn(REGISTERED_ON, [ADMITTED, CERT_1, suspension, lifted], '2017-03-01')).toEqual(
        { status: 'certified', ...withCertificate(CERT_1) },
      );
    });

    it('is not ended by lifting another suspension', () => {
      const other: RegisterTransition = {
        kind: 'suspension-ended',
        decisionId: 's-0',
        on: '2017-03-01',
      };
      expect(
        statusOn(REGISTERED_ON, [ADMITTED, CERT_1, suspension, other], '2017-03-01')?.status,
      ).toBe('suspended');
    });

    it('gives way to expiry when the certificate ends during the suspension', () => {
      const late: RegisterTransition = {
        kind: 'suspended',
        decisionId: 's-2',
        from: '2020-01-10',
        until: '2020-12-10',
      };
      expect(statusTimeline(REGISTERED_ON, [ADMITTED, CERT_1, late]).slice(3)).toEqual([
        segment('2020-01-10', '2020-06-01', 'suspended', withCertificate(CERT_1)),
        segment('2020-06-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });
  });

  describe('terminal states', () => {
    it('keeps revoked for good, past validUntil and whatever follows', () => {
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        { kind: 'revoked', on: '2018-01-01' },
        { kind: 'suspended', decisionId: 's-9', from: '2018-02-01', until: '2018-03-01' },
        CERT_2,
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(2)).toEqual([
        segment('2016-06-01', '2018-01-01', 'certified', withCertificate(CERT_1)),
        segment('2018-01-01', null, 'revoked'),
      ]);
    });

    it('ends a suspension with a revocation', () => {
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        { kind: 'suspended', decisionId: 's-1', from: '2017-01-10', until: '2017-07-10' },
        { kind: 'revoked', on: '2017-02-01' },
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(3)).toEqual([
        segment('2017-01-10', '2017-02-01', 'suspended', withCertificate(CERT_1)),
        segment('2017-02-01', null, 'revoked'),
      ]);
    });

    it('keeps withdrawn for good, from any state, even over a later revocation', () => {
      expect(
        statusTimeline(REGISTERED_ON, [
          { kind: 'withdrawn', on: '2016-01-10' },
          { kind: 'admitted', on: '2016-01-15' },
          CERT_1,
        ]),
      ).toEqual([
        segment('2016-01-04', '2016-01-10', 'applicant'),
        segment('2016-01-10', null, 'withdrawn'),
      ]);
      expect(
        statusTimeline(REGISTERED_ON, [
          ADMITTED,
          CERT_1,
          { kind: 'withdrawn', on: '2017-01-01' },
          { kind: 'revoked', on: '2017-02-01' },
        ]).slice(2),
      ).toEqual([
        segment('2016-06-01', '2017-01-01', 'certified', withCertificate(CERT_1)),
        segment('2017-01-01', null, 'withdrawn'),
      ]);
    });

    it('lets a revoked professional withdraw', () => {
      const transitions: RegisterTransition[] = [
        ADMITTED,
        CERT_1,
        { kind: 'revoked', on: '2018-01-01' },
        { kind: 'withdrawn', on: '2019-01-01' },
      ];
      expect(statusTimeline(REGISTERED_ON, transitions).slice(3)).toEqual([
        segment('2018-01-01', '2019-01-01', 'revoked'),
        segment('2019-01-01', null, 'withdrawn'),
      ]);
    });
  });

  describe('timeline from the events the projection reads (nextFacts)', () => {
    it('takes admission, certification, suspension and lifting from the events', () => {
      const timeline = timelineOf([
        ...certifiedProfessional(),
        suspended('s-1', '2017-01-10', '2017-07-10'),
        suspensionLifted('s-1', '2017-03-01'),
        // The scheduler's records change nothing that the dates do not already say.
        suspensionEnded('s-1', '2017-07-10'),
        expired('2020-06-01'),
      ]);
      expect(timeline).toEqual([
        segment('2016-01-04', '2016-01-15', 'applicant'),
        segment('2016-01-15', '2016-06-01', 'admitted'),
        segment('2016-06-01', '2017-01-10', 'certified', withCertificate(CERT_1)),
        segment('2017-01-10', '2017-03-01', 'suspended', withCertificate(CERT_1)),
        segment('2017-03-01', '2020-06-01', 'certified', withCertificate(CERT_1)),
        segment('2020-06-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });

    it('closes a renewal with its late grant, and a first request not at all', () => {
      const timeline = timelineOf([
        ...certifiedProfessional(),
        renewalRequested('r-2', '2019-12-15'),
        granted('r-2', {
          certificateId: 'cert-2',
          validFrom: '2020-06-01',
          decidedOn: '2020-07-01',
        }),
      ]);
      expect(timeline.slice(3)).toEqual([
        segment('2019-12-15', '2020-06-01', 'certified', withCertificate(CERT_1, true)),
        segment('2020-06-01', '2020-07-01', 'certified', withCertificate(CERT_2, true)),
        segment('2020-07-01', '2024-06-01', 'certified', withCertificate(CERT_2)),
        segment('2024-06-01', null, 'expired', withCertificate(CERT_2)),
      ]);
    });

    it('closes a withdrawn renewal request on the date it was recorded', () => {
      const withdrawn: ProfessionalEvent = {
        type: 'CertificationRequestWithdrawn',
        data: { professionalId: 'p-1', requestId: 'r-2' },
      };
      const facts = factsOf(
        [...certifiedProfessional(), renewalRequested('r-2', '2019-12-15')],
        '2019-12-15',
      );
      const after = nextFacts(facts, withdrawn, '2020-08-01');
      expect(after?.transitions.at(-1)).toEqual({
        kind: 'request-closed',
        requestId: 'r-2',
        on: '2020-08-01',
      });
      expect(statusTimeline(after!.registeredOn, after!.transitions).slice(-2)).toEqual([
        segment('2019-12-15', '2020-08-01', 'certified', withCertificate(CERT_1, true)),
        segment('2020-08-01', null, 'expired', withCertificate(CERT_1)),
      ]);
    });

    it('tells the register nothing for plans, first requests and their refusal', () => {
      const facts = factsOf([registered(), admitted()], '2016-01-15');
      for (const event of [
        planSet(),
        requested('r-1', '2016-05-13'),
        refused('r-1', '2016-05-20'),
      ]) {
        expect(nextFacts(facts, event, '2016-05-20')).toBeUndefined();
      }
      expect(nextFacts(undefined, admitted(), '2016-01-15')).toBeUndefined();
    });

    it('keeps refused and revoked from the events', () => {
      expect(timelineOf([registered(), admissionRefused('2016-02-01')])).toEqual([
        segment('2016-01-04', '2016-02-01', 'applicant'),
        segment('2016-02-01', null, 'refused'),
      ]);
      expect(
        timelineOf([
          registered(),
          admitted(),
          ...certified(),
          revoked('2018-01-01'),
          withdrew('2019-01-01'),
        ])
          .slice(-2)
          .map((s) => [s.validFrom, s.status]),
      ).toEqual([
        ['2018-01-01', 'revoked'],
        ['2019-01-01', 'withdrawn'],
      ]);
    });

    it('corrects the personal details without touching the transitions', () => {
      const facts = factsOf([registered(), admitted()], '2016-01-15');
      const corrected = nextFacts(
        facts,
        {
          type: 'ProfessionalDetailsCorrected',
          data: {
            professionalId: 'p-1',
            changes: { name: 'F. el Amrani', sector: 'zorg' },
            reason: 'typo',
          },
        },
        '2016-02-01',
      );
      expect(corrected).toEqual({ ...facts, name: 'F. el Amrani', sector: 'zorg' });
    });
  });

  describe('timeline and statusOn agree on every day (fast-check, seed 2016)', () => {
    const START = '2016-01-04';
    const day = (offset: number) => addDays(START, offset);
    const dayOffset = fc.integer({ min: -20, max: 2600 });
    const transition: fc.Arbitrary<RegisterTransition> = fc.oneof(
      fc.record({
        kind: fc.constantFrom('admitted', 'refused', 'revoked', 'withdrawn'),
        on: dayOffset.map(day),
      }) as fc.Arbitrary<RegisterTransition>,
      fc
        .record({
          id: fc.integer({ min: 1, max: 3 }),
          from: dayOffset,
          years: fc.integer({ min: 1, max: 4 }),
        })
        .map(({ id, from, years }): RegisterTransition => ({
          kind: 'certified',
          certificateId: `cert-${id}`,
          validFrom: day(from),
          validUntil: day(from + 365 * years),
        })),
      fc
        .record({
          id: fc.integer({ min: 1, max: 2 }),
          from: dayOffset,
          length: fc.integer({ min: 1, max: 365 }),
        })
        .map(({ id, from, length }): RegisterTransition => ({
          kind: 'suspended',
          decisionId: `s-${id}`,
          from: day(from),
          until: day(from + length),
        })),
      fc
        .record({ id: fc.integer({ min: 1, max: 2 }), on: dayOffset })
        .map(({ id, on }): RegisterTransition => ({
          kind: 'suspension-ended',
          decisionId: `s-${id}`,
          on: day(on),
        })),
      fc
        .record({
          kind: fc.constantFrom('renewal-requested', 'request-closed'),
          id: fc.integer({ min: 1, max: 2 }),
          on: dayOffset,
        })
        .map(
          ({ kind, id, on }) => ({ kind, requestId: `r-${id}`, on: day(on) }) as RegisterTransition,
        ),
    );

    it('merges segments, covers every day from registeredOn, matching statusOn', () => {
      fc.assert(
        fc.property(fc.array(transition, { maxLength: 12 }), (transitions) => {
          const timeline = statusTimeline(START, transitions);
          expect(timeline[0].validFrom).toBe(START);
          expect(timeline.at(-1)!.validTo).toBeNull();
          for (let i = 1; i < timeline.length; i++) {
            expect(timeline[i].validFrom).toBe(timeline[i - 1].validTo);
            const { validFrom: _a, validTo: _b, ...previous } = timeline[i - 1];
            const { validFrom: _c, validTo: _d, ...current } = timeline[i];
            expect(current).not.toEqual(previous);
          }
          // One comparison per day, collected, so that a failure names the first wrong date.
          const wrong: unknown[] = [];
          for (let offset = -3; offset <= 2700 && wrong.length === 0; offset += 1) {
            const date = day(offset);
            const found = timeline.find(
              (s) => s.validFrom <= date && (s.validTo === null || date < s.validTo),
            );
            const expected = statusOn(START, transitions, date);
            const same = expected
              ? found !== undefined &&
                found.status === expected.status &&
                found.renewalPending === expected.renewalPending &&
                found.certificateId === expected.certificateId &&
                found.certificateValidFrom === expected.certificateValidFrom &&
                found.certificateValidUntil === expected.certificateValidUntil
              : found === undefined;
            if (!same) wrong.push({ date, found, expected });
          }
          expect(wrong).toEqual([]);
        }),
        { seed: 2016, numRuns: 150 },
      );
    });
  });
});
