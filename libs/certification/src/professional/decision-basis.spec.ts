import {
  PLAN,
  admitted,
  decideObjectionCommand,
  decisionContext,
  givenProfessional,
  lodgeObjectionCommand,
  logActivityCommand,
  registerCommand,
  registered,
  revoked,
  schemeVersion,
  sequentialIds,
  suspensionLifted,
} from '@vakregister/testing';
import {
  BVK_2016,
  decideProfessional,
  foldProfessional,
  isDecisionEvent,
  recomputeBasis,
  storedBasis,
  type DecisionEvent,
  type LocalDate,
  type ProfessionalCommand,
  type ProfessionalEvent,
} from '@vakregister/certification';

/** As stored: JSON drops what is undefined. */
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * A professional's stream lived through the decider as if it were the whole ledger: an event's
 * position is its index, and every decision is given the position of the last event so far.
 */
function ledgerLife() {
  const events: ProfessionalEvent[] = [];
  const seen = new Map<ProfessionalEvent, string | undefined>();
  const newId = sequentialIds();
  const decide = (today: LocalDate, command: ProfessionalCommand) => {
    const ledgerPosition = events.length > 0 ? String(events.length - 1) : undefined;
    const decided = decideProfessional(foldProfessional(events), command, {
      ...decisionContext(today),
      newId,
      ...(ledgerPosition === undefined ? {} : { ledgerPosition }),
    });
    for (const event of decided) seen.set(event, ledgerPosition);
    events.push(...decided);
    return decided;
  };
  const idOf = (event: ProfessionalEvent | undefined, field: string) =>
    String((event?.data as unknown as Record<string, unknown>)[field]);
  return { events, seen, decide, idOf };
}

/**
 * Registered, admitted, refused on 120 points while a 40-hour activity waits for review, that
 * activity approved late, granted, suspended, revoked, and the revocation reversed on objection.
 */
function livedLife() {
  const life = ledgerLife();
  const { decide, idOf } = life;
  decide('2016-01-04', registerCommand());
  decide('2016-01-15', { type: 'DecideAdmission', data: { outcome: 'admitted', reasons: [] } });
  decide('2016-01-15', { type: 'SetDevelopmentPlan', data: { competencies: PLAN } });
  const log = (category: string) =>
    idOf(
      decide(
        '2016-03-01',
        logActivityCommand({ category, hours: 40, completedOn: '2016-03-01' }),
      )[0],
      'activityId',
    );
  const approve = (activityId: string, today: LocalDate) =>
    decide(today, {
      type: 'ReviewActivity',
      data: { activityId, outcome: 'approved', reason: 'in order' },
    });
  for (const category of ['scholing', 'scholing', 'reflectie'])
    approve(log(category), '2016-03-01');
  const waiting = log('vrije-ruimte');
  const request = (today: LocalDate) =>
    idOf(decide(today, { type: 'RequestCertification', data: {} })[0], 'requestId');
  const first = request('2016-05-13');
  decide('2016-05-13', {
    type: 'DecideCertification',
    data: { requestId: first, outcome: 'refused', reasons: ['120 of 160 points'] },
  });
  approve(waiting, '2016-05-20');
  const second = request('2016-05-20');
  decide('2016-05-20', {
    type: 'DecideCertification',
    data: { requestId: second, outcome: 'granted', reasons: ['160 points'] },
  });
  decide('2016-06-01', {
    type: 'SuspendCertificate',
    data: { until: '2016-12-01', reason: 'complaint' },
  });
  const revocation = idOf(
    decide('2016-06-10', { type: 'RevokeCertificate', data: { reason: 'fraud' } })[0],
    'decisionId',
  );
  const objection = idOf(decide('2016-06-15', lodgeObjectionCommand(revocation))[0], 'objectionId');
  decide('2016-07-01', decideObjectionCommand(objection, 'upheld'));
  return life;
}

/** Each decision of the life with the events before it. */
function decisionsOf(events: ProfessionalEvent[]) {
  return events.flatMap((event, index) =>
    isDecisionEvent(event) ? [{ decision: event, before: events.slice(0, index) }] : [],
  );
}

