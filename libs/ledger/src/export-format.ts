import type { EventMetadata, JsonObject, RecordedEvent } from '@vakregister/event-store';

/**
 * One event per line (NDJSON), in log order: everything that makes the event, nothing the store
 * assigns (positions, store timestamps), so that a ledger moves between stores unchanged.
 * Revisions are decimal strings: JSON numbers cannot carry every bigint.
 */
export interface ExportedEvent {
  streamId: string;
  revision: string;
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export function toExportLine(event: RecordedEvent): string {
  const exported: ExportedEvent = {
    streamId: event.streamId,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
  return JSON.stringify(exported);
}

/** A line that is not an exported event; names the line. */
export class ExportFormatError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`Line ${line}: ${detail}`);
    this.name = 'ExportFormatError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks one line; throws ExportFormatError naming the line. */
export function parseExportLine(text: string, line: number): ExportedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExportFormatError(line, 'not valid JSON');
  }
  if (!isObject(value)) throw new ExportFormatError(line, 'not a JSON object');
  const { streamId, revision, id, type, data, metadata } = value;
  if (typeof streamId !== 'string' || streamId === '')
    throw new ExportFormatError(line, 'streamId is missing');
  if (typeof revision !== 'string' || !/^\d{1,19}$/.test(revision)) {
    throw new ExportFormatError(line, 'revision must be a decimal string');
  }
  if (typeof id !== 'string' || !UUID.test(id))
    throw new ExportFormatError(line, 'id must be a UUID');
  if (typeof type !== 'string' || type === '') throw new ExportFormatError(line, 'type is missing');
  if (!isObject(data)) throw new ExportFormatError(line, 'data must be a JSON object');
  if (!isObject(metadata) || typeof metadata.recordedAt !== 'string') {
    throw new ExportFormatError(line, 'metadata must be a JSON object with recordedAt');
  }
  const extra = Object.keys(value).filter(
    (key) => !['streamId', 'revision', 'id', 'type', 'data', 'metadata'].includes(key),
  );
  if (extra.length > 0) throw new ExportFormatError(line, `unknown field ${extra[0]}`);
  return value as unknown as ExportedEvent;
}
