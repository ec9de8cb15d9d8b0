import type Database from 'better-sqlite3';
import type { CertificationEvent } from '@vakregister/certification';
import {
  ConditionSignal,
  type AllSubscription,
  type EventStore,
  type RecordedEvent,
} from '@vakregister/event-store';
import { Checkpoints } from './checkpoints';
import type { Projection, ProjectedEvent } from './projection';

export type ProjectionState = 'starting' | 'running' | 'failed' | 'stopped';

export interface ProjectionFailure {
  position: bigint;
  eventId: string;
  type: string;
  error: string;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionState;
  /** Position of the last event applied; -1 before the first. */
  checkpoint: bigint;
  failure?: ProjectionFailure;
  /** While a rebuild runs: how far it got, and the head it is catching up with. */
  rebuild?: { position: bigint; head: bigint; startedAt: number };
}

export interface EngineLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface ProjectionEngineOptions {
  /** Events applied per read-model transaction. */
  batchSize?: number;
  /**
   * Events after whose batch the WAL is checkpointed with TRUNCATE (an erasure), so that no
   * copy of what the batch overwrote stays in the write-ahead log.
   */
  truncateWalAfter?: (event: RecordedEvent) => boolean;
  /**
   * Least time between two live commits of one projection. An idle ledger's event is applied
   * at once; under a steady stream of appends the events of the interval share one commit,
   * which costs far less than one commit per group commit of the log.
   */
  minFlushIntervalMs?: number;
}

const REBUILD_SUFFIX = '__rebuild';
const PAGE = 1000;

interface Running {
  projection: Projection;
  status: ProjectionStatus;
  apply: (event: ProjectedEvent) => void;
  buffer: RecordedEvent[];
  flushScheduled: boolean;
  lastFlushAt: number;
  subscription?: AllSubscription;
  loop?: Promise<void>;
}

/**
 * Keeps each projection's read model from the global log: a catch-up subscription per
 * projection from its own checkpoint, events applied in batches with the checkpoint in the same
 * transaction (exactly-once effect), a failing event stopping only its projection, and
 * rebuilds into fresh tables swapped in when caught up.
 */
