import type Database from 'better-sqlite3';

interface PendingWrite<T> {
  work: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes requested in the same turn of the event loop run in one SQLite
 * transaction, so that many concurrent appends share one fsync. Each write runs in its own
 * savepoint, so one write that throws (a wrong expected revision) is rolled back alone and the
 * others still commit. Promises settle only after the COMMIT has returned, i.e. after the data
 * is durable.
 */
export class GroupCommit {
  private queue: PendingWrite<unknown>[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    /** Upper bound of writes per transaction, to bound the latency of one commit. */
    private readonly maxWritesPerCommit = 512,
    /** Called after each successful commit (outside the transaction). */
    private readonly onCommitted: () => void = () => undefined,
    /** Called after a transaction rolled back as a whole. */
    private readonly onRolledBack: () => void = () => undefined,
  ) {}

  run<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as PendingWrite<unknown>);
      this.schedule();
    });
  }

  /** Commits what is queued, then refuses new writes. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate rather than a microtask: it lets every caller that is ready in this turn of
    // the event loop enqueue its write before the batch is cut.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxWritesPerCommit);
    if (this.queue.length > 0) this.schedule();

    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db
        .transaction(() => {
          if (batch.length === 1) {
            // Alone in its transaction, a write needs no savepoint: a throw rolls back just it.
            outcomes.push({ ok: true, value: batch[0].work() });
            return;
          }
          for (const write of batch) {
            try {
              // A nested better-sqlite3 transaction is a SAVEPOINT: rolled back alone on throw.
              outcomes.push({ ok: true, value: this.db.transaction(write.work)() });
            } catch (error) {
              // On a full disk, an I/O error or no memory, SQLite rolls back the whole
              // transaction itself: the next writes would run outside it, each committed on
              // its own while the batch reports failure. The batch ends here, rolled back.
              if (!this.db.inTransaction) throw error;
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      this.onRolledBack();
      if (batch.length === 1 && outcomes.length === 0) {
        // The single write threw inside its transaction, which rolled back: its own failure.
        batch[0].reject(error);
        return;
      }
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
    this.onCommitted();
  }
}
