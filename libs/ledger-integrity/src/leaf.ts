import type { JsonObject, RecordedEvent } from '@vakregister/event-store';
import { canonicalJson } from './canonical-json';
import { hashLeafText } from './merkle/hashes';

/**
 * What a leaf commits to: the event as the application wrote it. `revision` is a decimal
 * string because JSON numbers cannot carry a bigint exactly. The global position and the
 * store's timestamp are left out, so that moving the log to EventStoreDB (other positions,
 * other timestamps) leaves every leaf unchanged; the order is committed by the tree itself.
 */
export interface LeafEvent {
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export function leafEventOf(event: RecordedEvent): LeafEvent {
  return {
    streamId: event.streamId,
    revision: event.revision.toString(),
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as JsonObject,
  };
}

/**
 * RFC 8785 text of exactly the six members of a leaf. A receipt read from a file may carry
 * more; they are not part of what was recorded, so they are dropped rather than hashed.
 */
export function canonicalLeafText(event: LeafEvent): string {
  return canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
}

/** The bytes a leaf hashes: UTF-8 of the canonical text. */
export function canonicalLeafBytes(event: LeafEvent): Buffer {
  return Buffer.from(canonicalLeafText(event), 'utf8');
}

/** SHA-256(0x00 ‖ canonical bytes). */
export function leafHash(event: LeafEvent): Buffer {
  return hashLeafText(canonicalLeafText(event));
}

/** The leaf hash of an event as read from the store. */
export function leafHashOfRecorded(event: RecordedEvent): Buffer {
  // leafEventOf builds exactly the six members: no second copy to pick them.
  return hashLeafText(canonicalJson(leafEventOf(event)));
}
