import canonicalize from 'canonicalize';

/** A value refused by RFC 8785 (NaN, ±Infinity, BigInt, …): it has no canonical form. */
export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalizationError';
  }
}

/**
 * RFC 8785 (JCS) text of a JSON value, from the `canonicalize` package by the RFC's authors.
 * It is pinned to 2.1.0, the last CommonJS release (3.x onwards is ESM only), and pinned exactly
 * because every leaf hash ever signed depends on this text staying byte for byte the same.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new CanonicalizationError(`No canonical JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new CanonicalizationError('No canonical JSON for undefined');
  return text;
}
