import { createHash } from 'node:crypto';
import { drawSample } from '@vakregister/certification';

const population = Array.from(
  { length: 50 },
  (_, index) => `VR${String(index + 1).padStart(6, '0')}`,
);

/** The order PRODUCT.md promises anyone can recompute: SHA-256 of seed ‖ candidate. */
function recompute(seed: string, size: number, candidates: string[]): string[] {
  return [...candidates]
    .map((candidate) => ({
      candidate,
      key: createHash('sha256').update(`${seed}${candidate}`).digest('hex'),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .slice(0, size)
    .map((entry) => entry.candidate);
}

describe('audit sample (steekproef)', () => {
  it('takes the first k candidates ordered by SHA-256(seed ‖ candidate)', () => {
    const sample = drawSample('steekproef-2017-q1', 5, population);
    expect(sample).toHaveLength(5);
    expect(sample).toEqual(recompute('steekproef-2017-q1', 5, population));
  });

  it('is the same for the same seed and candidates, whatever their order', () => {
    const reversed = [...population].reverse();
    const shuffled = [...population].sort((a, b) =>
      (a.slice(-1) + a).localeCompare(b.slice(-1) + b),
    );
    const sample = drawSample('seed', 7, population);
    expect(drawSample('seed', 7, population)).toEqual(sample);
    expect(drawSample('seed', 7, reversed)).toEqual(sample);
    expect(drawSample('seed', 7, shuffled)).toEqual(sample);
  });

  it('differs for another seed', () => {
    expect(drawSample('seed-a', 5, population)).not.toEqual(drawSample('seed-b', 5, population));
  });

  it('is not simply the first candidates', () => {
    expect(drawSample('seed', 5, population)).not.toEqual(population.slice(0, 5));
  });

  it('grows by extension: a larger sample starts with the smaller one', () => {
    const small = drawSample('seed', 5, population);
    expect(drawSample('seed', 10, population).slice(0, 5)).toEqual(small);
  });

  it('takes everyone when the size exceeds the population', () => {
    const sample = drawSample('seed', 100, population);
    expect(sample).toHaveLength(50);
    expect([...sample].sort()).toEqual(population);
  });

  it('counts a candidate listed twice once', () => {
    const sample = drawSample('seed', 10, ['a-1', 'a-2', 'a-1']);
    expect([...sample].sort()).toEqual(['a-1', 'a-2']);
  });

  it('is empty for size 0, a negative size or no candidates', () => {
    expect(drawSample('seed', 0, population)).toEqual([]);
    expect(drawSample('seed', -3, population)).toEqual([]);
    expect(drawSample('seed', 5, [])).toEqual([]);
  });
});
