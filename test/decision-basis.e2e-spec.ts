import { SCHEMES_STREAM, professionalStream } from '@vakregister/certification';
import { Ledger, idSourceFor } from '@vakregister/ledger';
import { makeTempDir } from '@vakregister/testing';
import { randomUUID } from 'node:crypto';
import {
  ASSESSOR,
  REGISTRAR,
  apiClient,
  professional,
  registration,
  type Json,
} from './support/api-client';
import { ledgerEvents } from './support/ledger-reader';
import { certifyFirstTime } from './support/scenarios';
import { startApi, type RunningApi } from './support/start-api';

const APPEALS = 'appeals:app-1';
const PLAN = ['gespreksvoering', 'wet-en-regelgeving'];

/**
 * 150 approved points (reflectie 30 of at least 40) with a 12-hour reflectie activity wrongly
 * rejected, and an 8-hour scholing activity nobody has reviewed yet when the decision is taken.
 */
const RECORD = [
  { category: 'scholing', hours: 40, review: 'approved' },
  { category: 'scholing', hours: 20, review: 'approved' },
  { category: 'reflectie', hours: 30, review: 'approved' },
  { category: 'reflectie', hours: 12, review: 'rejected' },
  { category: 'vrije-ruimte', hours: 40, review: 'approved' },
  { category: 'vrije-ruimte', hours: 20, review: 'approved' },
  { category: 'scholing', hours: 8, review: null },
] as const;

/**
 * A version published after every decision below, yet in force from the same day as bvk-2016
 * (of two versions with one date, the later published wins): had verification looked at it, every
 * scheme-dependent basis would come out different.
 */
const BACKDATED_SCHEME = {
  schemeId: 'bvk-2016-herzien',
  effectiveFrom: '2016-01-01',
  cycleYears: 3,
  pointsRequired: 100,
  categories: [{ id: 'scholing', min: 10 }, { id: 'reflectie' }, { id: 'vrije-ruimte', max: 30 }],
  competencies: [
    { id: 'gespreksvoering', name: 'Gespreksvoering' },
    { id: 'wet-en-regelgeving', name: 'Wet- en regelgeving' },
  ],
  planMin: 1,
  planMax: 2,
  minPointsPerPlannedCompetency: 5,
  maxHoursPerActivity: 40,
  renewalWindowMonths: 3,
  maxSuspensionMonths: 6,
  admission: { minExperienceYears: 10, diplomaLevels: ['wo'] },
};

interface DecisionView extends Json {
  type: string;
  position: string;
  data: Json & { decidedAtPosition?: string };
  basis: Json | null;
  verification: { atPosition: string; recomputed: Json | null; agrees: boolean } | null;
  explanation: { nl: string; en: string };
}

