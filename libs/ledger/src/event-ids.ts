import { createHash, randomUUID } from 'node:crypto';

/**
 * A UUID derived from its inputs (RFC 9562 version 8, from SHA-256), so that a retried command
 * with the same Idempotency-Key produces the same event ids and either store deduplicates it.
 */
export function deterministicUuid(...parts: readonly string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where a command's ids come from: derived from (person, key, …) when it has a key, random otherwise. */
export interface IdSource {
  eventId(streamId: string, index: number): string;
  newId(): string;
}

export function idSourceFor(idempotency?: { person: string; key: string }): IdSource {
  let next = 0;
  if (!idempotency) return { eventId: () => randomUUID(), newId: () => randomUUID() };
  const { person, key } = idempotency;
  return {
    eventId: (streamId, index) => deterministicUuid(person, key, streamId, String(index)),
    newId: () => deterministicUuid(person, key, 'id', String(next++)),
  };
}
