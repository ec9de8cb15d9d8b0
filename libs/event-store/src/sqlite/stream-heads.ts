import type Database from 'better-sqlite3';

/**
 * The last revision (or a bound on it) of recently used streams, as far as this connection knows it, so that a
 * read that asks for what comes after a stream's last event can answer "nothing" without a
 * query. That read is the common one: a command's folded stream cache asks for the events after
 * the revision it holds, and there are none unless another process appended.
 *
 * What this connection commits is recorded as it commits (staged inside the transaction, kept
 * only once it committed). What another connection commits is not seen here: SQLite's
 * `data_version` changes when one does, and then everything known is forgotten.
 */
export class StreamHeads {
  private heads = new Map<string, bigint>();
  private staged: Array<[string, bigint]> = [];
  private dataVersion: number | bigint | undefined;
  private readonly readDataVersion: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly capacity = 100_000,
  ) {
    this.readDataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /**
   * Whether the stream is known to end before `revision`. Forgets everything first when another
   * connection has committed since the last call.
   */
  endsBefore(streamId: string, revision: bigint): boolean {
    const version = this.readDataVersion.get() as number | bigint;
    if (version !== this.dataVersion) {
      this.heads = new Map();
      this.dataVersion = version;
      return false;
    }
    const head = this.heads.get(streamId);
    return head !== undefined && head < revision;
  }

  /**
   * A read found that the stream ends at `revision` or before it (-1n: the stream is empty).
   * Call `endsBefore` before the read, so that what another connection committed since is
   * noticed.
   */
  saw(streamId: string, revision: bigint): void {
    this.remember(streamId, revision);
  }

  /** Inside a write transaction: the stream's last revision once it commits. */
  stage(streamId: string, revision: bigint): void {
    this.staged.push([streamId, revision]);
  }

  commit(): void {
    for (const [streamId, revision] of this.staged) this.remember(streamId, revision);
    this.staged = [];
  }

  /**
   * The transaction rolled back as a whole. Forgets everything, not only what it staged: a
   * rollback that SQLite made by itself may have left writes of its batch committed outside
   * it (GroupCommit stops such a batch, but knowing less is always safe).
   */
  discard(): void {
    this.staged = [];
    this.heads = new Map();
  }

  private remember(streamId: string, revision: bigint): void {
    // Re-inserted, so that the map's order is least recently recorded first.
    this.heads.delete(streamId);
    this.heads.set(streamId, revision);
    if (this.heads.size > this.capacity) {
      this.heads.delete(this.heads.keys().next().value as string);
    }
  }
}