describe('decision basis: stored with every decision, verified against the ledger as it stood', () => {
  const dir = makeTempDir('decision-basis');
  let api: RunningApi | undefined;
  let client: ReturnType<typeof apiClient>;
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });
  /** Restarts the API with the domain clock at an instant, as the decisions are on different days. */
  async function at(now: string) {
    await api?.close();
    api = await startApi(dir.path, { now });
    client = apiClient(api.baseUrl);
  }

  async function view(decisionId: string): Promise<DecisionView> {
    const response = await client.get<DecisionView>(`/v1/decisions/${decisionId}`, APPEALS);
    expect(response.status).toBe(200);
    return response.body;
  }

  /**
   * The position a decision must record: the last event, before it, of the professional's stream
   * or of the schemes stream, which are the two streams its decider was given.
   */
  async function lastSeenBefore(decision: DecisionView, professionalId: string): Promise<string> {
    const streams = new Set([professionalStream(professionalId), SCHEMES_STREAM]);
    const seen = (await ledgerEvents(api!.app)).filter(
      (event) => streams.has(event.streamId) && event.position < BigInt(decision.position),
    );
    return seen[seen.length - 1].position.toString();
  }

  /** The first view of a decision, to compare with the one after the ledger moved on. */
  const first = new Map<string, DecisionView>();
  async function taken(decisionId: string, professionalId: string): Promise<DecisionView> {
    const decision = await view(decisionId);
    expect(decision.basis).not.toBeNull();
    expect(decision.data.basis).toEqual(decision.basis);
    expect(decision.data.decidedAtPosition).toBe(await lastSeenBefore(decision, professionalId));
    expect(decision.verification).toEqual({
      atPosition: decision.data.decidedAtPosition,
      recomputed: decision.basis,
      agrees: true,
    });
    first.set(decisionId, decision);
    return decision;
  }

  it('keeps basis and verification of an admission, a refusal, sanctions and objection outcomes', async () => {
    // 2016-05-13: admissions, a certification refused, another professional certified.
    await at('2016-05-13T09:00:00Z');
    const registered = async (overrides: Json) =>
      (await client.post('/v1/professionals', REGISTRAR, registration(overrides))).body
        .professionalId as string;
    const anna = await registered({ name: 'Anna de Vries' });
    const cor = await registered({
      name: 'Cor Jansen',
      diploma: { level: 'mbo', field: 'Sociaal Werk' },
      experienceYears: 1,
    });

    const admission = await client.post(`/v1/professionals/${anna}/admission`, ASSESSOR, {
      outcome: 'admitted',
      reasons: ['HBO diploma, 6 years of experience, code signed'],
    });
    expect(admission.status).toBe(201);
    const admitted = await taken(admission.body.decisionId as string, anna);
    expect(admitted.basis).toEqual({
      schemeId: 'bvk-2016',
      requirements: {
        diplomaOrEvc: {
          met: true,
          given: { diplomaLevel: 'hbo', evc: false },
          required: ['hbo', 'wo'],
        },
        experienceYears: { met: true, given: 6, required: 2 },
        codeSigned: { met: true },
      },
      unmet: [],
    });
    expect(admitted.explanation.nl).toContain('Aan alle toegangseisen is voldaan.');
    expect(admitted.explanation.en).toContain('6 years, at least 2 required (met)');

    const corRefusal = await client.post(`/v1/professionals/${cor}/admission`, ASSESSOR, {
      outcome: 'refused',
      reasons: ['MBO diploma and one year of experience'],
    });
    expect(corRefusal.status).toBe(201);
    const refusedAdmission = await taken(corRefusal.body.decisionId as string, cor);
    expect(refusedAdmission.basis).toMatchObject({
      requirements: { diplomaOrEvc: { met: false }, experienceYears: { met: false, given: 1 } },
      unmet: [
        'a diploma of level hbo or wo or an EVC statement is required',
        'at least 2 years of experience as klantmanager are required (1 given)',
      ],
    });
    expect(refusedAdmission.explanation.nl).toContain(
      'Niet voldaan: diploma of EVC, werkervaring.',
    );

    const self = professional(anna);
    await client.put(`/v1/professionals/${anna}/development-plan`, self, { competencies: PLAN });
    const activityIds: string[] = [];
    for (const [index, { category, hours, review }] of RECORD.entries()) {
      const logged = await client.post(`/v1/professionals/${anna}/activities`, self, {
        title: `Activiteit ${index + 1}`,
        category,
        hours,
        competencies: PLAN,
        completedOn: `2016-0${(index % 4) + 1}-1${index}`,
      });
      expect(logged.status).toBe(201);
      activityIds.push(logged.body.activityId as string);
      if (review) {
        const reviewed = await client.post(
          `/v1/professionals/${anna}/activities/${activityIds[index]}/review`,
          ASSESSOR,
          {
            outcome: review,
            reason: review === 'approved' ? 'In order' : 'No accreditation found',
          },
        );
        expect(reviewed.status).toBe(201);
      }
    }
    const [rejectedId, unreviewedId] = [activityIds[3], activityIds[6]];
    const request = await client.post(`/v1/professionals/${anna}/certification-requests`, self, {});
    const refusal = await client.post(
      `/v1/professionals/${anna}/certification-decisions`,
      ASSESSOR,
      {
        requestId: request.body.requestId,
        outcome: 'refused',
        reasons: ['150 of 160 points'],
      },
    );
    expect(refusal.status).toBe(201);
    const refusalId = refusal.body.decisionId as string;
    const refused = await taken(refusalId, anna);
    expect(refused.basis).toMatchObject({ total: 150, schemeId: 'bvk-2016', pointsRequired: 160 });
    expect(
      (refused.basis?.activities as Json[]).find((a) => a.activityId === unreviewedId),
    ).toEqual(expect.objectContaining({ counted: 0, outcome: 'not-approved' }));

    const bram = await certifyFirstTime(client, 'Bram Peters');

    // 2016-05-20: the activity nobody had reviewed is approved, after the refusal that weighed it.
    await at('2016-05-20T09:00:00Z');
    const late = await client.post(
      `/v1/professionals/${anna}/activities/${unreviewedId}/review`,
      ASSESSOR,
      { outcome: 'approved', reason: 'Evidence arrived late' },
    );
    expect(late.status).toBe(201);

    // 2016-06-01 and 2016-06-10: Bram's certificate is suspended, then revoked.
    await at('2016-06-01T09:00:00Z');
    const suspension = await client.post(`/v1/professionals/${bram}/suspensions`, REGISTRAR, {
      until: '2016-12-01',
      reason: 'Complaint under investigation',
    });
    expect(suspension.status).toBe(201);
    const suspended = await taken(suspension.body.decisionId as string, bram);
    expect(suspended.basis).toEqual({
      certificateId: expect.any(String),
      validFrom: '2016-05-13',
      validUntil: '2020-05-13',
      maxSuspensionMonths: 12,
      status: 'certified',
    });
    expect(suspended.explanation.en).toContain('at most 12 months, so until 2017-06-01');

    await at('2016-06-10T09:00:00Z');
    const revocation = await client.post(`/v1/professionals/${bram}/revocation`, REGISTRAR, {
      reason: 'Fraud with evidence',
    });
    expect(revocation.status).toBe(201);
    const revocationId = revocation.body.decisionId as string;
    const revoked = await taken(revocationId, bram);
    expect(revoked.basis).toMatchObject({ status: 'suspended', validUntil: '2020-05-13' });
    expect(revoked.explanation.nl).toContain('de professional was op die dag geschorst');

    // 2016-06-15: both object; Anna's rejected activity is reviewed again while hers is open.
    await at('2016-06-15T09:00:00Z');
    const objections: Record<string, string> = {};
    for (const [who, decisionId] of [
      [anna, refusalId],
      [bram, revocationId],
    ]) {
      const lodged = await client.post(
        `/v1/decisions/${decisionId}/objections`,
        professional(who),
        {
          grounds: 'The decision overlooks the facts.',
        },
      );
      expect(lodged.status).toBe(201);
      objections[who] = lodged.body.objectionId as string;
    }
    const corrected = await client.post(
      `/v1/professionals/${anna}/activities/${rejectedId}/review`,
      ASSESSOR,
      { outcome: 'approved', reason: 'Accredited after all' },
    );
    expect(corrected.status).toBe(201);

    // 2016-07-01: both objections upheld; each outcome names what it weighed and set right.
    await at('2016-07-01T09:00:00Z');
    const outcomes: Record<string, { decisionId: string; replacementId: string }> = {};
    for (const who of [anna, bram]) {
      const decided = await client.post(`/v1/objections/${objections[who]}/decision`, APPEALS, {
        outcome: 'upheld',
        reasons: ['The grounds are well founded.'],
      });
      expect(decided.status).toBe(201);
      const trail = await client.get<{ events: Json[] }>(
        `/v1/professionals/${who}/audit-trail?limit=1000`,
        APPEALS,
      );
      const outcome = trail.body.events.find((event) => event.type === 'ObjectionDecided');
      outcomes[who] = {
        decisionId: (outcome?.data as Json).decisionId as string,
        replacementId: decided.body.replacementDecisionId as string,
      };
    }
    const annaOutcome = await taken(outcomes[anna].decisionId, anna);
    expect(annaOutcome.basis).toEqual({
      contestedDecisionId: refusalId,
      contestedType: 'CertificationRefused',
      correctedActivities: [{ activityId: rejectedId, outcome: 'approved' }],
      remedy: ['CertificateGranted'],
    });
    expect(annaOutcome.explanation.nl).toContain(`${rejectedId} goedgekeurd`);
    const bramOutcome = await taken(outcomes[bram].decisionId, bram);
    expect(bramOutcome.basis).toEqual({
      contestedDecisionId: revocationId,
      contestedType: 'CertificateRevoked',
      correctedActivities: [],
      remedy: ['RevocationReversed'],
    });
    expect(bramOutcome.explanation.en).toContain('Remedy: the revocation is reversed.');

    // The remedies are decisions too: the grant verifies, the reversal has no basis of its own.
    const grant = await view(outcomes[anna].replacementId);
    expect(grant).toMatchObject({ type: 'CertificateGranted', verification: { agrees: true } });
    first.set(outcomes[anna].replacementId, grant);
    const reversal = await view(outcomes[bram].replacementId);
    expect(reversal).toMatchObject({
      type: 'RevocationReversed',
      basis: null,
      verification: null,
      data: { decidedAtPosition: bramOutcome.data.decidedAtPosition },
    });
    expect(reversal.explanation.en).toContain(`objection ${objections[bram]} was upheld`);

    // Afterwards the ledger moves on: a new plan and activity, a second suspension, and a scheme
    // version published now but in force from the same day as the one every decision applied.
    await at('2016-07-05T09:00:00Z');
    const extra = await client.post(`/v1/professionals/${anna}/activities`, professional(anna), {
      title: 'Nog een training',
      category: 'reflectie',
      hours: 10,
      competencies: PLAN,
      completedOn: '2016-07-01',
    });
    expect(extra.status).toBe(201);
    expect(
      (
        await client.post(
          `/v1/professionals/${anna}/activities/${extra.body.activityId as string}/review`,
          ASSESSOR,
          { outcome: 'approved', reason: 'In order' },
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await client.post(`/v1/professionals/${bram}/suspensions`, REGISTRAR, {
          until: '2016-09-01',
          reason: 'A new complaint',
        })
      ).status,
    ).toBe(201);
    const published = await client.post('/v1/schemes', REGISTRAR, BACKDATED_SCHEME);
    expect(published.status).toBe(201);

    // Nothing appended later changes what a committee saw, nor the check of it.
    expect(first.size).toBe(8);
    for (const [decisionId, before] of first) {
      const after = await view(decisionId);
      expect({ decisionId, basis: after.basis }).toEqual({ decisionId, basis: before.basis });
      expect({ decisionId, verification: after.verification }).toEqual({
        decisionId,
        verification: before.verification,
      });
      expect(after.verification).toMatchObject({ agrees: true, recomputed: after.basis });
      expect(after.explanation).toEqual(before.explanation);
    }
  }, 120_000);

  it('explains a decision recorded before bases were stored from its data alone', async () => {
    // After the first test's last day: the domain clock never goes back.
    await at('2016-07-06T09:00:00Z');
    const registered = await client.post(
      '/v1/professionals',
      REGISTRAR,
      registration({ name: 'Dirk Oud' }),
    );
    const id = registered.body.professionalId as string;
    // Appended as the decider wrote admissions before they carried a basis and a position.
    const ledger = api!.app.get(Ledger);
    const decisionId = randomUUID();
    await ledger.append(
      professionalStream(id),
      id,
      [
        {
          type: 'AdmissionRefused',
          data: {
            professionalId: id,
            decisionId,
            schemeId: 'bvk-2016',
            decidedOn: '2016-07-06',
            reasons: ['Diploma not verifiable'],
          },
        },
      ],
      (await ledger.loadProfessional(id)).revision,
      {
        actor: { id: 'ass-1', role: 'assessor' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        recordedAt: '2016-07-06T09:00:00.000Z',
      },
      idSourceFor(),
    );
    const old = await view(decisionId);
    expect(old).toMatchObject({ type: 'AdmissionRefused', basis: null, verification: null });
    expect(old.explanation.nl).toBe(
      'Op 2016-07-06 is toelating geweigerd onder regeling bvk-2016. Bij dit besluit is geen grondslag vastgelegd: het dateert van vóór die registratie.',
    );
    expect(old.explanation.en).toContain('No basis was recorded with this decision');
  }, 60_000);
});
