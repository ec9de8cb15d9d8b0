import type Database from 'better-sqlite3';
import type { StoredLeaf, StoredHead } from './integrity-database';
import type { CompletedNode } from './merkle/frontier';

/**
 * Writes leaves and nodes into `leaves<suffix>`/`nodes<suffix>`: the live tables (suffix '')
 * or the fresh ones a rebuild fills before swapping them in.
 */
export class TreeTables {
  private readonly insertLeaf;
  private readonly insertNode;
  private readonly insertHead;

  constructor(
    private readonly db: Database.Database,
    suffix: string,
  ) {
    this.insertLeaf = db.prepare(
      `INSERT INTO leaves${suffix} (leaf_index, position, event_id, hash) VALUES (?, ?, ?, ?)`,
    );
    this.insertNode = db.prepare(`INSERT INTO nodes${suffix} (level, idx, hash) VALUES (?, ?, ?)`);
    // A head of a size signed before (after a rebuild) keeps the first text handed out.
    this.insertHead = db.prepare(
      'INSERT OR IGNORE INTO heads (size, root, time, checkpoint) VALUES (?, ?, ?, ?)',
    );
  }

  /** Writes in the caller's transaction. */
  write(leaves: readonly StoredLeaf[], nodes: readonly CompletedNode[]): void {
    for (const leaf of leaves) {
      this.insertLeaf.run(leaf.leafIndex, leaf.position, leaf.eventId, leaf.hash);
    }
    for (const node of nodes) this.insertNode.run(node.level, node.index, node.hash);
  }

  writeHead(head: StoredHead): void {
    this.insertHead.run(head.size, head.root, head.time, head.checkpoint);
  }

  transaction(work: () => void): void {
    this.db.transaction(work)();
  }
}

export const LIVE_TABLES_DDL = (suffix: string) => `
  CREATE TABLE leaves${suffix} (
    leaf_index INTEGER PRIMARY KEY,
    position   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL,
    hash       BLOB    NOT NULL
  ) STRICT;
  CREATE TABLE nodes${suffix} (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) STRICT, WITHOUT ROWID;
`;
