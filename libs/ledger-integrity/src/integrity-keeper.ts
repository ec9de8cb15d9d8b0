import type Database from 'better-sqlite3';
import {
  ConditionSignal,
  type AllSubscription,
  type EventStore,
  type RecordedEvent,
} from '@vakregister/event-store';
import { openCheckpoint, signCheckpoint } from './checkpoint';
import {
  IntegrityRepository,
  openIntegrityDatabase,
  type StoredHead,
  type StoredLeaf,
} from './integrity-database';
import { leafEventOf, leafHashOfRecorded } from './leaf';
import { Frontier, type CompletedNode } from './merkle/frontier';
import { ProofRangeError, consistencyProof, inclusionProof } from './merkle/proofs';
import type { Receipt } from './receipt';
import { toSignedTreeHead, type SignedTreeHead } from './signed-tree-head';
import type { SigningKey } from './signing-key';
import { LIVE_TABLES_DDL, TreeTables } from './tree-tables';

export interface IntegrityLogger {
  log(message: string): void;
  warn?(message: string): void;
  error(message: string): void;
}

export interface IntegrityKeeperOptions {
  /** Events per batch, and so at most between two signed heads (default 500). */
  batchSize?: number;
  /** The clock of head times (default: the wall clock; heads say when they were signed). */
  clock?: () => Date;
  logger?: IntegrityLogger;
}

export type IntegrityKeeperState = 'stopped' | 'running' | 'rebuilding' | 'failed';

export interface IntegrityKeeperStatus {
  state: IntegrityKeeperState;
  /** Leaves in the tree, all of them covered by the latest head. */
  treeSize: number;
  /** Position of the last event in the tree; -1 before the first. */
  lastPosition: bigint;
  failure?: { position?: bigint; eventId?: string; error: string };
}

/** integrity.sqlite does not agree with itself: its tree is not the one its last head signed. */
export class IntegrityStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityStateError';
  }
}

/** A rebuild found a log that differs from what was signed, and refused to sign over it. */
export class RebuildRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildRefusedError';
  }
}

/** The event asked about is not the one the tree holds at its place. */
export class LeafMismatchError extends Error {
  constructor(
    readonly leafIndex: number,
    readonly position: bigint,
  ) {
    super(
      `The event at position ${position} does not match leaf ${leafIndex} of the tree: the ` +
        'ledger has changed since it was signed (run `vakregister verify`)',
    );
    this.name = 'LeafMismatchError';
  }
}

const REBUILD_SUFFIX = '__rebuild';
const PAGE = 1000;

/**
 * Keeps the Merkle tree of the log and signs its heads: a catch-up subscription from the
 * tree's last position, events appended as leaves in batches, and after each batch a signed
 * head, written with the batch's leaves and nodes in one transaction, so that the tree stored
 * is always exactly the one its latest head signed. Appending n events costs O(n) hashes and
 * row writes (one interior node per leaf on average), never a rebuild.
 */
export class IntegrityKeeper {
  private readonly repository: IntegrityRepository;
  private readonly live: TreeTables;
  private readonly batchSize: number;
  private readonly clock: () => Date;
  private readonly logger: IntegrityLogger;
  private readonly reached = new ConditionSignal();
  private frontier: Frontier | undefined;
  private lastPosition = -1n;
  private lastHeadTime = 0;
  private state: IntegrityKeeperState = 'stopped';
  private failure: IntegrityKeeperStatus['failure'];
  private buffer: RecordedEvent[] = [];
  private flushScheduled = false;
  private subscription: AllSubscription | undefined;
  private loop: Promise<void> | undefined;
  private ownsDatabase = false;

  /** Opens `integrity.sqlite` in the data directory; `close()` closes it again. */
  static open(
    store: EventStore,
    dataDir: string,
    key: SigningKey,
    options: IntegrityKeeperOptions = {},
  ): IntegrityKeeper {
    const keeper = new IntegrityKeeper(store, openIntegrityDatabase(dataDir), key, options);
    keeper.ownsDatabase = true;
    return keeper;
  }

