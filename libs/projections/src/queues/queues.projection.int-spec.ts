import type { LocalDate, ProfessionalEvent } from '@vakregister/certification';
import { idSourceFor } from '@vakregister/ledger';
import {
  admissionRefused,
  admitted,
  approvedActivity,
  granted,
  loggedActivity,
  makeTempDir,
  refused,
  registered,
  rejectedActivity,
  renewalRequested,
  requested,
  testEvent,
  withdrew,
  dumpTable as dump,
  aboutProfessional as about,
} from '@vakregister/testing';
import { ProjectionEngine } from '../runner/projection-engine';
import { ProjectionHarness } from '../testing/projection-harness';
import { openReadModelDatabase } from '../runner/read-model-database';
import { queuesProjection, readQueue, type QueueName } from './queues.projection';

function registration(professionalId: string, registrationNumber: string): ProfessionalEvent {
  return registered({ professionalId, registrationNumber });
}

const activity = { category: 'scholing', hours: 8, completedOn: '2016-03-01' };

/** The queues projection over a ledger of its own. */
class Harness extends ProjectionHarness {
  constructor() {
    super(queuesProjection);
  }

  /** Appends each event on its own, recorded on `on` at 10:00 UTC; returns their positions. */
  record(professionalId: string, on: LocalDate, ...events: ProfessionalEvent[]): Promise<bigint[]> {
    return this.appendEach(professionalId, `${on}T10:00:00.000Z`, events, {
      id: 'assessor-1',
      role: 'assessor',
    });
  }

  /** Item ids of a queue, oldest first. */
  ids(queue: QueueName): string[] {
    return readQueue(this.db, queue, 1000).map((item) => item.itemId);
  }

  tables() {
    return { items: dump(this.db, 'queue_items'), positions: dump(this.db, 'queue_positions') };
  }
}

