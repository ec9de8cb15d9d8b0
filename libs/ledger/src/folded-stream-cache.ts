import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  RecordedEvent,
} from '@vakregister/event-store';

interface Entry<State> {
  state: State;
  revision: bigint;
  /** Global position of the stream's last folded event. */
  position: bigint;
}

/**
 * Folded states of recently used streams, so that a command reads only the events appended
 * since its stream was last folded. Streams are append-only and revisions never change, so a
 * cached prefix stays true even when another process appends; the least recently used entries
 * are dropped beyond `maxEntries`. Appends made through this process are folded in as they
 * succeed (`recordAppend`), so that the next command on the stream neither reads nor decodes
 * its own predecessor's events.
 */
export class FoldedStreamCache<State> {
  private readonly entries = new Map<string, Entry<State>>();

  constructor(
    private readonly store: EventStore,
    private readonly initial: State,
    private readonly evolve: (state: State, event: RecordedEvent) => State,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * The stream folded up to its last event, that event's revision ('no_stream' if none) and its
   * global position (so that a decision can record how far into the ledger it looked).
   */
  async load(
    streamId: string,
  ): Promise<{ state: State; revision: bigint | 'no_stream'; position?: bigint }> {
    const cached = this.entries.get(streamId);
    let state = cached?.state ?? this.initial;
    let revision = cached?.revision;
    let position = cached?.position;
    for await (const event of this.store.readStream(streamId, {
      fromRevision: revision === undefined ? 'start' : revision + 1n,
    })) {
      state = this.evolve(state, event);
      revision = event.revision;
      position = event.position;
    }
    if (revision === undefined || position === undefined) return { state, revision: 'no_stream' };
    this.remember(streamId, { state, revision, position });
    return { state, revision, position };
  }

  /**
   * Folds events this process has just appended into the cached state. Only when the entry is
   * exactly the state the append was decided on (its revision is the one the append expected):
   * otherwise the next `load` reads what it lacks, as before.
   */
  recordAppend(
    streamId: string,
    expectedRevision: ExpectedRevision,
    appended: AppendResult,
    fold: (state: State) => State,
  ): void {
    const cached = this.entries.get(streamId);
    const foldedFrom = cached
      ? typeof expectedRevision === 'bigint' && expectedRevision === cached.revision
      : expectedRevision === 'no_stream';
    if (!foldedFrom) return;
    this.remember(streamId, {
      state: fold(cached?.state ?? this.initial),
      revision: appended.nextExpectedRevision,
      position: appended.position,
    });
  }

  private remember(streamId: string, entry: Entry<State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
