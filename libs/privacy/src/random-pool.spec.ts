import { RandomPool } from './random-pool';

describe('RandomPool', () => {
  it('hands out pieces of the asked size that are never the same', () => {
    const pool = new RandomPool(12, 8);
    const pieces = Array.from({ length: 100 }, () => pool.next());
    expect(pieces.every((piece) => piece.length === 12)).toBe(true);
    expect(new Set(pieces.map((piece) => piece.toString('hex'))).size).toBe(100);
  });

  it('hands out copies, so that a later draw does not change an earlier piece', () => {
    const pool = new RandomPool(4, 2);
    const first = pool.next();
    const kept = Buffer.from(first);
    for (let i = 0; i < 10; i++) pool.next();
    expect(first.equals(kept)).toBe(true);
  });
});
