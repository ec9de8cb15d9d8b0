/** A value refused by RFC 8785 (NaN, ±Infinity, BigInt, …): it has no canonical form. */
export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalizationError';
  }
}

/** Room for the JSON of a typical event many times over; grown (and kept) for larger ones. */
const INITIAL_CAPACITY = 64 * 1024;

/**
 * Up to this many UTF-16 units a JavaScript loop copies a string about as fast as one regular
 * expression test plus a native `write` (measured on the bench's events: ids, dates, names);
 * longer strings are checked and copied natively, several times faster per character.
 */
const LOOP_COPY_LIMIT = 128;

/** A string JSON.stringify writes as `"` + itself + `"`: nothing to escape, no surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Writes RFC 8785 (JCS) JSON as UTF-8 straight into one reused buffer. The output is byte for
 * byte that of the `canonicalize` package (2.1.0, by the RFC's authors), which produced every
 * leaf signed so far: keys sorted by UTF-16 code units (what `<` and the default sort compare),
 * numbers as ECMAScript writes them (`String(n)`, which JCS adopts), strings escaped exactly as
 * `JSON.stringify` escapes them (which is what that package calls), `undefined` and symbol
 * members left out, `undefined` and symbol array elements written as `null`, `toJSON` honoured.
 * The equivalence is a property test against the package. Only where the package writes no JSON
 * at all (a function becomes the text `undefined`) does the writer refuse instead: no value
 * from JSON.parse, hence no stored event, holds one.
 *
 * Writing bytes, rather than concatenating a string, spares V8 flattening a rope of a hundred
 * pieces and the UTF-8 encoding of the result, which together cost more than the SHA-256 after.
 */
export class CanonicalJsonWriter {
  private bytes = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private length = 0;

  /** Empties the buffer for the next document. */
  reset(): this {
    this.length = 0;
    return this;
  }

  /** The bytes written since `reset`: a view that the next write overwrites. */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** A raw byte, such as a hash-domain prefix written before the JSON. */
  byte(value: number): this {
    this.reserve(1);
    this.bytes[this.length++] = value;
    return this;
  }

  value(value: unknown): this {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        if (!Number.isFinite(value)) throw new CanonicalizationError(`${value} is not allowed`);
        return this.ascii(String(value));
      case 'boolean':
        return this.ascii(value ? 'true' : 'false');
      case 'object':
        if (value === null) return this.ascii('null');
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
          return this.value((value as { toJSON(): unknown }).toJSON());
        }
        if (Array.isArray(value)) return this.array(value);
        return this.object(value as Record<string, unknown>, sortedKeys(value));
      default:
        // undefined, symbol, function, bigint: JSON has no such value.
        throw new CanonicalizationError(`A ${typeof value} has no canonical JSON`);
    }
  }

  /**
   * An object of the members `keys` names, which must be in UTF-16 code-unit order: lets a
   * caller that knows its members skip enumerating and sorting them.
   */
  object(value: Readonly<Record<string, unknown>>, keys: readonly string[]): this {
    this.byte(0x7b);
    let first = true;
    for (const key of keys) {
      const member = value[key];
      if (member === undefined || typeof member === 'symbol') continue;
      if (!first) this.byte(COMMA);
      first = false;
      this.string(key).byte(COLON).value(member);
    }
    return this.byte(0x7d);
  }

  private array(value: readonly unknown[]): this {
    this.byte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.byte(COMMA);
      const element = value[i];
      if (element === undefined || typeof element === 'symbol') this.ascii('null');
      else this.value(element);
    }
    return this.byte(0x5d);
  }

  private string(text: string): this {
    const units = text.length;
    // JSON.stringify writes at most 6 bytes per unit (\u001f, a lone surrogate's \udxxx).
    this.reserve(6 * units + 2);
    if (units <= LOOP_COPY_LIMIT && this.copyPlainAscii(text)) return this;
    if (PLAIN_STRING.test(text)) {
      this.bytes[this.length++] = QUOTE;
      this.length += this.bytes.write(text, this.length);
      this.bytes[this.length++] = QUOTE;
    } else {
      this.length += this.bytes.write(JSON.stringify(text), this.length);
    }
    return this;
  }

  /** Writes `"text"` if every unit is printable ASCII other than `"` and `\`; else nothing. */
  private copyPlainAscii(text: string): boolean {
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = QUOTE;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x20 || unit > 0x7e || unit === QUOTE || unit === 0x5c) return false;
      bytes[at++] = unit;
    }
    bytes[at++] = QUOTE;
    this.length = at;
    return true;
  }

  /** Text known to be ASCII without anything to escape: numbers and literals. */
  private ascii(text: string): this {
    this.reserve(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
    return this;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + count) capacity *= 2;
    const larger = Buffer.allocUnsafe(capacity);
    this.bytes.copy(larger, 0, 0, this.length);
    this.bytes = larger;
  }
}

/** Insertion sort below this many keys: the default sort's overhead dominates small objects. */
const INSERTION_SORT_LIMIT = 16;

/** Own enumerable keys in UTF-16 code-unit order, as RFC 8785 §3.2.3 sorts them. */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > INSERTION_SORT_LIMIT) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

let idleWriter: CanonicalJsonWriter | undefined = new CanonicalJsonWriter();

/**
 * Runs `write` with an empty writer and returns what it makes of it: the shared writer, or a
 * fresh one if a `toJSON` called from inside a write needs canonical JSON of its own.
 * Non-RFC 8785 failures (a cycle overflowing the stack, a throwing `toJSON`) are reported as
 * CanonicalizationError too.
 */
export function withCanonicalJsonWriter<T>(write: (writer: CanonicalJsonWriter) => T): T {
  const writer = idleWriter ?? new CanonicalJsonWriter();
  idleWriter = undefined;
  try {
    return write(writer.reset());
  } catch (error) {
    if (error instanceof CanonicalizationError) throw error;
    throw new CanonicalizationError(`No canonical JSON: ${(error as Error).message}`);
  } finally {
    idleWriter = writer;
  }
}

/** RFC 8785 (JCS) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  return withCanonicalJsonWriter((writer) => writer.value(value).view().toString('utf8'));
}
