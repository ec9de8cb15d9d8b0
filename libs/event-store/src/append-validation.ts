import { InvalidAppendError } from './errors';
import type { EventToAppend } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rejects an append that no store should accept, before any I/O, so that both adapters refuse
 * the same requests with the same error.
 */
export function validateAppend(streamId: string, events: readonly EventToAppend[]): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.startsWith('$')) {
    throw new InvalidAppendError(
      String(streamId),
      'stream ids are non-empty and never start with "$"',
    );
  }
  if (events.length === 0) throw new InvalidAppendError(streamId, 'no events given');
  const seen = new Set<string>();
  events.forEach((event, index) => {
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidAppendError(streamId, `event ${index} has no UUID id`);
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(streamId, `event id ${event.id} appears twice`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new InvalidAppendError(streamId, `event ${index} has no valid type`);
    }
    if (!isPlainObject(event.data)) {
      throw new InvalidAppendError(streamId, `event ${index} data is not a JSON object`);
    }
    if (!isPlainObject(event.metadata)) {
      throw new InvalidAppendError(streamId, `event ${index} metadata is not a JSON object`);
    }
  });
}
