import { RecentEvents, type InsertedEvent } from './recent-events';

function inserted(position: number): InsertedEvent {
  return {
    position: BigInt(position),
    streamId: `stream-${position % 3}`,
    revision: BigInt(Math.floor(position / 3)),
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'Tested',
    data: JSON.stringify({ position, text: 'ë\u2028' }),
    metadata: JSON.stringify({ recordedAt: '2016-05-13T09:00:00.000Z' }),
    storedAt: 1_463_130_000_000n + BigInt(position),
  };
}

function commitRange(recent: RecentEvents, from: number, to: number): void {
  for (let position = from; position <= to; position++) recent.stage(inserted(position));
  recent.commit();
}

describe('RecentEvents', () => {
  it('serves committed events as they would be read back from the database', () => {
    const recent = new RecentEvents();
    commitRange(recent, 0, 4);
    expect(recent.readForwards(2n, 10)).toEqual(
      [2, 3, 4].map((p) => ({
        position: BigInt(p),
        streamId: `stream-${p % 3}`,
        revision: BigInt(Math.floor(p / 3)),
        id: inserted(p).id,
        type: 'Tested',
        data: { position: p, text: 'ë\u2028' },
        metadata: { recordedAt: '2016-05-13T09:00:00.000Z' },
        storedAt: new Date(1_463_130_000_000 + p),
      })),
    );
    expect(recent.readForwards(0n, 2)?.map((e) => e.position)).toEqual([0n, 1n]);
  });

  it('hands every reader the same objects', () => {
    const recent = new RecentEvents();
    commitRange(recent, 0, 2);
    expect(recent.readForwards(1n, 5)?.[0]).toBe(recent.readForwards(1n, 5)?.[0]);
  });

  it('answers undefined outside its run, so that the database is read instead', () => {
    const recent = new RecentEvents();
    expect(recent.readForwards(0n, 10)).toBeUndefined();
    commitRange(recent, 10, 12);
    expect(recent.readForwards(9n, 10)).toBeUndefined();
    expect(recent.readForwards(13n, 10)).toBeUndefined();
  });

  it('never serves what was staged but rolled back, nor before its commit', () => {
    const recent = new RecentEvents();
    commitRange(recent, 0, 1);
    recent.stage(inserted(2));
    expect(recent.readForwards(2n, 10)).toBeUndefined();
    recent.discard();
    recent.commit();
    expect(recent.readForwards(2n, 10)).toBeUndefined();
    commitRange(recent, 2, 3);
    expect(recent.readForwards(0n, 10)?.map((e) => e.position)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('returns what a commit made readable, and nothing after a discard', () => {
    const recent = new RecentEvents();
    recent.stage(inserted(0));
    recent.discard();
    expect(recent.commit()).toEqual([]);
    recent.stage(inserted(0));
    recent.stage(inserted(1));
    expect(recent.commit().map((event) => event.position)).toEqual([0n, 1n]);
  });

  it('starts a new run after a gap (an append by another process)', () => {
    const recent = new RecentEvents();
    commitRange(recent, 0, 3);
    commitRange(recent, 6, 7);
    expect(recent.readForwards(2n, 10)).toBeUndefined();
    expect(recent.readForwards(6n, 10)?.map((e) => e.position)).toEqual([6n, 7n]);
  });

  it('keeps at least its capacity of the newest events and drops older ones', () => {
    const recent = new RecentEvents(4);
    for (let position = 0; position < 20; position++) commitRange(recent, position, position);
    expect(recent.readForwards(0n, 10)).toBeUndefined();
    expect(recent.readForwards(16n, 10)?.map((e) => Number(e.position))).toEqual([16, 17, 18, 19]);
  });
});
