import {
  BVK_2016,
  EVENT_SCHEMA_VERSIONS,
  PERSONAL_FIELDS,
  REGISTRATION_NUMBERS_STREAM,
  SCHEMES_STREAM,
  evolveSchemes,
  evolveProfessional,
  initialProfessionalState,
  initialSchemesState,
  professionalStream,
  type CertificationEvent,
  type ProfessionalEvent,
  type ProfessionalState,
  type Scheme,
  type SchemeEvent,
} from '@vakregister/certification';
import type {
  Actor,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
} from '@vakregister/event-store';
import type { IdSource } from './event-ids';
import { FoldedStreamCache } from './folded-stream-cache';
import type { PersonalDataCodec } from './personal-data-codec';

/** Who, when and why of a command: becomes the metadata of every event it appends. */
export interface CommandMetadata {
  actor: Actor & { [key: string]: string };
  correlationId: string;
  causationId: string;
  reason?: string;
  /** The command's instant from the domain clock (ISO 8601 UTC). */
  recordedAt: string;
}

/** A stream folded to its state, with the revision to append after. */
export interface LoadedStream<State> {
  state: State;
  /** `'no_stream'` when the stream has no events yet. */
  revision: bigint | 'no_stream';
  /** Global position of the stream's last event; absent when the stream has no events yet. */
  position?: bigint;
}

export const SYSTEM_ACTOR = { id: 'system', role: 'system' } as const;

/** Reads and writes the certification domain's streams through the event store port. */
export class Ledger {
  private readonly professionals: FoldedStreamCache<ProfessionalState>;
  private readonly schemes: FoldedStreamCache<readonly Scheme[]>;

  constructor(
    readonly store: EventStore,
    private readonly codec: PersonalDataCodec,
  ) {
    this.professionals = new FoldedStreamCache<ProfessionalState>(
      store,
      initialProfessionalState,
      (state, event) => evolveProfessional(state, this.toDomain(event) as ProfessionalEvent),
    );
    this.schemes = new FoldedStreamCache<readonly Scheme[]>(
      store,
      initialSchemesState,
      (state, event) => evolveSchemes(state, this.toDomain(event) as SchemeEvent),
    );
  }

  /** A professional's stream folded to its state (incrementally, from a cache of folded streams). */
  loadProfessional(professionalId: string): Promise<LoadedStream<ProfessionalState>> {
    return this.professionals.load(professionalStream(professionalId));
  }

  /** Every recorded event of a professional, oldest first. */
  readProfessionalEvents(professionalId: string): Promise<RecordedEvent[]> {
    return this.readStream(professionalStream(professionalId));
  }

  loadSchemes(): Promise<LoadedStream<readonly Scheme[]>> {
    return this.schemes.load(SCHEMES_STREAM);
  }

  /** How many registration numbers have been assigned, and the counter stream's revision. */
  async loadRegistrationCounter(): Promise<LoadedStream<number>> {
    const last = await this.readStream(REGISTRATION_NUMBERS_STREAM, {
      direction: 'backwards',
      maxCount: 1,
    });
    return last.length === 0
      ? { state: 0, revision: 'no_stream' }
      : { state: Number(last[0].revision) + 1, revision: last[0].revision };
  }

  /** Appends domain events to one stream with the command's metadata, all or none. */
  async append(
    streamId: string,
    subjectId: string,
    events: readonly CertificationEvent[],
    expectedRevision: ExpectedRevision,
    metadata: CommandMetadata,
    ids: IdSource,
  ): Promise<AppendResult> {
    const appended = await this.store.appendToStream(
      streamId,
      events.map((event, index) => ({
        id: ids.eventId(streamId, index),
        type: event.type,
        data: this.codec.encode(
          subjectId,
          PERSONAL_FIELDS[event.type] ?? [],
          event.data as unknown as JsonObject,
        ),
        metadata: {
          ...metadata,
          // A command's reason is free text about the person: as personal as the fields.
          ...(metadata.reason === undefined
            ? {}
            : {
                reason: this.codec.encode(subjectId, ['reason'], { reason: metadata.reason })
                  .reason,
              }),
          subjectId,
          schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
        } as EventMetadata,
      })),
      { expectedRevision },
    );
    this.foldIntoCache(streamId, events, expectedRevision, appended);
    return appended;
  }

  /** The domain events as appended: what decoding them from the store would give back. */
  private foldIntoCache(
    streamId: string,
    events: readonly CertificationEvent[],
    expectedRevision: ExpectedRevision,
    appended: AppendResult,
  ): void {
    if (streamId === SCHEMES_STREAM) {
      this.schemes.recordAppend(streamId, expectedRevision, appended, (state) =>
        events.reduce((schemes, event) => evolveSchemes(schemes, event as SchemeEvent), state),
      );
    } else if (streamId.startsWith(professionalStream(''))) {
      this.professionals.recordAppend(streamId, expectedRevision, appended, (state) =>
        events.reduce(
          (professional, event) => evolveProfessional(professional, event as ProfessionalEvent),
          state,
        ),
      );
    }
  }

  /** Publishes the default scheme on an empty ledger; a no-op once any scheme exists. */
  async publishDefaultSchemeIfEmpty(
    recordedAt: string,
    ids: IdSource,
  ): Promise<AppendResult | undefined> {
    if (await this.store.streamExists(SCHEMES_STREAM)) return undefined;
    const metadata: CommandMetadata = {
      actor: { ...SYSTEM_ACTOR },
      correlationId: ids.newId(),
      causationId: ids.newId(),
      reason: 'default scheme published on first start',
      recordedAt,
    };
    const event: SchemeEvent = { type: 'SchemePublished', data: BVK_2016 };
    return this.append(SCHEMES_STREAM, BVK_2016.schemeId, [event], 'no_stream', metadata, ids);
  }

  /** The decoded `reason` of a recorded event's metadata (the erasure marker once erased). */
  reasonOf(event: RecordedEvent): string | undefined {
    const reason = event.metadata.reason;
    if (typeof reason !== 'string') return undefined;
    return String(this.codec.decode(subjectOf(event), ['reason'], { reason }).reason);
  }

  /** The domain event of a recorded one, with personal fields decoded. */
  toDomain(event: RecordedEvent): CertificationEvent {
    const fields = PERSONAL_FIELDS[event.type as CertificationEvent['type']] ?? [];
    return {
      type: event.type,
      // The metadata is read only for an encoded field (see PersonalDataCodec.decode).
      data: this.codec.decode(() => subjectOf(event), fields, event.data),
    } as unknown as CertificationEvent;
  }

  /** The recorded events of a stream (as stored; decode with `toDomain`). */
  async readStream(streamId: string, options?: Parameters<EventStore['readStream']>[1]) {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamId, options)) events.push(event);
    return events;
  }
}

/** The person an event's personal fields belong to (their keys), as its metadata records. */
function subjectOf(event: RecordedEvent): string {
  return typeof event.metadata.subjectId === 'string' ? event.metadata.subjectId : '';
}
