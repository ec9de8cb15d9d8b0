import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { IntegrityRepository, migrateIntegrityDatabase } from '../integrity-database';
import { TreeTables } from '../tree-tables';
import { Frontier, type CompletedNode } from './frontier';
import {
  consistencyProof,
  inclusionProof,
  verifyConsistency,
  verifyInclusion,
  type PerfectSubtrees,
} from './proofs';

/*
 * The reference: RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 transcribed literally — recursion over
 * slices of the leaf list, hashing with createHash, nothing shared with the code under test.
 */
const sha = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const naiveLeaf = (entry: Buffer) => sha(Buffer.from([0]), entry);
const naiveNode = (left: Buffer, right: Buffer) => sha(Buffer.from([1]), left, right);
const largestPowerBelow = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

const memo = new Map<string, Buffer>();
/** MTH(D[start:end]) over the fixed leaf list; memoised, since every size reuses the ranges. */
function naiveMth(leaves: readonly Buffer[], start: number, end: number): Buffer {
  const key = `${start}:${end}`;
  const known = memo.get(key);
  if (known) return known;
  const n = end - start;
  let hash: Buffer;
  if (n === 0) hash = sha();
  else if (n === 1) hash = leaves[start];
  else {
    const k = largestPowerBelow(n);
    hash = naiveNode(naiveMth(leaves, start, start + k), naiveMth(leaves, start + k, end));
  }
  memo.set(key, hash);
  return hash;
}

function naivePath(leaves: readonly Buffer[], m: number, start: number, end: number): Buffer[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = largestPowerBelow(n);
  return m < k
    ? [...naivePath(leaves, m, start, start + k), naiveMth(leaves, start + k, end)]
    : [...naivePath(leaves, m - k, start + k, end), naiveMth(leaves, start, start + k)];
}

function naiveSubproof(
  leaves: readonly Buffer[],
  m: number,
  start: number,
  end: number,
  complete: boolean,
): Buffer[] {
  const n = end - start;
  if (m === n) return complete ? [] : [naiveMth(leaves, start, end)];
  const k = largestPowerBelow(n);
  return m <= k
    ? [...naiveSubproof(leaves, m, start, start + k, complete), naiveMth(leaves, start + k, end)]
    : [...naiveSubproof(leaves, m - k, start + k, end, false), naiveMth(leaves, start, start + k)];
}

const naiveConsistency = (leaves: readonly Buffer[], m: number, n: number) =>
  m === 0 || m === n ? [] : naiveSubproof(leaves, m, 0, n, true);

/** Jest's deep equality walks a Buffer byte by byte; hex text compares 90,000 proofs quickly. */
const hex = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex')).join(',');

const MAX = 300;
const leaves = Array.from({ length: MAX }, (_, i) => naiveLeaf(Buffer.from(`event ${i}`)));
const root = (n: number) => naiveMth(leaves, 0, n);

/** The tree the keeper would store: every perfect subtree, kept by the frontier's appends. */
function inMemorySubtrees(): PerfectSubtrees {
  const frontier = Frontier.empty();
  const nodes = new Map<string, Buffer>();
  leaves.forEach((leaf, index) => {
    nodes.set(`0:${index}`, leaf);
    const completed: CompletedNode[] = [];
    frontier.append(leaf, completed);
    for (const node of completed) nodes.set(`${node.level}:${node.index}`, node.hash);
  });
  return {
    perfect: (level, index) => {
      const hash = nodes.get(`${level}:${index}`);
      if (!hash) throw new Error(`no node ${level}:${index}`);
      return hash;
    },
  };
}

/** The same, written to and read back from the integrity schema in SQLite. */
function sqliteSubtrees(): { source: IntegrityRepository; close(): void } {
  const db = new Database(':memory:');
  migrateIntegrityDatabase(db);
  const tables = new TreeTables(db, '');
  const frontier = Frontier.empty();
  tables.transaction(() => {
    leaves.forEach((hash, leafIndex) => {
      const completed: CompletedNode[] = [];
      frontier.append(hash, completed);
      tables.write(
        [{ leafIndex, position: BigInt(leafIndex), eventId: `e${leafIndex}`, hash }],
        completed,
      );
    });
  });
  return { source: new IntegrityRepository(db), close: () => db.close() };
}

