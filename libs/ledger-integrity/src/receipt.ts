import type { KeyObject } from 'node:crypto';
import { openCheckpoint } from './checkpoint';
import { leafHash, type LeafEvent } from './leaf';
import { HASH_LENGTH } from './merkle/hashes';
import { verifyInclusion } from './merkle/proofs';
import { publicKeyFromPem } from './signing-key';

/**
 * Proof that an event is in the ledger: the event as stored, its leaf, the audit path to the
 * root of a signed tree head, and that head. Whoever holds it and the public key can check it
 * without the ledger.
 */
export interface Receipt {
  event: LeafEvent;
  leafIndex: number;
  treeSize: number;
  /** RFC 9162 inclusion proof, base64 hashes from the leaf's sibling upwards. */
  inclusionProof: string[];
  /** The signed note of the tree head of `treeSize` leaves. */
  checkpoint: string;
}

export type VerifyReceiptResult =
  { ok: true; treeSize: number; time: string } | { ok: false; reason: string };

/**
 * Checks a receipt with nothing but the public key: the checkpoint's signature, that it is of
 * the receipt's tree size, and that the event's leaf hash with the proof yields its root.
 * Takes `unknown`, since receipts come from files and other people.
 */
export function verifyReceipt(
  receipt: unknown,
  publicKeyPem: string | KeyObject,
): VerifyReceiptResult {
  const shape = receiptShapeProblem(receipt);
  if (shape) return { ok: false, reason: shape };
  const valid = receipt as Receipt;
  let publicKey: KeyObject;
  try {
    publicKey = typeof publicKeyPem === 'string' ? publicKeyFromPem(publicKeyPem) : publicKeyPem;
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const opened = openCheckpoint(valid.checkpoint, publicKey);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  if (opened.head.size !== valid.treeSize) {
    return {
      ok: false,
      reason:
        `the receipt claims a tree of ${valid.treeSize} leaves, ` +
        `its checkpoint one of ${opened.head.size}`,
    };
  }
  if (valid.leafIndex >= valid.treeSize) {
    return { ok: false, reason: `leaf ${valid.leafIndex} is not in a tree of ${valid.treeSize}` };
  }
  let leaf: Buffer;
  try {
    leaf = leafHash(valid.event);
  } catch (error) {
    return { ok: false, reason: `the event has no canonical form: ${(error as Error).message}` };
  }
  const proof = valid.inclusionProof.map((hash) => Buffer.from(hash, 'base64'));
  if (!verifyInclusion(valid.leafIndex, valid.treeSize, leaf, proof, opened.head.root)) {
    return {
      ok: false,
      reason:
        `the event is not leaf ${valid.leafIndex} of the signed tree of ${valid.treeSize} ` +
        'leaves (the inclusion proof does not lead to the signed root)',
    };
  }
  return { ok: true, treeSize: opened.head.size, time: opened.head.time.toISOString() };
}

const BASE64_HASH = /^[A-Za-z0-9+/]{43}=$/;

function receiptShapeProblem(receipt: unknown): string | undefined {
  if (!isObject(receipt)) return 'the receipt is not a JSON object';
  const event = receipt.event;
  if (!isObject(event)) return 'the receipt has no event';
  for (const field of ['streamId', 'eventId', 'type', 'revision'] as const) {
    if (typeof event[field] !== 'string') return `the event has no ${field} string`;
  }
  if (!/^(0|[1-9][0-9]*)$/.test(event.revision as string)) {
    return 'the event revision is not a decimal string';
  }
  if (!isObject(event.data) || !isObject(event.metadata)) {
    return 'the event data and metadata must be objects';
  }
  for (const field of ['leafIndex', 'treeSize'] as const) {
    const value = receipt[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return `the receipt's ${field} is not a whole number`;
    }
  }
  const proof = receipt.inclusionProof;
  if (
    !Array.isArray(proof) ||
    !proof.every((hash) => typeof hash === 'string' && BASE64_HASH.test(hash))
  ) {
    return `the inclusion proof is not a list of base64 ${HASH_LENGTH}-byte hashes`;
  }
  if (typeof receipt.checkpoint !== 'string') return 'the receipt has no checkpoint';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
