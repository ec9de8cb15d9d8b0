import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, CanonicalizationError } from './canonical-json';
import { canonicalLeafBytes, canonicalLeafText, leafHash, type LeafEvent } from './leaf';

/**
 * Every leaf signed before the purpose-built writer was hashed over the output of the
 * `canonicalize` package (2.1.0, by the authors of RFC 8785). The writer must match it byte for
 * byte on every value JSON.parse can produce, or existing ledgers would no longer verify.
 */

const character = fc.oneof(
  {
    arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((unit) => String.fromCharCode(unit)),
    weight: 8,
  },
  fc.integer({ min: 0x00, max: 0x1f }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom('"', '\\', '/', '\u007f', '\u2028', '\u2029', '\ufeff', '\uffff', 'é', '€'),
  // The whole BMP, surrogates included: lone ones are escaped, never encoded.
  fc.integer({ min: 0x80, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((point) => String.fromCodePoint(point)),
);

/** Short strings take the writer's loop, long ones its native copy: both are drawn. */
const text = fc.oneof(
  fc.string({ unit: character, maxLength: 12 }),
  fc.string({ unit: character, minLength: 30, maxLength: 120 }),
  fc.string({ minLength: 30, maxLength: 120 }),
);

/** Keys that sort differently by code unit than by number or by case. */
const key = fc.oneof(
  text,
  fc.constantFrom('', '1', '10', '2', '111', 'A', 'a', 'é', '\ud83d\ude02'),
);

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(
    -0,
    1e21,
    1e-7,
    1e-6,
    5e-324,
    -5e-324,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    1.7976931348623157e308,
    999999999999999900000,
    0.1 + 0.2,
    // RFC 8785 §3.2.2's sample, as JSON.parse reads it.
    Number('333333333.33333329'),
  ),
);

const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));

const { json } = fc.letrec<{ json: unknown; array: unknown[]; object: Record<string, unknown> }>(
  (tie) => ({
    json: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      tie('array'),
      tie('object'),
    ),
    // undefined is no JSON value, but an in-memory event may carry it: left out or null.
    array: fc.array(fc.oneof(tie('json'), fc.constant(undefined)), { maxLength: 6 }),
    object: fc.dictionary(key, fc.oneof(tie('json'), fc.constant(undefined)), { maxKeys: 8 }),
  }),
);

const leafEvent: fc.Arbitrary<LeafEvent> = fc.record({
  streamId: text,
  revision: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((revision) => revision.toString()),
  eventId: fc.oneof(fc.uuid(), text),
  type: text,
  data: fc.dictionary(key, json, { maxKeys: 10 }) as fc.Arbitrary<LeafEvent['data']>,
  metadata: fc.dictionary(key, json, { maxKeys: 6 }) as fc.Arbitrary<LeafEvent['metadata']>,
});

describe('canonical JSON against the canonicalize package', () => {
  it('writes every JSON value exactly as the package does', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what JSON.parse gives back exactly as the package does', () => {
    fc.assert(
      fc.property(fc.json(), (source) => {
        const value: unknown = JSON.parse(source);
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives every leaf the bytes and the hash the package gave it', () => {
    fc.assert(
      fc.property(leafEvent, (event) => {
        const { streamId, revision, eventId, type, data, metadata } = event;
        const expected = canonicalize({ streamId, revision, eventId, type, data, metadata });
        const bytes = Buffer.from(expected as string, 'utf8');
        expect(canonicalLeafText(event)).toBe(expected);
        // Hex, since comparing Buffers element by element is slow in Jest.
        expect(canonicalLeafBytes(event).toString('hex')).toBe(bytes.toString('hex'));
        const hash = createHash('sha256')
          .update(Buffer.from([0x00]))
          .update(bytes)
          .digest();
        expect(leafHash(event).toString('hex')).toBe(hash.toString('hex'));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what the package refuses: NaN and infinities at any depth', () => {
    const refused = [NaN, Infinity, -Infinity].flatMap((bad) => [
      bad,
      [1, bad],
      { a: { b: [bad] } },
    ]);
    for (const value of refused) {
      expect(() => canonicalize(value)).toThrow();
      expect(() => canonicalJson(value)).toThrow(CanonicalizationError);
    }
  });

  it('writes a document larger than its initial buffer whole', () => {
    const value = {
      text: 'x\u0001'.repeat(100_000),
      list: Array.from({ length: 5000 }, (_, i) => i),
    };
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });
});
