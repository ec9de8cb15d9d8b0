import * as crypto from 'node:crypto';

/** Length of a SHA-256 hash, the size of every node of the tree. */
export const HASH_LENGTH = 32;

/**
 * One-shot SHA-256. `crypto.hash` (Node 20.12+) skips the Hash object that `createHash` builds
 * for every call, which makes it about twice as fast on inputs as small as a tree node; the
 * engines field still allows Node 20.11, which lacks it.
 */
export const sha256: (data: Buffer | string) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

const LEAF_PREFIX = Buffer.from([0x00]);

/** RFC 9162 §2.1.1: the hash of a leaf is SHA-256(0x00 ‖ entry). */
export function hashLeaf(entry: Buffer): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, entry], entry.length + 1));
}

/**
 * The leaf hash of a UTF-8 string entry. The prefix is a U+0000 character, which UTF-8 encodes
 * as the single byte 0x00, so this equals `hashLeaf(Buffer.from(text))` without that copy.
 */
export function hashLeafText(text: string): Buffer {
  return sha256('\u0000' + text);
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
