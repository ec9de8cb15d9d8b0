import Database from 'better-sqlite3';
import fc from 'fast-check';
import { dumpTable } from '@vakregister/testing';
import { queuesProjection, type QueueName } from './queues.projection';
import { openItems } from './open-items';

type Operation =
  | { kind: 'add'; queue: QueueName; item: number; professional: number; summary: number }
  | { kind: 'remove'; queue: QueueName; item: number }
  | { kind: 'setDue'; queue: QueueName; item: number; day: number }
  | { kind: 'removeAll' | 'removeWork'; professional: number }
  | { kind: 'flush' };

const queue = fc.constantFrom<QueueName>('admissions', 'reviews', 'objections');
const item = fc.nat(5);
const professional = fc.nat(2);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      queue,
      item,
      professional,
      summary: fc.nat(9),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), queue, item }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setDue' as const),
      queue,
      item,
      day: fc.integer({ min: 1, max: 28 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('removeAll' as const, 'removeWork' as const),
      professional,
    }),
  },
);

/** The items table after the operations, applied live or as a rebuild holding `limit` items. */
function itemsAfter(operations: readonly Operation[], mode: 'live' | 'rebuild', limit: number) {
  const db = new Database(':memory:');
  try {
    queuesProjection.createTables(db, '');
    queuesProjection.createIndexes(db, '');
    const items = openItems(db, 'queue_items', mode, limit);
    operations.forEach((op, position) => {
      if (op.kind === 'add') {
        items.add({
          queue: op.queue,
          itemId: `i-${op.item}`,
          professionalId: `p-${op.professional}`,
          sincePosition: BigInt(position),
          sinceAt: `t-${position}`,
          dueOn: null,
          summary: JSON.stringify({ summary: op.summary }),
        });
      } else if (op.kind === 'remove') items.remove(op.queue, `i-${op.item}`);
      else if (op.kind === 'setDue') items.setDue(op.queue, `i-${op.item}`, `2024-02-${op.day}`);
      else if (op.kind === 'removeAll') items.removeAll(`p-${op.professional}`);
      else if (op.kind === 'removeWork') items.removeWork(`p-${op.professional}`);
    });
    items.flush();
    return dumpTable(db, 'queue_items');
  } finally {
    db.close();
  }
}

describe('open queue items', () => {
  it('end a rebuild with the table the live changes make, however few it holds in memory', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        (operations, limit) => {
          const live = itemsAfter(operations, 'live', limit);
          expect(itemsAfter(operations, 'rebuild', limit)).toEqual(live);
          expect(itemsAfter(operations, 'rebuild', 1_000)).toEqual(live);
        },
      ),
      { seed: 2016, numRuns: 300 },
    );
  });

  it('keep the first version of an item added twice, as INSERT OR IGNORE does', () => {
    const add = (summary: number): Operation => ({
      kind: 'add',
      queue: 'reviews',
      item: 1,
      professional: 0,
      summary,
    });
    const rows = itemsAfter([add(1), add(2)], 'rebuild', 1_000) as Array<{ summary: string }>;
    expect(rows.map((row) => row.summary)).toEqual([JSON.stringify({ summary: 1 })]);
  });
});