describe('the basis of every decision, recorded and recomputed', () => {
  const life = livedLife();
  const decisions = decisionsOf(life.events);

  it('lives through a decision of every kind', () => {
    expect(decisions.map(({ decision }) => decision.type)).toEqual([
      'AdmissionGranted',
      'CertificationRefused',
      'CertificateGranted',
      'CertificateSuspended',
      'CertificateRevoked',
      'ObjectionDecided',
      'RevocationReversed',
    ]);
  });

  it('records the position of the last event each decision saw', () => {
    for (const { decision } of decisions) {
      expect({ type: decision.type, at: decision.data.decidedAtPosition }).toEqual({
        type: decision.type,
        at: life.seen.get(decision),
      });
    }
    // The remedy shares the position of the outcome it was decided with, not the outcome's own.
    const [outcome, reversal] = decisions.slice(-2).map(({ decision }) => decision);
    expect(reversal.data.decidedAtPosition).toBe(outcome.data.decidedAtPosition);
  });

  it.each(decisions.map(({ decision, before }) => [decision.type, decision, before] as const))(
    'recomputes the stored basis of %s from the events before it',
    (type, decision, before) => {
      const stored = storedBasis(decision);
      if (type === 'RevocationReversed') expect(stored).toBeNull();
      else expect(stored).not.toBeNull();
      expect(asStored(recomputeBasis(decision, foldProfessional(before), [BVK_2016]))).toEqual(
        asStored(stored),
      );
    },
  );

  it('would see a late approval if it looked past the decision, which is why it does not', () => {
    const { decision, before } = decisions[1];
    expect(decision.type).toBe('CertificationRefused');
    expect(recomputeBasis(decision, foldProfessional(before), [BVK_2016])).toMatchObject({
      total: 120,
    });
    expect(recomputeBasis(decision, foldProfessional(life.events), [BVK_2016])).toMatchObject({
      total: 160,
    });
  });

  it('takes the scheme a decision named; the caller passes only the versions known then', () => {
    // Published later, in force from the same day: the later-published version wins that day.
    const backdated = schemeVersion({
      schemeId: 'bvk-2016-b',
      maxSuspensionMonths: 6,
      admission: { minExperienceYears: 9, diplomaLevels: ['wo'] },
    });
    const schemes = [BVK_2016, backdated];
    const [admission, , , suspension] = decisions;
    expect(recomputeBasis(admission.decision, foldProfessional(admission.before), schemes)).toEqual(
      storedBasis(admission.decision),
    );
    // A suspension names no scheme: handed versions it never knew, it recomputes differently.
    expect(
      recomputeBasis(suspension.decision, foldProfessional(suspension.before), schemes),
    ).toMatchObject({ maxSuspensionMonths: 6 });
  });
});

describe('a decision whose basis cannot be recomputed', () => {
  const decisions = decisionsOf(livedLife().events);

  it('yields null when the scheme it names is not in the ledger', () => {
    const { decision, before } = decisions[0];
    expect(recomputeBasis(decision, foldProfessional(before), [])).toBeNull();
  });

  it('yields null when the certificate it acted on is not in the ledger', () => {
    const { decision } = decisions[4];
    expect(decision.type).toBe('CertificateRevoked');
    expect(recomputeBasis(decision, foldProfessional([registered()]), [BVK_2016])).toBeNull();
  });
});

describe('decisions recorded before bases were stored', () => {
  it('have no stored basis', () => {
    expect(storedBasis(admitted())).toBeNull();
    expect(storedBasis(revoked('2017-01-01'))).toBeNull();
  });

  it('are decisions, unlike other events that carry a decision id', () => {
    expect(isDecisionEvent(revoked('2017-01-01'))).toBe(true);
    expect(isDecisionEvent(suspensionLifted('s-1', '2017-03-01'))).toBe(false);
  });

  it('record no position where no ledger is behind the decision', () => {
    const [event] = givenProfessional(registered())
      .when({ type: 'DecideAdmission', data: { outcome: 'admitted', reasons: [] } })
      .events();
    expect(event.data).not.toHaveProperty('decidedAtPosition');
    expect((event as DecisionEvent).data).toHaveProperty('basis');
  });
});