export class ProjectionEngine {
  private readonly checkpoints: Checkpoints;
  private readonly running = new Map<string, Running>();
  private readonly reached = new ConditionSignal();
  private readonly batchSize: number;
  private readonly truncateWalAfter: (event: RecordedEvent) => boolean;
  private readonly minFlushIntervalMs: number;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    projections: readonly Projection[],
    private readonly decode: (event: RecordedEvent) => CertificationEvent,
    private readonly logger: EngineLogger,
    options: ProjectionEngineOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.truncateWalAfter = options.truncateWalAfter ?? (() => false);
    this.minFlushIntervalMs = options.minFlushIntervalMs ?? 0;
    this.checkpoints = new Checkpoints(db);
    for (const projection of projections) {
      this.running.set(projection.name, {
        projection,
        status: {
          name: projection.name,
          version: projection.version,
          state: 'stopped',
          checkpoint: -1n,
        },
        apply: () => undefined,
        buffer: [],
        flushScheduled: false,
        lastFlushAt: 0,
      });
    }
  }

  names(): string[] {
    return [...this.running.keys()];
  }

  status(): ProjectionStatus[] {
    return [...this.running.values()].map((entry) => ({ ...entry.status }));
  }

  /**
   * Starts every projection from its checkpoint. A projection stored by another version of its
   * handlers is rebuilt from zero first.
   */
  async start(): Promise<void> {
    this.stopped = false;
    for (const entry of this.running.values()) {
      const saved = this.checkpoints.get(entry.projection.name);
      if (saved && saved.version !== entry.projection.version) {
        this.logger.log(
          `Projection ${entry.projection.name} was built by version ${saved.version}; rebuilding with version ${entry.projection.version}.`,
        );
        await this.rebuildTables(entry);
      } else {
        this.ensureLiveTables(entry.projection);
      }
      this.startLive(entry);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running.values()].map((entry) => this.stopLive(entry)));
  }

  /** Resolves true once every projection has applied `position`, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.reached.waitUntil(
      () => [...this.running.values()].every((entry) => entry.status.checkpoint >= position),
      timeoutMs,
    );
  }

  /**
   * Rebuilds one projection from zero into fresh tables while the live tables keep serving,
   * then swaps them in atomically and continues live from the rebuilt position.
   */
  async rebuild(
    name: string,
    onProgress?: (position: bigint, head: bigint) => void,
  ): Promise<void> {
    const entry = this.running.get(name);
    if (!entry) throw new Error(`No projection named ${name}`);
    if (entry.status.rebuild) throw new Error(`Projection ${name} is already being rebuilt`);
    // A failed projection restarts live too: the rebuild is its fix.
    const restart = entry.subscription !== undefined || entry.status.state === 'failed';
    await this.rebuildTables(entry, onProgress, async () => {
      if (entry.subscription) await this.stopLive(entry);
    });
    if (restart && !this.stopped) this.startLive(entry);
  }

  private ensureLiveTables(projection: Projection): void {
    this.db.transaction(() => {
      projection.createTables(this.db, '');
      projection.createIndexes(this.db, '');
    })();
  }

  private startLive(entry: Running): void {
    const saved = this.checkpoints.get(entry.projection.name);
    entry.status = {
      name: entry.projection.name,
      version: entry.projection.version,
      state: 'running',
      checkpoint: saved?.position ?? -1n,
    };
    entry.apply = entry.projection.bind(this.db, '');
    entry.buffer = [];
    const subscription = this.store.subscribeToAll({
      fromPosition: entry.status.checkpoint < 0n ? 'start' : entry.status.checkpoint,
    });
    entry.subscription = subscription;
    entry.loop = this.follow(entry, subscription);
  }

  private async stopLive(entry: Running): Promise<void> {
    const subscription = entry.subscription;
    entry.subscription = undefined;
    await subscription?.stop();
    await entry.loop;
    if (entry.status.state === 'running') this.flush(entry);
    if (entry.status.state !== 'failed') entry.status.state = 'stopped';
  }

  private async follow(entry: Running, subscription: AllSubscription): Promise<void> {
    try {
      for await (const recorded of subscription) {
        entry.buffer.push(recorded);
        if (entry.buffer.length >= this.batchSize) this.flush(entry);
        else this.scheduleFlush(entry);
        if (entry.status.state === 'failed') break;
      }
    } catch (error) {
      this.logger.error(
        `Projection ${entry.projection.name} lost its subscription: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Flushes after the events that are ready now, so that a catch-up page commits as one batch,
   * and no sooner than `minFlushIntervalMs` after the previous flush.
   */
  private scheduleFlush(entry: Running): void {
    if (entry.flushScheduled) return;
    entry.flushScheduled = true;
    const flushWhenDue = () => {
      entry.flushScheduled = false;
      if (entry.status.state === 'running') this.flush(entry);
    };
    const wait = entry.lastFlushAt + this.minFlushIntervalMs - Date.now();
    if (wait > 0) setTimeout(flushWhenDue, wait);
    else setImmediate(flushWhenDue);
  }

  private flush(entry: Running): void {
    const events = entry.buffer.splice(0);
    if (events.length === 0) return;
    entry.lastFlushAt = Date.now();
    const { name, version } = entry.projection;
    try {
      this.db.transaction(() => {
        for (const recorded of events) entry.apply({ recorded, event: this.decode(recorded) });
        this.checkpoints.set(name, events[events.length - 1].position, version);
      })();
      entry.status.checkpoint = events[events.length - 1].position;
    } catch {
      // Apply one at a time to commit what precedes the failing event and name it.
      for (const recorded of events) {
        try {
          this.db.transaction(() => {
            entry.apply({ recorded, event: this.decode(recorded) });
            this.checkpoints.set(name, recorded.position, version);
          })();
          entry.status.checkpoint = recorded.position;
        } catch (error) {
          this.fail(entry, recorded, error);
          break;
        }
      }
    }
    if (events.some(this.truncateWalAfter)) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.reached.notify();
  }

  private fail(entry: Running, recorded: RecordedEvent, error: unknown): void {
    const failure: ProjectionFailure = {
      position: recorded.position,
      eventId: recorded.id,
      type: recorded.type,
      error: error instanceof Error ? error.message : String(error),
    };
    entry.status.state = 'failed';
    entry.status.failure = failure;
    entry.buffer = [];
    this.logger.error(
      `Projection ${entry.projection.name} stopped at position ${failure.position}: event ${failure.eventId} (${failure.type}) failed: ${failure.error}. It resumes from its checkpoint after a restart or a rebuild.`,
    );
    const subscription = entry.subscription;
    entry.subscription = undefined;
    void subscription?.stop();
  }

  /**
   * Fills fresh tables from the start of the log, page by page (yielding between pages), then
   * — after `beforeSwap` has paused the live runner — applies the rest and swaps in one
   * transaction: what the handler holds in memory written, old tables dropped, fresh ones
   * renamed, the indexes left for last built, checkpoint set.
   */
  private async rebuildTables(
    entry: Running,
    onProgress?: (position: bigint, head: bigint) => void,
    beforeSwap: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    const { projection } = entry;
    const head = async () => (await this.store.health()).lastPosition ?? -1n;
    // Visible at once, so that a second rebuild request sees this one.
    const rebuild = { position: -1n, head: -1n, startedAt: Date.now() };
    entry.status.rebuild = rebuild;
    try {
      rebuild.head = await head();
      this.db.transaction(() => {
        for (const table of projection.tables)
          this.db.exec(`DROP TABLE IF EXISTS ${table}${REBUILD_SUFFIX}`);
        projection.createTables(this.db, REBUILD_SUFFIX);
        if (projection.createRebuildIndexes)
          projection.createRebuildIndexes(this.db, REBUILD_SUFFIX);
        else projection.createIndexes(this.db, REBUILD_SUFFIX);
      })();
      const apply = projection.bind(this.db, REBUILD_SUFFIX, 'rebuild');
      // Events of the types the handler reads, applied PAGE at a time: a projection that reads
      // few types commits once per many pages, and decodes only what it reads.
      const reads = projection.eventTypes;
      let pending: RecordedEvent[] = [];
      const applyPending = () => {
        if (pending.length === 0) return;
        const events = pending;
        pending = [];
        this.db.transaction(() => {
          for (const recorded of events) apply({ recorded, event: this.decode(recorded) });
        })();
      };
      const take = (page: RecordedEvent[]) => {
        for (const recorded of page) if (!reads || reads.has(recorded.type)) pending.push(recorded);
        if (pending.length >= PAGE) applyPending();
        if (page.length > 0) rebuild.position = page[page.length - 1].position;
      };
      for (;;) {
        const page = await this.readPage(rebuild.position);
        take(page);
        onProgress?.(rebuild.position, rebuild.head);
        if (page.length < PAGE) break;
        if (rebuild.position > rebuild.head) rebuild.head = await head();
        // Let the server answer requests between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await beforeSwap();
      for (
        let page = await this.readPage(rebuild.position);
        page.length > 0;
        page = await this.readPage(rebuild.position)
      ) {
        take(page);
      }
      applyPending();
      this.db.transaction(() => {
        apply.flush?.();
        for (const table of projection.tables) {
          this.db.exec(`DROP TABLE IF EXISTS ${table}`);
          this.db.exec(`ALTER TABLE ${table}${REBUILD_SUFFIX} RENAME TO ${table}`);
        }
        // The renamed tables keep their indexes under the rebuild names: give them live names.
        const rebuildIndexes = this.db
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE ? AND sql IS NOT NULL`,
          )
          .pluck()
          .all(`%${REBUILD_SUFFIX}`) as string[];
        for (const index of rebuildIndexes) {
          const table = this.db
            .prepare('SELECT tbl_name FROM sqlite_master WHERE name = ?')
            .pluck()
            .get(index);
          if (projection.tables.includes(String(table))) this.db.exec(`DROP INDEX ${index}`);
        }
        projection.createIndexes(this.db, '');
        this.checkpoints.set(projection.name, rebuild.position, projection.version);
      })();
      entry.status.checkpoint = rebuild.position;
      entry.status.failure = undefined;
      if (entry.status.state === 'failed') entry.status.state = 'stopped';
      onProgress?.(rebuild.position, rebuild.position);
      this.logger.log(`Projection ${projection.name} rebuilt up to position ${rebuild.position}.`);
    } finally {
      entry.status.rebuild = undefined;
      this.reached.notify();
    }
  }

  private async readPage(after: bigint): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    for await (const event of this.store.readAll({ fromPosition: after + 1n, maxCount: PAGE }))
      page.push(event);
    return page;
  }
}
