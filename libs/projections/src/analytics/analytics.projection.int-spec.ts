import type { LocalDate, ProfessionalEvent } from '@vakregister/certification';
import { idSourceFor } from '@vakregister/ledger';
import {
  admissionRefused,
  admitted,
  approvedActivity,
  certified,
  granted,
  makeTempDir,
  objectionDecided,
  objectionLodged,
  refused,
  registered,
  rejectedActivity,
  renewalRequested,
  requested,
  reviewCorrected,
  revoked,
  withdrew,
  dumpTable as dump,
  aboutProfessional as about,
} from '@vakregister/testing';
import { ProjectionEngine } from '../runner/projection-engine';
import { ProjectionHarness } from '../testing/projection-harness';
import { openReadModelDatabase } from '../runner/read-model-database';
import { analyticsProjection } from './analytics.projection';
import { AnalyticsQueries, type PilotGroup } from './analytics.queries';

const TABLES = analyticsProjection.tables;

/** The analytics projection over a ledger of its own, with its queries. */
class Harness extends ProjectionHarness {
  readonly queries = new AnalyticsQueries(this.db);

  constructor() {
    super(analyticsProjection);
  }

  /** Appends the events (made about the professional) each on its own; returns the last position. */
  async record(professionalId: string, ...events: ProfessionalEvent[]): Promise<bigint> {
    const positions = await this.appendEach(
      professionalId,
      '2016-01-04T10:00:00.000Z',
      about(professionalId, events),
      { id: 'assessor-1', role: 'assessor' },
    );
    return positions[positions.length - 1] ?? -1n;
  }

  tables() {
    return Object.fromEntries(TABLES.map((table) => [table, dump(this.db, table)]));
  }

  group(asOf: LocalDate, municipality: string, sector: string): PilotGroup | undefined {
    return this.queries
      .pilot(asOf)
      .groups.find((group) => group.municipality === municipality && group.sector === sector);
  }
}

/**
 * A small pilot: p-1 (Nijmegen, werk) certified and renewed, one rejection corrected on
 * objection, later revoked; p-2 (Nijmegen, werk) refused admission, upheld on objection; p-3
 * (Arnhem, registered in werk and corrected to inkomen) refused certification, then withdrew.
 */
async function recordPilot(h: Harness, projectBetween = false): Promise<bigint> {
  const step = async (professionalId: string, ...events: ProfessionalEvent[]) => {
    const position = await h.record(professionalId, ...events);
    if (projectBetween) await h.project();
    return position;
  };
  await step('p-1', registered({ registeredOn: '2016-01-04' }), admitted('2016-01-15'));
  await step('p-2', registered({ registeredOn: '2016-01-04', registrationNumber: 'VR000002' }));
  await step(
    'p-1',
    ...approvedActivity('a-1', { category: 'scholing', hours: 40, completedOn: '2016-03-01' }),
    ...rejectedActivity('a-2', { category: 'reflectie', hours: 10, completedOn: '2016-03-02' }),
    ...certified({ validFrom: '2016-06-01' }),
  );
  await step(
    'p-2',
    admissionRefused('2016-01-15', 'refusal-p2'),
    objectionLodged('o-2', { decisionId: 'refusal-p2', decidedOn: '2016-01-15' }),
    objectionDecided('o-2', 'refusal-p2', 'upheld', '2016-03-01'),
    admitted('2016-03-01', 'admission-p2'),
  );
  await step(
    'p-3',
    registered({ registeredOn: '2016-02-01', municipality: 'Arnhem', registrationNumber: 'VR3' }),
    admitted('2016-02-15', 'admission-p3'),
    requested('r-3', '2016-05-01'),
    refused('r-3', '2016-05-01'),
    {
      type: 'ProfessionalDetailsCorrected',
      data: {
        professionalId: 'p-3',
        changes: { sector: 'inkomen' },
        reason: 'typo',
      },
    },
  );
  await step(
    'p-1',
    objectionLodged('o-1', { decisionId: 'decision-cert-1', decidedOn: '2016-06-01' }),
    reviewCorrected('a-2', 'o-1', 'approved', '2016-07-01'),
    objectionDecided('o-1', 'decision-cert-1', 'rejected', '2016-07-01'),
  );
  await step('p-3', withdrew('2016-06-01'));
  return step(
    'p-1',
    renewalRequested('r-2', '2020-03-01'),
    granted('r-2', { certificateId: 'cert-2', validFrom: '2020-06-01', decidedOn: '2020-04-01' }),
    revoked('2021-01-01', 'revocation-1', 'cert-2'),
  );
}

