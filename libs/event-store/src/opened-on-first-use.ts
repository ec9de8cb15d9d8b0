import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamMetadata,
  SubscribeToAllOptions,
} from './event-store.port';

/**
 * An event store that is opened when it is first used, so that a command that never touches
 * the ledger (`pilot generate`, `replay`, `verify-receipt`) leaves the data directory alone
 * instead of creating an empty one. Closing a store that was never opened does nothing.
 */
export class OpenedOnFirstUse implements EventStore {
  private store: EventStore | undefined;

  constructor(private readonly open: () => EventStore) {}

  private get opened(): EventStore {
    this.store ??= this.open();
    return this.store;
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.opened.appendToStream(streamId, events, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.opened.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.opened.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return this.opened.subscribeToAll(options);
  }

  streamExists(streamId: string): Promise<boolean> {
    return this.opened.streamExists(streamId);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return this.opened.getStreamMetadata(streamId);
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.opened.setStreamMetadata(streamId, metadata);
  }

  health(): Promise<StoreHealth> {
    return this.opened.health();
  }

  async close(): Promise<void> {
    await this.store?.close();
  }
}
