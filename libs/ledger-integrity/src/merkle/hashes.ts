import * as crypto from 'node:crypto';

/** Length of a SHA-256 hash, the size of every node of the tree. */
export const HASH_LENGTH = 32;

/**
 * One-shot SHA-256. `crypto.hash` (Node 20.12+) skips the Hash object that `createHash` builds
 * for every call; asking it for a binary string and copying that into a Buffer is cheaper again
 * than its `'buffer'` output, for which Node 20 allocates a separate native backing store (about
 * half a microsecond a call, more than hashing a tree node takes). The engines field still
 * allows Node 20.11, which lacks `crypto.hash`.
 */
export const sha256: (data: Uint8Array | string) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => Buffer.from(crypto.hash('sha256', data, 'binary'), 'latin1')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** RFC 9162 §2.1.1: the byte a leaf's entry is prefixed with before hashing. */
export const LEAF_PREFIX = 0x00;

/** RFC 9162 §2.1.1: the hash of a leaf is SHA-256(0x00 ‖ entry). */
export function hashLeaf(entry: Uint8Array): Buffer {
  const prefixed = Buffer.allocUnsafe(entry.length + 1);
  prefixed[0] = LEAF_PREFIX;
  prefixed.set(entry, 1);
  return sha256(prefixed);
}

// Reused for every interior node: hashing is synchronous, so no two calls can share it.
const interior = Buffer.alloc(1 + 2 * HASH_LENGTH);
interior[0] = 0x01;

/** RFC 9162 §2.1.1: an interior node is SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Buffer, right: Buffer): Buffer {
  left.copy(interior, 1);
  right.copy(interior, 1 + HASH_LENGTH);
  return sha256(interior);
}

/** RFC 9162 §2.1.1: the root of the empty tree is the hash of the empty string. */
export const EMPTY_ROOT: Buffer = sha256(Buffer.alloc(0));

/** The largest power of two strictly smaller than `n` (n ≥ 2): where RFC 9162 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
