import type { JsonObject } from '@vakregister/event-store';
import { randomBytes } from 'node:crypto';
import { ERASED_MARKER, EncryptingCodec } from './encrypting-codec';
import type { KeyStore } from './key-store';

/**
 * The KeyStore contract in memory: one random key per subject, made on demand, gone for good
 * once destroyed. `sharedKey` hands every subject the same key, to show that the binding of a
 * ciphertext to its subject comes from the associated data and not merely from different keys.
 */
class MemoryKeyStore implements KeyStore {
  readonly keys = new Map<string, Buffer>();
  readonly erased = new Set<string>();
  readonly created: string[] = [];

  constructor(private readonly sharedKey?: Buffer) {}

  dataKey(subjectId: string, create: boolean): Buffer | undefined {
    if (this.erased.has(subjectId)) return undefined;
    const existing = this.keys.get(subjectId);
    if (existing || !create) return existing;
    const key = this.sharedKey ?? randomBytes(32);
    this.keys.set(subjectId, key);
    this.created.push(subjectId);
    return key;
  }

  destroy(subjectId: string): void {
    this.keys.delete(subjectId);
    this.erased.add(subjectId);
  }

  isErased(subjectId: string): boolean {
    return this.erased.has(subjectId);
  }

  close(): void {}
}

const ALICE = '3f6c1a52-8d7e-4b1a-9c0e-5a2f7d9b1c01';
const BOB = '9a0b7c44-1e2d-4f3a-8b5c-6d7e8f9a0b02';
const NAME = 'Zwaantje Quist-Ooievaar';
const EMAIL = 'zwaantje.quist@voorbeeld.nl';

const registered: JsonObject = {
  professionalId: ALICE,
  registrationNumber: 'VR000042',
  name: NAME,
  email: EMAIL,
  municipality: 'Zwolle',
  experienceYears: 6,
};