describe('analytics projection', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('counts per municipality and sector, as of a date in valid time', async () => {
    await recordPilot(h);
    await h.project();

    expect(h.queries.pilot('2016-01-10')).toEqual({
      asOf: '2016-01-10',
      groups: [
        expect.objectContaining({
          municipality: 'Nijmegen',
          sector: 'werk',
          registered: 2,
          admitted: 0,
        }),
      ],
    });

    const nijmegen2016 = h.group('2016-12-31', 'Nijmegen', 'werk');
    expect(nijmegen2016).toEqual({
      municipality: 'Nijmegen',
      sector: 'werk',
      registered: 2,
      admitted: 2,
      certified: 1,
      admissionRefused: 1,
      certificationRefused: 0,
      expired: 0,
      revoked: 0,
      withdrawn: 0,
      // 2016-01-04 to 2016-06-01 (a leap year).
      medianDaysToCertification: 149,
      pointsPerCategory: { scholing: 40, reflectie: 10 },
      pointsPerCompetency: { gespreksvoering: 50, 'wet-en-regelgeving': 50 },
      activitiesRejectedShare: 0,
      objectionsLodged: 2,
      objectionsUpheld: 1,
      renewalRate: null,
    });
    expect(h.group('2016-12-31', 'Arnhem', 'inkomen')).toMatchObject({
      registered: 1,
      admitted: 1,
      certified: 0,
      certificationRefused: 1,
      withdrawn: 1,
      medianDaysToCertification: null,
      pointsPerCategory: {},
      activitiesRejectedShare: null,
      renewalRate: null,
    });
    // The correction moves p-3 for every date: no Arnhem/werk group remains.
    expect(h.group('2016-12-31', 'Arnhem', 'werk')).toBeUndefined();

    // Before the correction on objection, a-2 stood rejected.
    expect(h.group('2016-06-30', 'Nijmegen', 'werk')).toMatchObject({
      pointsPerCategory: { scholing: 40 },
      pointsPerCompetency: { gespreksvoering: 40, 'wet-en-regelgeving': 40 },
      activitiesRejectedShare: 0.5,
      objectionsLodged: 2,
      objectionsUpheld: 1,
    });
    expect(h.group('2016-05-31', 'Nijmegen', 'werk')).toMatchObject({
      certified: 0,
      medianDaysToCertification: null,
      objectionsLodged: 1,
    });

    // cert-1 was renewed before it ended; cert-2 revoked in 2021, not yet due itself.
    expect(h.group('2020-12-31', 'Nijmegen', 'werk')).toMatchObject({
      certified: 1,
      renewalRate: 1,
      revoked: 0,
    });
    expect(h.group('2021-06-30', 'Nijmegen', 'werk')).toMatchObject({ revoked: 1 });
  });

  it('changes nothing when an event is applied twice, or an old one again later', async () => {
    await recordPilot(h);
    await h.project();
    const once = h.tables();
    const figures = h.queries.pilot('2021-06-30');

    const twice = new Harness();
    try {
      twice.applyEachTwice(await h.recorded());
      expect(twice.tables()).toEqual(once);
    } finally {
      await twice.close();
    }
    // Redelivered after everything: no figure moves.
    await h.redeliverAll();
    expect(h.tables()).toEqual(once);
    expect(h.queries.pilot('2021-06-30')).toEqual(figures);
  });

  it('ignores events outside professional streams', async () => {
    await h.ledger.publishDefaultSchemeIfEmpty('2016-01-01T09:00:00.000Z', idSourceFor());
    await h.project();
    expect(h.queries.pilot('2030-01-01')).toEqual({ asOf: '2030-01-01', groups: [] });
    expect(Object.values(h.tables()).flat()).toEqual([]);
  });

  it('builds the same tables incrementally as in one run and in a rebuild', async () => {
    const last = await recordPilot(h, true);
    const incremental = h.tables();
    const engineDir = makeTempDir('analytics-engine');
    const db = openReadModelDatabase(engineDir.path);
    const engine = new ProjectionEngine(
      h.store,
      db,
      [analyticsProjection],
      (event) => h.ledger.toDomain(event),
      { log: () => undefined, error: () => undefined },
      { batchSize: 3 },
    );
    const engineTables = () => Object.fromEntries(TABLES.map((t) => [t, dump(db, t)]));
    try {
      await engine.start();
      expect(await engine.waitFor(last, 5000)).toBe(true);
      expect(engineTables()).toEqual(incremental);
      await engine.rebuild('analytics');
      expect(engineTables()).toEqual(incremental);
      expect(new AnalyticsQueries(db).pilot('2021-06-30')).toEqual(h.queries.pilot('2021-06-30'));
    } finally {
      await engine.stop();
      db.close();
      engineDir.remove();
    }
  });
});