describe('the Merkle tree against a literal transcription of RFC 9162', () => {
  it('has the empty root and single-leaf root the RFC defines', () => {
    expect(Frontier.empty().root().toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const one = Frontier.empty();
    one.append(leaves[0]);
    expect(one.root()).toEqual(leaves[0]);
  });

  it('grows to the root of every size up to 300, and reloads from stored nodes at each', () => {
    const frontier = Frontier.empty();
    const stored = inMemorySubtrees();
    for (let n = 1; n <= MAX; n++) {
      frontier.append(leaves[n - 1]);
      expect(frontier.root()).toEqual(root(n));
      expect(Frontier.load(n, stored.perfect).root()).toEqual(root(n));
    }
  });

  describe.each([
    ['in memory', () => ({ source: inMemorySubtrees(), close: () => undefined })],
    ['in SQLite', sqliteSubtrees],
  ])('proofs from nodes kept %s', (_label, open) => {
    let source: PerfectSubtrees;
    let close: () => void;
    beforeAll(() => ({ source, close } = open()));
    afterAll(() => close());

    it('gives the RFC inclusion proof of each leaf in every size up to 300; it verifies', () => {
      let checked = 0;
      for (let n = 1; n <= MAX; n++) {
        for (let m = 0; m < n; m++) {
          const proof = inclusionProof(source, m, n);
          if (hex(proof) !== hex(naivePath(leaves, m, 0, n))) {
            throw new Error(`the inclusion proof of ${m} in ${n} is not the RFC's`);
          }
          if (!verifyInclusion(m, n, leaves[m], proof, root(n))) {
            throw new Error(`the inclusion proof of ${m} in ${n} does not verify`);
          }
          checked += 1;
        }
      }
      expect(checked).toBe((MAX * (MAX + 1)) / 2);
    });

    it('gives the RFC consistency proof of every pair of sizes up to 300, which verifies', () => {
      let checked = 0;
      for (let n = 0; n <= MAX; n++) {
        for (let m = 0; m <= n; m++) {
          const proof = consistencyProof(source, m, n);
          if (hex(proof) !== hex(naiveConsistency(leaves, m, n))) {
            throw new Error(`the consistency proof of ${m} in ${n} is not the RFC's`);
          }
          if (!verifyConsistency(m, n, root(m), root(n), proof)) {
            throw new Error(`the consistency proof of ${m} in ${n} does not verify`);
          }
          checked += 1;
        }
      }
      expect(checked).toBe(((MAX + 1) * (MAX + 2)) / 2);
    });
  });
});

describe('forged inclusion proofs', () => {
  const source = inMemorySubtrees();
  // Every size up to 300 with a few leaves each: first, last, and ones between.
  const cases: Array<[number, number]> = [];
  for (let n = 1; n <= MAX; n++) {
    for (const m of new Set([0, n - 1, Math.floor(n / 2), Math.floor(n / 3)])) cases.push([m, n]);
  }
  const rejected = (m: number, n: number, leaf: Buffer, path: Buffer[], treeRoot: Buffer) =>
    !verifyInclusion(m, n, leaf, path, treeRoot);

  it('are refused for another leaf index', () => {
    for (const [m, n] of cases) {
      const proof = inclusionProof(source, m, n);
      for (const other of [m - 1, m + 1, m ^ 1, n, -1]) {
        if (other === m) continue;
        expect(rejected(other, n, leaves[m], proof, root(n))).toBe(true);
      }
    }
  });

  it('are refused for another leaf, or against another root', () => {
    for (const [m, n] of cases) {
      const proof = inclusionProof(source, m, n);
      expect(rejected(m, n, naiveLeaf(Buffer.from('forged')), proof, root(n))).toBe(true);
      expect(rejected(m, n, leaves[m], proof, randomBytes(32))).toBe(true);
    }
  });

  it('are refused when truncated, extended or altered', () => {
    for (const [m, n] of cases) {
      const proof = inclusionProof(source, m, n);
      if (proof.length > 0) {
        expect(rejected(m, n, leaves[m], proof.slice(0, -1), root(n))).toBe(true);
        expect(rejected(m, n, leaves[m], proof.slice(1), root(n))).toBe(true);
        const flipped = proof.map((hash) => Buffer.from(hash));
        flipped[flipped.length - 1][0] ^= 1;
        expect(rejected(m, n, leaves[m], flipped, root(n))).toBe(true);
      }
      expect(rejected(m, n, leaves[m], [...proof, randomBytes(32)], root(n))).toBe(true);
      expect(rejected(m, n, leaves[m], [randomBytes(32), ...proof], root(n))).toBe(true);
      expect(rejected(m, n, leaves[m], [...proof, root(n)], root(n))).toBe(true);
      expect(rejected(m, n, leaves[m], [...proof, Buffer.alloc(31)], root(n))).toBe(true);
    }
  });

  it('are refused for a tree of another size', () => {
    for (const [m, n] of cases) {
      const proof = inclusionProof(source, m, n);
      for (const other of [n - 1, n + 1, 2 * n]) {
        if (other <= m || other > MAX) continue;
        expect(rejected(m, other, leaves[m], proof, root(other))).toBe(true);
      }
    }
  });
});

describe('forged consistency proofs', () => {
  const source = inMemorySubtrees();
  const cases: Array<[number, number]> = [];
  for (let n = 2; n <= MAX; n++) {
    for (const m of new Set([1, n - 1, Math.floor(n / 2), Math.floor(n / 3) || 1])) {
      cases.push([m, n]);
    }
  }
  const rejected = (m: number, n: number, first: Buffer, second: Buffer, proof: Buffer[]) =>
    !verifyConsistency(m, n, first, second, proof);

  it('are refused when truncated, extended or altered', () => {
    for (const [m, n] of cases) {
      const proof = consistencyProof(source, m, n);
      expect(proof.length).toBeGreaterThan(0);
      expect(rejected(m, n, root(m), root(n), proof.slice(0, -1))).toBe(true);
      expect(rejected(m, n, root(m), root(n), proof.slice(1))).toBe(true);
      expect(rejected(m, n, root(m), root(n), [...proof, randomBytes(32)])).toBe(true);
      expect(rejected(m, n, root(m), root(n), [randomBytes(32), ...proof])).toBe(true);
      const flipped = proof.map((hash) => Buffer.from(hash));
      flipped[0][31] ^= 0x80;
      expect(rejected(m, n, root(m), root(n), flipped)).toBe(true);
    }
  });

  it('are refused for other sizes or roots', () => {
    for (const [m, n] of cases) {
      const proof = consistencyProof(source, m, n);
      expect(rejected(m, n, randomBytes(32), root(n), proof)).toBe(true);
      expect(rejected(m, n, root(m), randomBytes(32), proof)).toBe(true);
      expect(rejected(n, m, root(n), root(m), proof)).toBe(true);
      for (const [first, second] of [
        [m + 1, n],
        [m, n + 1],
        [m - 1, n],
        [m, n - 1],
      ]) {
        if (first < 1 || second > MAX || first >= second) continue;
        if (first === m && second === n) continue;
        expect(rejected(first, second, root(first), root(second), proof)).toBe(true);
      }
    }
  });

  it('are refused between equal sizes with different roots, and take no proof for size 0', () => {
    expect(verifyConsistency(5, 5, root(5), root(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, root(5), root(6), [])).toBe(false);
    expect(verifyConsistency(5, 5, root(5), root(5), [root(5)])).toBe(false);
    expect(verifyConsistency(0, 7, root(0), root(7), [])).toBe(true);
    expect(verifyConsistency(0, 7, root(0), root(7), [root(7)])).toBe(false);
    expect(verifyConsistency(3, 7, root(3), root(7), [])).toBe(false);
  });

  it('refuses to make proofs for sizes that do not describe a tree', () => {
    expect(() => inclusionProof(source, 5, 5)).toThrow(RangeError);
    expect(() => inclusionProof(source, -1, 5)).toThrow(RangeError);
    expect(() => consistencyProof(source, 6, 5)).toThrow(RangeError);
    expect(() => consistencyProof(source, 1.5, 5)).toThrow(RangeError);
  });
});
