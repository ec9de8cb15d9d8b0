import { createHash } from 'node:crypto';

export type AuditSampleDrawn = {
  type: 'AuditSampleDrawn';
  data: {
    sampleId: string;
    seed: string;
    size: number;
    population: 'certified' | 'activities';
    /** The ledger position the population was taken at (a decimal string). */
    atPosition: string;
    populationSize: number;
    members: string[];
  };
};

/**
 * The random audit (steekproef) anyone can recompute: the first `size` candidates ordered by
 * SHA-256(seed ‖ candidate), ties broken by the candidate itself.
 */
export function drawSample(seed: string, size: number, candidates: readonly string[]): string[] {
  return [...new Set(candidates)]
    .map((candidate) => ({
      candidate,
      key: createHash('sha256')
        .update(seed + candidate)
        .digest('hex'),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.candidate < b.candidate ? -1 : 1))
    .slice(0, Math.max(0, size))
    .map((entry) => entry.candidate);
}
