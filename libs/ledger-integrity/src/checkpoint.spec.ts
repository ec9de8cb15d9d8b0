import { createHash } from 'node:crypto';
import { checkpointText, noteKeyId, openCheckpoint, signCheckpoint } from './checkpoint';
import { SigningKey } from './signing-key';

/** RFC 8032 §7.1 test 1, as PKCS#8: a fixed key makes the deterministic Ed25519 note golden. */
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const pkcs8 = Buffer.concat([
  Buffer.from('302e020100300506032b657004220420', 'hex'),
  Buffer.from(RFC8032_SECRET, 'hex'),
]);
const FIXED_KEY = SigningKey.fromPem(
  `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64')}\n-----END PRIVATE KEY-----\n`,
  'the RFC 8032 test key',
);
const head = {
  size: 3,
  root: createHash('sha256').update('root').digest(),
  time: new Date('2026-05-13T09:00:00.000Z'),
};

describe('signed checkpoints (c2sp.org/tlog-checkpoint over c2sp.org/signed-note)', () => {
  it('is byte for byte the note an independent implementation signs', () => {
    // Made with Python's `cryptography` Ed25519 and hashlib from the same key and head.
    expect(signCheckpoint(head, FIXED_KEY)).toBe(
      'vakregister\n3\nSBNJTRN+FjG7owHVrKtue7eqdM4RhdRWVl71HXN2d7I=\n' +
        'time 2026-05-13T09:00:00.000Z\n\n\u2014 vakregister ' +
        'JzH3CYU3G00zr0RNJt2ORrKlAUdeuE6FnN08XLlzhx6Papado' +
        'ONMcq315PQJ0jLkYwftIBSQ4R/XVg2CQJxpWqlS/gk=\n',
    );
    expect(noteKeyId(FIXED_KEY.publicKey).toString('hex')).toBe('2731f709');
  });

  it('opens with the public key to the head it states', () => {
    const opened = openCheckpoint(signCheckpoint(head, FIXED_KEY), FIXED_KEY.publicKey);
    expect(opened).toEqual({ ok: true, head, text: checkpointText(head) });
  });

  it('is refused when signed by another key', () => {
    const other = SigningKey.generate();
    const opened = openCheckpoint(signCheckpoint(head, other), FIXED_KEY.publicKey);
    expect(opened).toEqual({ ok: false, reason: 'the checkpoint is not signed by the public key' });
  });

  it('is refused when any signed line is changed', () => {
    const note = signCheckpoint(head, FIXED_KEY);
    for (const forged of [
      note.replace('\n3\n', '\n4\n'),
      note.replace('SBNJ', 'SBNK'),
      note.replace('09:00:00.000Z', '09:00:00.001Z'),
      note.replace('vakregister\n', 'vakregistex\n'),
    ]) {
      expect(forged).not.toBe(note);
      expect(openCheckpoint(forged, FIXED_KEY.publicKey).ok).toBe(false);
    }
  });

  it('ignores signatures of unknown keys beside a valid one, as signed-note requires', () => {
    const note = signCheckpoint(head, FIXED_KEY);
    const witness = `\u2014 witness.example/w1 ${Buffer.alloc(68, 7).toString('base64')}\n`;
    expect(openCheckpoint(note + witness, FIXED_KEY.publicKey).ok).toBe(true);
    expect(openCheckpoint(checkpointText(head) + '\n' + witness, FIXED_KEY.publicKey).ok).toBe(
      false,
    );
  });

  it('refuses a note whose signature by the known key is broken', () => {
    const note = signCheckpoint(head, FIXED_KEY);
    const broken = note.replace(
      /([A-Za-z0-9+/])=\n$/,
      (_, last: string) => `${last === 'A' ? 'B' : 'A'}=\n`,
    );
    expect(broken).not.toBe(note);
    expect(openCheckpoint(broken, FIXED_KEY.publicKey)).toEqual({
      ok: false,
      reason: 'the signature does not verify with the public key',
    });
  });

  it('refuses malformed notes', () => {
    for (const note of [
      '',
      'vakregister\n3\n',
      checkpointText(head) + '\n',
      'x\u0000\n\n\u2014 a b\n',
    ]) {
      expect(openCheckpoint(note, FIXED_KEY.publicKey).ok).toBe(false);
    }
  });
});
