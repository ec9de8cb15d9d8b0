import type { AllSubscription, RecordedEvent } from '../event-store.port';
import type { AppendSignal } from './append-signal';

export interface SqliteSubscriptionSource {
  /** Exclusive checkpoint. */
  after: bigint;
  readPage(fromInclusive: bigint, limit: number): RecordedEvent[];
  pageSize: number;
  appended: AppendSignal;
  pollMs: number;
  onStopped(subscription: SqliteAllSubscription): void;
}

/**
 * Catch-up then live in one loop: it always reads the log after the last delivered position, so
 * the switch from catch-up to live can neither lose nor repeat an event. When it has caught up
 * it sleeps until a local commit (or a poll, for appends made by another process).
 */
export class SqliteAllSubscription implements AllSubscription {
  private stopped = false;
  private iterating = false;
  private cancelWait: (() => void) | undefined;

  constructor(private readonly source: SqliteSubscriptionSource) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterating) throw new Error('A subscription can be iterated only once');
    this.iterating = true;
    let checkpoint = this.source.after;
    try {
      while (!this.stopped) {
        const page = this.source.readPage(checkpoint + 1n, this.source.pageSize);
        for (const event of page) {
          if (this.stopped) return;
          yield event;
          checkpoint = event.position;
        }
        if (page.length === this.source.pageSize) {
          // Let the server answer requests between pages of a long catch-up.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        if (this.stopped) return;
        const wait = this.source.appended.next(this.source.pollMs);
        this.cancelWait = wait.cancel;
        await wait.promise;
        this.cancelWait = undefined;
      }
    } finally {
      this.stopped = true;
      this.source.onStopped(this);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
    this.source.onStopped(this);
  }
}
