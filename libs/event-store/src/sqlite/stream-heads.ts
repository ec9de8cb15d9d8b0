import type Database from 'better-sqlite3';

/**
 * The last revision (or a bound on it) of recently used streams, as far as this connection
 * knows it, so that a read that asks for what comes after a stream's last event can answer
 * "nothing" without a query. That read is the common one: a command's folded stream cache asks
 * for the events after the revision it holds, and there are none unless another process
 * appended.
 *
 * What this connection reads and commits is recorded by the store (`saw`). What another
 * connection commits is not seen here: SQLite's `data_version` changes when one does, and then
 * everything known is forgotten.
 */
export class StreamHeads {
  private heads = new Map<string, bigint>();
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
   * A transaction rolled back as a whole: knowing less is always safe, and a rollback that
   * SQLite made by itself may have left writes of its batch committed outside it.
   */
  forget(): void {
    this.heads = new Map();
  }

  /**
   * The stream ends at `revision` or before it (-1n: the stream is empty), as a read found or a
   * commit of this connection made it. Call `endsBefore` before a read, so that what another
   * connection committed since is noticed.
   */
  saw(streamId: string, revision: bigint): void {
    // Re-inserted, so that the map's order is least recently recorded first.
    this.heads.delete(streamId);
    this.heads.set(streamId, revision);
    if (this.heads.size > this.capacity) {
      this.heads.delete(this.heads.keys().next().value as string);
    }
  }
}