/** Every string inside a JSON value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('EncryptingCodec', () => {
  it('round-trips top-level fields and leaves the other fields as they were', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const encoded = codec.encode(ALICE, ['name', 'email'], registered);

    expect(encoded.name).toMatch(/^enc:v1:[A-Za-z0-9+/]+=*$/);
    expect(encoded.email).toMatch(/^enc:v1:/);
    expect({ ...encoded, name: undefined, email: undefined }).toEqual({
      ...registered,
      name: undefined,
      email: undefined,
    });
    // Neither the text nor a plain encoding of it may show through.
    const stored = JSON.stringify(encoded);
    for (const secret of [NAME, EMAIL]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('base64'));
      expect(stored).not.toContain(Buffer.from(JSON.stringify(secret)).toString('base64'));
    }
    expect(codec.decode(ALICE, ['name', 'email'], encoded)).toEqual(registered);
  });

  it('does not change the object it was given', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const data: JsonObject = { changes: { email: EMAIL }, reason: 'verhuisd' };
    const copy = structuredClone(data);
    const encoded = codec.encode(ALICE, ['changes.email', 'reason'], data);
    // The caller's event object is also what the decider returned: it must stay readable.
    expect(data).toEqual(copy);
    expect((encoded.changes as JsonObject).email).toMatch(/^enc:v1:/);
  });

  it('round-trips nested fields and skips the ones a correction did not send', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const fields = ['changes.name', 'changes.email', 'reason'];
    const corrected: JsonObject = {
      professionalId: ALICE,
      changes: { email: EMAIL, municipality: 'Kampen' },
      reason: 'Nieuw adres doorgegeven door Zwaantje',
    };
    const encoded = codec.encode(ALICE, fields, corrected);

    const changes = encoded.changes as JsonObject;
    expect(changes.email).toMatch(/^enc:v1:/);
    expect(changes.municipality).toBe('Kampen');
    // An absent field stays absent: no key `name` with an encrypted undefined.
    expect('name' in changes).toBe(false);
    expect(encoded.reason).toMatch(/^enc:v1:/);
    expect(codec.decode(ALICE, fields, encoded)).toEqual(corrected);
  });

  it('round-trips arrays (decision reasons) as one sealed value', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const reasons = ['Te weinig punten voor reflectie', `Gesprek met ${NAME} op 3 mei`];
    const encoded = codec.encode(ALICE, ['reasons'], { decisionId: 'd-1', reasons });

    expect(typeof encoded.reasons).toBe('string');
    expect(strings(encoded).join(' ')).not.toContain('Quist');
    expect(codec.decode(ALICE, ['reasons'], encoded)).toEqual({ decisionId: 'd-1', reasons });
  });

  it('makes a different ciphertext on every call (a random IV), each one decrypting', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const first = codec.encode(ALICE, ['name'], { name: NAME });
    const second = codec.encode(ALICE, ['name'], { name: NAME });

    expect(first.name).not.toBe(second.name);
    // The 12-byte IV at the front differs, not only the tail.
    const iv = (sealed: JsonObject) =>
      Buffer.from(String(sealed.name).slice('enc:v1:'.length), 'base64').subarray(0, 12);
    expect(iv(first).equals(iv(second))).toBe(false);
    expect(codec.decode(ALICE, ['name'], first)).toEqual({ name: NAME });
    expect(codec.decode(ALICE, ['name'], second)).toEqual({ name: NAME });
  });

  it('binds a ciphertext to its field: moved to another field it does not decrypt', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const encoded = codec.encode(ALICE, ['name', 'email'], registered);
    const swapped = { ...encoded, email: encoded.name };

    expect(() => codec.decode(ALICE, ['email'], swapped)).toThrow();
    // Nor into the same name nested elsewhere.
    const nested = { changes: { name: encoded.name } };
    expect(() => codec.decode(ALICE, ['changes.name'], nested)).toThrow();
  });

  it('binds a ciphertext to its subject, even where both subjects had the same key', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore(randomBytes(32)));
    const alice = codec.encode(ALICE, ['name'], { name: NAME });
    codec.encode(BOB, ['name'], { name: 'Bob' });

    expect(() => codec.decode(BOB, ['name'], alice)).toThrow();
    expect(codec.decode(ALICE, ['name'], alice)).toEqual({ name: NAME });
  });

  it('refuses a ciphertext with one byte changed', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const sealed = Buffer.from(
      String(codec.encode(ALICE, ['name'], { name: NAME }).name).slice('enc:v1:'.length),
      'base64',
    );
    sealed[sealed.length - 1] ^= 0x01;
    const tampered = { name: `enc:v1:${sealed.toString('base64')}` };

    expect(() => codec.decode(ALICE, ['name'], tampered)).toThrow();
  });

  it('after destroy decodes every personal field as [gewist] and refuses to encode', () => {
    const keys = new MemoryKeyStore();
    const codec = new EncryptingCodec(keys);
    const fields = ['name', 'email', 'reasons', 'changes.email'];
    const encoded = codec.encode(ALICE, fields, {
      ...registered,
      reasons: ['Onvoldoende punten'],
      changes: { email: EMAIL, sector: 'werk' },
    });
    const bob = codec.encode(BOB, ['name'], { name: 'Bob' });
    keys.destroy(ALICE);

    expect(codec.decode(ALICE, fields, encoded)).toEqual({
      ...registered,
      name: ERASED_MARKER,
      email: ERASED_MARKER,
      reasons: ERASED_MARKER,
      changes: { email: ERASED_MARKER, sector: 'werk' },
    });
    expect(ERASED_MARKER).toBe('[gewist]');
    expect(() => codec.encode(ALICE, ['name'], { name: NAME })).toThrow(/erased/);
    // No new key may be made for an erased subject behind the codec's back.
    expect(keys.keys.has(ALICE)).toBe(false);
    // Others are untouched.
    expect(codec.decode(BOB, ['name'], bob)).toEqual({ name: 'Bob' });
  });

  it('still encodes events of an erased subject that carry no personal field', () => {
    const keys = new MemoryKeyStore();
    const codec = new EncryptingCodec(keys);
    keys.destroy(ALICE);
    // The scheduler still records expiries after an erasure; those carry no personal text.
    const expired: JsonObject = { professionalId: ALICE, certificateId: 'c-1' };
    expect(codec.encode(ALICE, ['reason'], expired)).toEqual(expired);
  });

  it('decoding never makes a key and passes values through that are not sealed', () => {
    const keys = new MemoryKeyStore();
    const codec = new EncryptingCodec(keys);
    const plain: JsonObject = { name: NAME, reasons: ['a'], changes: { email: 3 } };

    expect(codec.decode(ALICE, ['name', 'reasons', 'changes.email', 'absent'], plain)).toEqual(
      plain,
    );
    expect(keys.created).toEqual([]);
  });

  it('asks a lazily given subject only when it meets a sealed field', () => {
    const codec = new EncryptingCodec(new MemoryKeyStore());
    const sealed = codec.encode(ALICE, ['name'], { name: NAME, sector: 'werk' });
    const asked: string[] = [];
    const subject = () => {
      asked.push(ALICE);
      return ALICE;
    };

    expect(codec.decode(subject, ['reason'], { sector: 'werk' })).toEqual({ sector: 'werk' });
    expect(asked).toEqual([]);
    expect(codec.decode(subject, ['name'], sealed)).toEqual({ name: NAME, sector: 'werk' });
    expect(asked).toEqual([ALICE]);
  });
});
