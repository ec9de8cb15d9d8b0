import type { JsonObject, JsonValue } from '@vakregister/event-store';
import type { PersonalDataCodec, SubjectId } from '@vakregister/ledger';
import { open, seal } from './aes-gcm';
import type { KeyStore } from './key-store';

/** What a reader sees of a personal field whose key was destroyed. */
export const ERASED_MARKER = '[gewist]';
const PREFIX = 'enc:v1:';

function getPath(data: JsonObject, path: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `data` with the value at `path` replaced (the path must exist). */
function setPath(data: JsonObject, path: string[], value: JsonValue): JsonObject {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...data, [head]: value };
  return { ...data, [head]: setPath(data[head] as JsonObject, rest, value) };
}

/**
 * Personal fields encrypted with AES-256-GCM under the subject's data key, bound to the subject
 * and field (AAD) so a ciphertext cannot be moved to another person or field. Fields are given
 * as dotted paths (`changes.email`). Once the key is destroyed, decoding yields `[gewist]`.
 */
export class EncryptingCodec implements PersonalDataCodec {
  constructor(private readonly keys: KeyStore) {}

  encode(subjectId: string, fields: readonly string[], data: JsonObject): JsonObject {
    let result = data;
    for (const field of fields) {
      const path = field.split('.');
      const value = getPath(result, path);
      if (value === undefined) continue;
      const key = this.keys.dataKey(subjectId, true);
      if (!key) {
        throw new Error(
          `The personal data of ${subjectId} has been erased; nothing personal can be recorded for it.`,
        );
      }
      const sealed = seal(key, Buffer.from(JSON.stringify(value)), `${subjectId}:${field}`);
      result = setPath(result, path, PREFIX + sealed.toString('base64'));
    }
    return result;
  }

  decode(subject: SubjectId, fields: readonly string[], data: JsonObject): JsonObject {
    let result = data;
    for (const field of fields) {
      const path = field.split('.');
      const value = getPath(result, path);
      if (typeof value !== 'string' || !value.startsWith(PREFIX)) continue;
      const subjectId = typeof subject === 'function' ? subject() : subject;
      const key = this.keys.dataKey(subjectId, false);
      const plain = key
        ? (JSON.parse(
            open(
              key,
              Buffer.from(value.slice(PREFIX.length), 'base64'),
              `${subjectId}:${field}`,
            ).toString(),
          ) as JsonValue)
        : ERASED_MARKER;
      result = setPath(result, path, plain);
    }
    return result;
  }
}
