import type { RecordedEvent } from '../event-store.port';

/** An event as inserted, before its transaction is known to have committed. */
export interface InsertedEvent {
  position: bigint;
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
  storedAt: bigint;
}

/**
 * The last events this process committed, as readers of the global log will ask for them.
 * Every in-process subscriber (each projection, the integrity keeper, the scheduler) reads each
 * new event right after its commit; serving those reads from memory spares a query and two
 * JSON parses per event and subscriber, and hands all of them the same event object, so that
 * what they derive from it (a decoded copy) can be shared too.
 *
 * Holds a gap-free run of positions. Inserts are staged inside the write transaction and kept
 * only once it has committed; a rolled-back transaction discards them.
 */
export class RecentEvents {
  private events: RecordedEvent[] = [];
  private staged: InsertedEvent[] = [];

  constructor(private readonly capacity = 4096) {}

  stage(inserted: InsertedEvent): void {
    this.staged.push(inserted);
  }

  /** The staged inserts committed: they become readable, in position order. Returns them. */
  commit(): readonly InsertedEvent[] {
    const staged = this.staged;
    this.staged = [];
    if (staged.length === 0) return staged;
    const last = this.events[this.events.length - 1];
    // Another process appended in between (or this is the first commit): start a new run.
    if (last === undefined || last.position + 1n !== staged[0].position) this.events = [];
    for (const inserted of staged) this.events.push(toRecorded(inserted));
    // Trimmed in chunks, so that a steady stream of commits does not shift the array each time.
    if (this.events.length > 2 * this.capacity) this.events = this.events.slice(-this.capacity);
    return staged;
  }

  /** The staged inserts were rolled back. */
  discard(): void {
    this.staged = [];
  }

  /**
   * Up to `limit` events from `from` on, when `from` lies inside the run; undefined when it
   * does not (the caller reads the database).
   */
  readForwards(from: bigint, limit: number): RecordedEvent[] | undefined {
    const first = this.events[0];
    if (first === undefined || from < first.position) return undefined;
    const start = Number(from - first.position);
    if (start >= this.events.length) return undefined;
    return this.events.slice(start, start + limit);
  }
}

function toRecorded(inserted: InsertedEvent): RecordedEvent {
  return {
    position: inserted.position,
    streamId: inserted.streamId,
    revision: inserted.revision,
    id: inserted.id,
    type: inserted.type,
    data: JSON.parse(inserted.data),
    metadata: JSON.parse(inserted.metadata),
    storedAt: new Date(Number(inserted.storedAt)),
  };
}