describe('queues projection', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('queues applicants for admission until an admission decision', async () => {
    const [first] = await h.record('p-1', '2016-01-04', registration('p-1', 'VR000001'));
    await h.record('p-2', '2016-01-05', registration('p-2', 'VR000002'));
    await h.project();
    expect(readQueue(h.db, 'admissions', 10)).toEqual([
      {
        itemId: 'p-1',
        professionalId: 'p-1',
        since: '2016-01-04T10:00:00.000Z',
        sincePosition: String(first),
        dueOn: null,
        summary: { registrationNumber: 'VR000001' },
      },
      expect.objectContaining({ itemId: 'p-2', summary: { registrationNumber: 'VR000002' } }),
    ]);

    await h.record('p-1', '2016-01-15', admitted());
    await h.project();
    expect(h.ids('admissions')).toEqual(['p-2']);
    await h.record('p-2', '2016-01-15', ...about('p-2', [admissionRefused()]));
    await h.project();
    expect(h.ids('admissions')).toEqual([]);
  });

  it('queues logged activities for review until approved, rejected or withdrawn', async () => {
    await h.record('p-1', '2016-01-04', registration('p-1', 'VR000001'), admitted());
    await h.record('p-2', '2016-01-04', ...about('p-2', [registration('p-2', 'VR000002')]));
    await h.record('p-1', '2016-03-01', loggedActivity('a-1', activity));
    await h.record('p-1', '2016-03-02', loggedActivity('a-2', { ...activity, hours: 2.5 }));
    await h.record('p-2', '2016-03-03', ...about('p-2', [loggedActivity('a-3', activity)]));
    await h.project();
    expect(readQueue(h.db, 'reviews', 10).map((item) => [item.itemId, item.summary])).toEqual([
      ['a-1', { category: 'scholing', hours: 8, completedOn: '2016-03-01' }],
      ['a-2', { category: 'scholing', hours: 2.5, completedOn: '2016-03-01' }],
      ['a-3', { category: 'scholing', hours: 8, completedOn: '2016-03-01' }],
    ]);

    await h.record('p-1', '2016-03-10', approvedActivity('a-1', activity)[1]);
    await h.project();
    expect(h.ids('reviews')).toEqual(['a-2', 'a-3']);
    await h.record('p-1', '2016-03-10', rejectedActivity('a-2', activity)[1]);
    await h.record('p-2', '2016-03-10', {
      type: 'ActivityWithdrawn',
      data: { professionalId: 'p-2', activityId: 'a-3' },
    });
    await h.project();
    expect(h.ids('reviews')).toEqual([]);
  });

  it('queues certification requests, a renewal due on the end of the certificate', async () => {
    await h.record('p-1', '2016-01-04', registration('p-1', 'VR000001'), admitted());
    await h.record('p-1', '2016-05-13', requested('r-1', '2016-05-13'));
    await h.project();
    expect(readQueue(h.db, 'certification-requests', 10)).toEqual([
      expect.objectContaining({
        itemId: 'r-1',
        dueOn: null,
        summary: { kind: 'first', requestedOn: '2016-05-13' },
      }),
    ]);

    await h.record('p-1', '2016-05-20', refused('r-1', '2016-05-20'));
    await h.record('p-1', '2016-06-01', requested('r-2', '2016-06-01'));
    await h.record(
      'p-1',
      '2016-06-01',
      granted('r-2', { certificateId: 'cert-1', validFrom: '2016-06-01' }),
    );
    await h.record('p-1', '2019-12-15', renewalRequested('r-3', '2019-12-15'));
    await h.project();
    expect(readQueue(h.db, 'certification-requests', 10)).toEqual([
      expect.objectContaining({
        itemId: 'r-3',
        dueOn: '2020-06-01',
        summary: { kind: 'renewal', requestedOn: '2019-12-15' },
      }),
    ]);

    await h.record('p-1', '2020-01-10', {
      type: 'CertificationRequestWithdrawn',
      data: { professionalId: 'p-1', requestId: 'r-3' },
    });
    await h.project();
    expect(h.ids('certification-requests')).toEqual([]);
  });

  it('drops every open item of a professional who withdraws, and only theirs', async () => {
    await h.record('p-1', '2016-01-04', registration('p-1', 'VR000001'), admitted());
    await h.record('p-2', '2016-01-04', registration('p-2', 'VR000002'));
    await h.record('p-1', '2016-03-01', loggedActivity('a-1', activity));
    await h.record('p-1', '2016-05-13', requested('r-1', '2016-05-13'));
    await h.record(
      'p-2',
      '2016-05-13',
      ...about('p-2', [admitted(), loggedActivity('a-2', activity)]),
    );
    await h.record('p-3', '2016-05-14', registration('p-3', 'VR000003'));
    await h.project();
    await h.record('p-1', '2016-06-01', withdrew('2016-06-01'));
    await h.record('p-3', '2016-06-01', ...about('p-3', [withdrew('2016-06-01')]));
    await h.project();
    expect({
      admissions: h.ids('admissions'),
      reviews: h.ids('reviews'),
      requests: h.ids('certification-requests'),
    }).toEqual({ admissions: [], reviews: ['a-2'], requests: [] });
  });

  it('reads a queue oldest first, in pages after a position', async () => {
    const positions: bigint[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      positions.push(
        ...(await h.record(`p-${n}`, '2016-01-04', registration(`p-${n}`, `VR00000${n}`))),
      );
    }
    await h.project();
    const first = readQueue(h.db, 'admissions', 2);
    expect(first.map((item) => item.itemId)).toEqual(['p-1', 'p-2']);
    const second = readQueue(h.db, 'admissions', 2, BigInt(first[1].sincePosition));
    expect(second.map((item) => item.itemId)).toEqual(['p-3', 'p-4']);
    const third = readQueue(h.db, 'admissions', 2, BigInt(second[1].sincePosition));
    expect(third.map((item) => [item.itemId, item.sincePosition])).toEqual([
      ['p-5', String(positions[4])],
    ]);
    expect(readQueue(h.db, 'admissions', 2, positions[4])).toEqual([]);
    expect(readQueue(h.db, 'objections', 10)).toEqual([]);
  });

  it('changes nothing when an event is applied twice, or an old one again later', async () => {
    await h.record('p-1', '2016-01-04', registration('p-1', 'VR000001'));
    await h.record('p-1', '2016-01-15', admitted());
    await h.record('p-1', '2016-03-01', ...approvedActivity('a-1', activity));
    await h.record('p-1', '2016-03-02', loggedActivity('a-2', activity));
    await h.record('p-2', '2016-03-03', registration('p-2', 'VR000002'));
    await h.project();
    const once = h.tables();
    expect(h.ids('admissions')).toEqual(['p-2']);

    const twice = new Harness();
    try {
      twice.applyEachTwice(await h.recorded());
      expect(twice.tables()).toEqual(once);
    } finally {
      await twice.close();
    }

    // Redelivered after the decisions: the registration and the first log must not come back.
    await h.redeliverAll();
    expect(h.tables()).toEqual(once);
    expect(h.ids('admissions')).toEqual(['p-2']);
    expect(h.ids('reviews')).toEqual(['a-2']);
  });

  it('ignores events outside professional streams', async () => {
    await h.ledger.publishDefaultSchemeIfEmpty('2016-01-01T09:00:00.000Z', idSourceFor());
    await h.store.appendToStream(
      'imports',
      [testEvent('ProfessionalRegistered', { ...registration('p-9', 'VR000009').data })],
      { expectedRevision: 'any' },
    );
    await h.project();
    expect(h.tables()).toEqual({ items: [], positions: [] });
  });

  it('builds the same tables when run by the ProjectionEngine', async () => {
    await h.record('p-1', '2016-01-04', registration('p-1', 'VR000001'), admitted());
    await h.record('p-1', '2016-03-01', ...approvedActivity('a-1', activity));
    await h.record('p-2', '2016-03-03', registration('p-2', 'VR000002'));
    const [last] = await h.record('p-1', '2016-05-13', requested('r-1', '2016-05-13'));
    await h.project();
    const engineDir = makeTempDir('queues-engine');
    const db = openReadModelDatabase(engineDir.path);
    const engine = new ProjectionEngine(
      h.store,
      db,
      [queuesProjection],
      (event) => h.ledger.toDomain(event),
      { log: () => undefined, error: () => undefined },
    );
    try {
      await engine.start();
      expect(await engine.waitFor(last, 5000)).toBe(true);
      expect({ items: dump(db, 'queue_items'), positions: dump(db, 'queue_positions') }).toEqual(
        h.tables(),
      );
      expect(h.ids('certification-requests')).toEqual(['r-1']);
    } finally {
      await engine.stop();
      db.close();
      engineDir.remove();
    }
  });
});
