import { HASH_LENGTH, hashChildren, splitPoint } from './hashes';

/**
 * Where proofs get their hashes from: the hash of a perfect subtree, `2^level` leaves starting
 * at leaf `index * 2^level`. Every other range of an RFC 9162 tree is composed of those.
 */
export interface PerfectSubtrees {
  perfect(level: number, index: number): Buffer;
}

/** A proof was asked for sizes or indexes that do not describe a tree. */
export class ProofRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ProofRangeError';
  }
}

/**
 * MTH(D[start:end]) for a range that occurs in the RFC 9162 recursion: its perfect parts are
 * aligned to their own size, so each is one stored node.
 */
export function rangeHash(source: PerfectSubtrees, start: number, end: number): Buffer {
  const size = end - start;
  if (size < 1) throw new ProofRangeError(`Empty range [${start}, ${end})`);
  if (isPowerOfTwo(size)) {
    if (start % size !== 0) throw new ProofRangeError(`Unaligned range [${start}, ${end})`);
    return source.perfect(log2(size), start / size);
  }
  const k = splitPoint(size);
  return hashChildren(rangeHash(source, start, start + k), rangeHash(source, start + k, end));
}

// Arithmetic rather than `n & (n - 1)`: bit operators truncate to 32 bits, and tree sizes are
// any safe integer.
function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

function log2(powerOfTwo: number): number {
  let level = 0;
  for (let n = powerOfTwo; n > 1; n /= 2) level += 1;
  return level;
}

/** RFC 9162 §2.1.3.1: PATH(index, D[0:size]), the audit path from the leaf to the root. */
export function inclusionProof(source: PerfectSubtrees, index: number, size: number): Buffer[] {
  assertTreeSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new ProofRangeError(`Leaf ${index} is not in a tree of size ${size}`);
  }
  const path: Buffer[] = [];
  const walk = (m: number, start: number, end: number): void => {
    if (end - start <= 1) return;
    const k = splitPoint(end - start);
    if (m < k) {
      walk(m, start, start + k);
      path.push(rangeHash(source, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(rangeHash(source, start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/**
 * RFC 9162 §2.1.4.1: PROOF(first, D[0:second]). Empty when `first` is 0 or equals `second`:
 * every tree extends the empty tree and itself.
 */
export function consistencyProof(source: PerfectSubtrees, first: number, second: number): Buffer[] {
  assertTreeSize(first);
  assertTreeSize(second);
  if (first > second) {
    throw new ProofRangeError(`A tree of size ${first} cannot be a prefix of one of ${second}`);
  }
  if (first === 0 || first === second) return [];
  const proof: Buffer[] = [];
  const subproof = (m: number, start: number, end: number, complete: boolean): void => {
    if (m === end - start) {
      if (!complete) proof.push(rangeHash(source, start, end));
      return;
    }
    const k = splitPoint(end - start);
    if (m <= k) {
      subproof(m, start, start + k, complete);
      proof.push(rangeHash(source, start + k, end));
    } else {
      subproof(m - k, start + k, end, false);
      proof.push(rangeHash(source, start, start + k));
    }
  };
  subproof(first, 0, second, true);
  return proof;
}

function assertTreeSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new ProofRangeError(`${size} is not a tree size`);
  }
}

const isHash = (value: Buffer) => Buffer.isBuffer(value) && value.length === HASH_LENGTH;

/** JavaScript's bit operators work on 32 bits; tree sizes are safe integers. */
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * RFC 9162 §2.1.3.2, step by step: recomputes the root from the leaf hash and the path and
 * compares it with `root`. Every path element must be used, so a padded or truncated path fails.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Buffer,
  path: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size)) return false;
  if (index < 0 || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !path.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2, step by step: rebuilds both roots from the proof. Sizes 0 and
 * `first === second` (which the RFC leaves out) take an empty proof, the latter equal roots.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second)) return false;
  if (first < 0 || first > second) return false;
  if (!isHash(firstRoot) || !isHash(secondRoot) || !proof.every(isHash)) return false;
  if (first === 0) return proof.length === 0;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