  /** `db` is an `integrity.sqlite` opened with `openIntegrityDatabase`. */
  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly key: SigningKey,
    options: IntegrityKeeperOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? { log: () => undefined, error: () => undefined };
    this.repository = new IntegrityRepository(db);
    this.live = new TreeTables(db, '');
  }

  /**
   * Loads the tree, checks it against its latest head, and follows the log from there.
   * Throws IntegrityStateError when integrity.sqlite contradicts itself (`rebuild()` fixes
   * that after `vakregister verify` has shown the log itself to be intact).
   */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.loadTree();
    this.state = 'running';
    this.failure = undefined;
    this.follow();
  }

  /** Stops following; what was read is signed first. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await this.loop;
    this.loop = undefined;
    if (this.state === 'running') {
      this.flush();
      // A failing last flush leaves the state 'failed', which must stay visible.
      if (this.state === 'running') this.state = 'stopped';
    }
  }

  /** Stops, and closes integrity.sqlite if `open()` opened it. */
  async close(): Promise<void> {
    await this.stop();
    this.reached.notify();
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  status(): IntegrityKeeperStatus {
    return {
      state: this.state,
      treeSize: this.frontier?.size ?? this.repository.leafCount(),
      lastPosition: this.frontier
        ? this.lastPosition
        : (this.repository.lastLeaf()?.position ?? -1n),
      ...(this.failure ? { failure: { ...this.failure } } : {}),
    };
  }

  /** Resolves true once the event at `position` is in a signed head, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.reached.waitUntil(() => this.status().lastPosition >= position, timeoutMs);
  }

  /** PEM (SPKI) of the key that verifies the heads this keeper signs. */
  publicKeyPem(): string {
    return this.key.publicKeyPem();
  }

  latestHead(): SignedTreeHead | undefined {
    const head = this.repository.latestHead();
    return head ? toSignedTreeHead(head) : undefined;
  }

  /** Signed heads in size order from `fromSize` (inclusive), at most `limit` (1 to 1,000). */
  checkpoints(options: { fromSize?: number; limit: number }): SignedTreeHead[] {
    const limit = Math.max(1, Math.min(1000, Math.floor(options.limit)));
    return this.repository.heads(options.fromSize ?? 0, limit).map(toSignedTreeHead);
  }

  /**
   * RFC 9162 inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves, base64
   * hashes. Throws ProofRangeError unless 0 ≤ leafIndex < treeSize ≤ the tree's size.
   */
  inclusionProof(leafIndex: number, treeSize: number): string[] {
    return this.read(() => {
      this.assertWithinTree(treeSize);
      return inclusionProof(this.repository, leafIndex, treeSize).map(base64);
    });
  }

  /** RFC 9162 consistency proof from the tree of `first` leaves to that of `second`. */
  consistencyProof(first: number, second: number): string[] {
    return this.read(() => {
      this.assertWithinTree(second);
      return consistencyProof(this.repository, first, second).map(base64);
    });
  }

  leafIndexOfEventId(eventId: string): number | undefined {
    return this.repository.leafIndexOfEventId(eventId);
  }

  leafIndexOfPosition(position: bigint): number | undefined {
    return this.repository.leafIndexOfPosition(position);
  }

  /**
   * A receipt for an event read from the store, against the latest signed head; undefined
   * while the event is not yet in a signed head (`waitFor(event.position, …)` first). Throws
   * LeafMismatchError when the event is not the one the tree recorded at its place.
   */
  buildReceipt(event: RecordedEvent): Receipt | undefined {
    return this.read(() => {
      const leafIndex = this.repository.leafIndexOfPosition(event.position);
      if (leafIndex === undefined) return undefined;
      const leaf = this.repository.leaf(leafIndex);
      if (!leaf || leaf.eventId !== event.id || !leaf.hash.equals(leafHashOfRecorded(event))) {
        throw new LeafMismatchError(leafIndex, event.position);
      }
      const head = this.repository.latestHead();
      if (!head || head.size <= leafIndex) return undefined;
      return {
        event: leafEventOf(event),
        leafIndex,
        treeSize: head.size,
        inclusionProof: inclusionProof(this.repository, leafIndex, head.size).map(base64),
        checkpoint: head.checkpoint,
      };
    });
  }

  /**
   * Recomputes the whole tree from the raw log into fresh tables, then swaps them in and signs
   * a head of the full log. Every head signed before must match the recomputed tree at its
   * size; otherwise the log has changed since, and the rebuild refuses rather than sign over
   * the change (RebuildRefusedError). Following, if it was on, pauses and resumes after.
   * Returns the latest head (undefined for an empty log, which has nothing to sign).
   */
  async rebuild(
    onProgress?: (leaves: number, head: bigint) => void,
  ): Promise<SignedTreeHead | undefined> {
    if (this.state === 'rebuilding') throw new Error('A rebuild is already running');
    const resume = this.subscription !== undefined || this.state === 'failed';
    await this.stop();
    this.state = 'rebuilding';
    try {
      const head = await this.rebuildTables(onProgress);
      this.failure = undefined;
      this.state = 'stopped';
      return head;
    } catch (error) {
      this.state = 'stopped';
      throw error;
    } finally {
      this.reached.notify();
      if (resume) await this.start();
    }
  }

  private loadTree(): void {
    const size = this.repository.leafCount();
    const latest = this.repository.latestHead();
    const last = this.repository.lastLeaf();
    if (size > 0 && last?.leafIndex !== size - 1) {
      throw new IntegrityStateError(
        `integrity.sqlite holds ${size} leaves that are not numbered 0 to ${size - 1}`,
      );
    }
    let frontier: Frontier;
    try {
      frontier = Frontier.load(size, (level, index) => this.repository.perfect(level, index));
    } catch (error) {
      throw new IntegrityStateError(`integrity.sqlite is incomplete: ${(error as Error).message}`);
    }
    if (size > 0 && (!latest || latest.size !== size || !latest.root.equals(frontier.root()))) {
      throw new IntegrityStateError(
        `integrity.sqlite holds a tree of ${size} leaves that is not the tree its latest head ` +
          `signed (${latest ? `size ${latest.size}` : 'none'}). Check the log with ` +
          '`vakregister verify`; if it is intact, rebuild the tree from it.',
      );
    }
    if (latest) {
      const opened = openCheckpoint(latest.checkpoint, this.key.publicKey);
      if (!opened.ok) {
        this.logger.warn?.(
          `The latest tree head (size ${latest.size}) does not verify with the current signing ` +
            `key (${opened.reason}). Keys cannot be rotated yet: verify will report the heads ` +
            'signed with the other key.',
        );
      }
      this.lastHeadTime = Date.parse(latest.time);
    }
    this.frontier = frontier;
    this.lastPosition = last?.position ?? -1n;
  }

  private follow(): void {
    const subscription = this.store.subscribeToAll({
      fromPosition: this.lastPosition < 0n ? 'start' : this.lastPosition,
    });
    this.subscription = subscription;
    this.buffer = [];
    this.loop = (async () => {
      try {
        for await (const event of subscription) {
          this.buffer.push(event);
          if (this.buffer.length >= this.batchSize) this.flush();
          else this.scheduleFlush();
          if (this.state !== 'running') break;
        }
      } catch (error) {
        this.fail(undefined, error);
      }
    })();
  }

  /** Flushes after the events that are ready now, so that a catch-up page is one batch. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.state === 'running') this.flush();
    });
  }

  /**
   * Appends the buffered events as leaves and signs the new head, in one transaction. The
   * frontier is advanced on a copy and kept only after the commit, so a failed write leaves
   * memory and file at the same tree.
   */
  private flush(): void {
    const events = this.buffer.splice(0);
    if (events.length === 0 || !this.frontier) return;
    const frontier = this.frontier.clone();
    const leaves: StoredLeaf[] = [];
    const nodes: CompletedNode[] = [];
    let lastPosition = this.lastPosition;
    let current: RecordedEvent | undefined;
    try {
      for (const event of events) {
        current = event;
        // The subscription delivers each event once and in order; this guards the tree anyway.
        if (event.position <= lastPosition) continue;
        const hash = leafHashOfRecorded(event);
        leaves.push({
          leafIndex: frontier.size,
          position: event.position,
          eventId: event.id,
          hash,
        });
        frontier.append(hash, nodes);
        lastPosition = event.position;
      }
      if (leaves.length === 0) return;
      current = undefined;
      const head = this.signHead(frontier);
      this.live.transaction(() => {
        this.live.write(leaves, nodes);
        this.live.writeHead(head);
      });
      this.frontier = frontier;
      this.lastPosition = lastPosition;
      this.lastHeadTime = Date.parse(head.time);
    } catch (error) {
      this.fail(current, error);
    }
    this.reached.notify();
  }

  private signHead(frontier: Frontier): StoredHead {
    // Never earlier than the previous head: a clock set back must not make history run backwards.
    const time = new Date(Math.max(this.clock().getTime(), this.lastHeadTime));
    const root = frontier.root();
    const checkpoint = signCheckpoint({ size: frontier.size, root, time }, this.key);
    return { size: frontier.size, root, time: time.toISOString(), checkpoint };
  }

  private fail(event: RecordedEvent | undefined, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.state = 'failed';
    this.failure = {
      ...(event ? { position: event.position, eventId: event.id } : {}),
      error: message,
    };
    this.buffer = [];
    this.logger.error(
      `The integrity keeper stopped` +
        `${event ? ` at position ${event.position} (event ${event.id})` : ''}: ${message}. ` +
        'No heads are signed until it is restarted; it resumes from its last signed head.',
    );
    const subscription = this.subscription;
    this.subscription = undefined;
    void subscription?.stop();
  }

  private assertWithinTree(treeSize: number): void {
    const size = this.repository.leafCount();
    if (treeSize > size) {
      throw new ProofRangeError(`The tree has ${size} leaves; there is no tree of ${treeSize} yet`);
    }
  }

  /** Reads in one transaction, so that a batch committed meanwhile cannot mix two trees. */
  private read<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  private async rebuildTables(
    onProgress?: (leaves: number, head: bigint) => void,
  ): Promise<SignedTreeHead | undefined> {
    const heads = this.repository.heads(0, Number.MAX_SAFE_INTEGER);
    let nextHead = 0;
    const logHead = async () => (await this.store.health()).lastPosition ?? -1n;
    let target = await logHead();
    this.db.exec(
      `DROP TABLE IF EXISTS leaves${REBUILD_SUFFIX}; DROP TABLE IF EXISTS nodes${REBUILD_SUFFIX};` +
        LIVE_TABLES_DDL(REBUILD_SUFFIX),
    );
    const fresh = new TreeTables(this.db, REBUILD_SUFFIX);
    const frontier = Frontier.empty();
    let lastPosition = -1n;
    const checkHeads = () => {
      while (nextHead < heads.length && heads[nextHead].size <= frontier.size) {
        const head = heads[nextHead++];
        if (head.size === frontier.size && !head.root.equals(frontier.root())) {
          throw new RebuildRefusedError(
            `The log's first ${head.size} events are not the ones the head of that size signed ` +
              `at ${head.time}: the log has changed. Run \`vakregister verify\`; the rebuild ` +
              'does not sign over a change.',
          );
        }
      }
    };
    checkHeads();
    for (;;) {
      const page: RecordedEvent[] = [];
      for await (const event of this.store.readAll({
        fromPosition: lastPosition + 1n,
        maxCount: PAGE,
      })) {
        page.push(event);
      }
      if (page.length > 0) {
        const leaves: StoredLeaf[] = [];
        const nodes: CompletedNode[] = [];
        for (const event of page) {
          const hash = leafHashOfRecorded(event);
          leaves.push({
            leafIndex: frontier.size,
            position: event.position,
            eventId: event.id,
            hash,
          });
          frontier.append(hash, nodes);
          lastPosition = event.position;
          checkHeads();
        }
        fresh.transaction(() => fresh.write(leaves, nodes));
      }
      onProgress?.(frontier.size, target);
      if (page.length < PAGE) break;
      if (lastPosition > target) target = await logHead();
      // Let the API answer requests between pages of a long rebuild.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const beyond = heads.slice(nextHead).find((head) => head.size > frontier.size);
    if (beyond) {
      throw new RebuildRefusedError(
        `A head signed ${beyond.size} events at ${beyond.time}, but the log holds ` +
          `${frontier.size}: events were removed. Run \`vakregister verify\`; the rebuild does ` +
          'not sign over a change.',
      );
    }
    const latest = this.repository.latestHead();
    this.lastHeadTime = latest ? Date.parse(latest.time) : 0;
    const head = this.signHead(frontier);
    this.db.transaction(() => {
      this.db.exec(
        `DROP TABLE leaves; DROP TABLE nodes;
         ALTER TABLE leaves${REBUILD_SUFFIX} RENAME TO leaves;
         ALTER TABLE nodes${REBUILD_SUFFIX} RENAME TO nodes;
         CREATE INDEX leaves_by_event_id ON leaves (event_id);`,
      );
      // An empty log has nothing to sign; a head of the same size as the last keeps that one.
      if (frontier.size > 0) this.live.writeHead(head);
    })();
    this.frontier = frontier;
    this.lastPosition = lastPosition;
    onProgress?.(frontier.size, lastPosition);
    this.logger.log(`The integrity tree was rebuilt: ${frontier.size} leaves.`);
    return this.latestHead();
  }
}

function base64(hash: Buffer): string {
  return hash.toString('base64');
}
