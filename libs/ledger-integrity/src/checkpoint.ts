import { createHash, verify, type KeyObject } from 'node:crypto';
import { HASH_LENGTH } from './merkle/hashes';
import type { SigningKey } from './signing-key';

/** The origin line of every checkpoint, and the key name of its signature line. */
export const CHECKPOINT_ORIGIN = 'vakregister';

/** signed-note signature type of plain Ed25519 (c2sp.org/signed-note). */
const ED25519_SIGNATURE_TYPE = 0x01;
const EM_DASH = '\u2014';

/** What a signed tree head states: the tree of `size` leaves had `root` at `time`. */
export interface TreeHead {
  size: number;
  root: Buffer;
  time: Date;
}

/**
 * The note text of a checkpoint (c2sp.org/tlog-checkpoint): origin, size, base64 root, then one
 * extension line `time <ISO 8601 UTC>`. The checkpoint format has no field for the time; an
 * extension line is how it is signed with the rest (monitors that do not know it ignore it).
 */
export function checkpointText(head: TreeHead): string {
  return (
    `${CHECKPOINT_ORIGIN}\n${head.size}\n${head.root.toString('base64')}\n` +
    `time ${head.time.toISOString()}\n`
  );
}

/**
 * The signed-note key ID: SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ raw 32-byte public key)[:4]. It
 * only tells keys apart; the signature is what proves anything.
 */
export function noteKeyId(publicKey: KeyObject): Buffer {
  const raw = rawEd25519(publicKey);
  return createHash('sha256')
    .update(`${CHECKPOINT_ORIGIN}\n`)
    .update(Buffer.from([ED25519_SIGNATURE_TYPE]))
    .update(raw)
    .digest()
    .subarray(0, 4);
}

function rawEd25519(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('Not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

/** The signed note: text, blank line, `— vakregister base64(key ID ‖ signature)`. */
export function signCheckpoint(head: TreeHead, key: SigningKey): string {
  const text = checkpointText(head);
  const signature = key.sign(Buffer.from(text, 'utf8'));
  const blob = Buffer.concat([noteKeyId(key.publicKey), signature]).toString('base64');
  return `${text}\n${EM_DASH} ${CHECKPOINT_ORIGIN} ${blob}\n`;
}

export type OpenedCheckpoint =
  { ok: true; head: TreeHead; text: string } | { ok: false; reason: string };

/**
 * Verifies a signed checkpoint with `publicKey` and parses it. Signature lines of other keys
 * are ignored (the note format allows witnesses' cosignatures); the note is accepted only if
 * a signature of this key verifies, and refused if one of this key fails.
 */
export function openCheckpoint(note: string, publicKey: KeyObject): OpenedCheckpoint {
  if (typeof note !== 'string') return { ok: false, reason: 'the checkpoint is not text' };
  // signed-note: no ASCII control characters other than newline.
  if (hasControlCharacter(note)) {
    return { ok: false, reason: 'the checkpoint contains control characters' };
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) {
    return { ok: false, reason: 'the checkpoint is not a signed note (no signature block)' };
  }
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  let keyId: Buffer;
  try {
    keyId = noteKeyId(publicKey);
  } catch {
    return { ok: false, reason: 'the public key is not an Ed25519 key' };
  }
  let verified = false;
  for (const line of lines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!match) return { ok: false, reason: `malformed signature line: ${JSON.stringify(line)}` };
    const blob = Buffer.from(match[2], 'base64');
    if (match[1] !== CHECKPOINT_ORIGIN || blob.length < 4 || !blob.subarray(0, 4).equals(keyId)) {
      continue;
    }
    const ok =
      blob.length === 4 + 64 &&
      verify(null, Buffer.from(text, 'utf8'), publicKey, blob.subarray(4));
    if (!ok) return { ok: false, reason: 'the signature does not verify with the public key' };
    verified = true;
  }
  if (!verified) return { ok: false, reason: 'the checkpoint is not signed by the public key' };
  const parsed = parseCheckpointText(text);
  return 'reason' in parsed
    ? { ok: false, reason: parsed.reason }
    : { ok: true, head: parsed, text };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

/** Parses checkpoint note text (already verified). */
export function parseCheckpointText(text: string): TreeHead | { reason: string } {
  const lines = text.split('\n');
  // The text ends with a newline, so the last element is empty and no other may be.
  if (lines.pop() !== '' || lines.length < 3 || lines.some((line) => line === '')) {
    return { reason: 'the checkpoint text is malformed' };
  }
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin !== CHECKPOINT_ORIGIN) {
    return { reason: `the checkpoint is of origin ${JSON.stringify(origin)}, not vakregister` };
  }
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    return { reason: `the checkpoint size ${JSON.stringify(sizeLine)} is not a tree size` };
  }
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== HASH_LENGTH || root.toString('base64') !== rootLine) {
    return { reason: 'the checkpoint root is not a base64 SHA-256 hash' };
  }
  const times = extensions.filter((line) => line.startsWith('time '));
  const time = times.length === 1 ? new Date(times[0].slice(5)) : undefined;
  if (!time || Number.isNaN(time.getTime()) || time.toISOString() !== times[0].slice(5)) {
    return { reason: 'the checkpoint has no single valid time line' };
  }
  return { size: Number(sizeLine), root, time };
}
