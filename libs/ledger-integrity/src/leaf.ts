import type { JsonObject, RecordedEvent } from '@vakregister/event-store';
import { withCanonicalJsonWriter, type CanonicalJsonWriter } from './canonical-json';
import { LEAF_PREFIX, sha256 } from './merkle/hashes';

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

/** The six members in UTF-16 code-unit order, the order RFC 8785 writes them in. */
const LEAF_MEMBERS: readonly (keyof LeafEvent)[] = [
  'data',
  'eventId',
  'metadata',
  'revision',
  'streamId',
  'type',
];

/**
 * RFC 8785 JSON of exactly the six members of a leaf. A receipt read from a file may carry
 * more; they are not part of what was recorded, so they are dropped rather than hashed.
 */
export function writeCanonicalLeaf(
  writer: CanonicalJsonWriter,
  event: LeafEvent,
): CanonicalJsonWriter {
  return writer.object(event as unknown as Record<string, unknown>, LEAF_MEMBERS);
}

/** RFC 8785 text of a leaf's six members. */
export function canonicalLeafText(event: LeafEvent): string {
  return withCanonicalJsonWriter((writer) =>
    writeCanonicalLeaf(writer, event).view().toString('utf8'),
  );
}

/** The bytes a leaf hashes: UTF-8 of the canonical text. */
export function canonicalLeafBytes(event: LeafEvent): Buffer {
  return withCanonicalJsonWriter((writer) => Buffer.from(writeCanonicalLeaf(writer, event).view()));
}

/** SHA-256(0x00 ‖ canonical bytes), the prefix written first so that nothing is copied. */
export function leafHash(event: LeafEvent): Buffer {
  return withCanonicalJsonWriter((writer) =>
    sha256(writeCanonicalLeaf(writer.byte(LEAF_PREFIX), event).view()),
  );
}

/** The leaf hash of an event as read from the store. */
export function leafHashOfRecorded(event: RecordedEvent): Buffer {
  return leafHash(leafEventOf(event));
}
