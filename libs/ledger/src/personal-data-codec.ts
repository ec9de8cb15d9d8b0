import type { JsonObject } from '@vakregister/event-store';

/**
 * The seam for personal data: every personal field of an event passes through it on its way to
 * and from the store, so that encryption (and erasure by destroying a key) can be added here
 * without the domain noticing.
 */
export interface PersonalDataCodec {
  /** Encodes the named fields of `data` that belong to the person `subjectId`. */
  encode(subjectId: string, fields: readonly string[], data: JsonObject): JsonObject;
  /**
   * Decodes the named fields. The subject may be given as a function, called only when an
   * encoded field is met: finding it means parsing an event's metadata, which most decodes
   * never need.
   */
  decode(subjectId: SubjectId, fields: readonly string[], data: JsonObject): JsonObject;
}

/** A subject's id, or how to find it when needed. */
export type SubjectId = string | (() => string);

/** Stores personal fields as they are (until the privacy work encrypts them). */
export class PlaintextCodec implements PersonalDataCodec {
  encode(_subjectId: string, _fields: readonly string[], data: JsonObject): JsonObject {
    return data;
  }

  decode(_subjectId: SubjectId, _fields: readonly string[], data: JsonObject): JsonObject {
    return data;
  }
}

/** Injection token of the PersonalDataCodec. */
export const PERSONAL_DATA_CODEC = Symbol('PERSONAL_DATA_CODEC');
