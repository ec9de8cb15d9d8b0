import type Database from 'better-sqlite3';
import type { HandlerMode } from '../runner/projection';
import type { QueueName } from './queues.projection';

/** One open item, as a row of queue_items. */
export interface OpenItem {
  queue: QueueName;
  itemId: string;
  professionalId: string;
  sincePosition: bigint;
  sinceAt: string;
  dueOn: string | null;
  /** JSON. */
  summary: string;
}

/** The queues whose items a revocation ends: work that can no longer be decided. */
const WORK_QUEUES: readonly QueueName[] = ['reviews', 'certification-requests'];

/**
 * A rebuild keeps at most this many open items in memory; past it, they are written to the
 * table, which then takes every later change too.
 */
const REBUILD_ITEM_LIMIT = 50_000;

/**
 * The open items of the queues. Live mode changes queue_items at once. Most items are closed
 * soon after they open (an activity is reviewed within weeks), so a rebuild keeps the open ones
 * in memory and writes only those still open at the end, instead of an insert and a delete per
 * item; an item added twice keeps its first version, as `INSERT OR IGNORE` does live.
 */
export function openItems(
  db: Database.Database,
  table: string,
  mode: HandlerMode,
  itemLimit = REBUILD_ITEM_LIMIT,
) {
  const statements = {
    add: db.prepare(
      `INSERT OR IGNORE INTO ${table} (queue, item_id, professional_id, since_position, since_at, due_on, summary)
       VALUES (@queue, @itemId, @professionalId, @sincePosition, @sinceAt, @dueOn, @summary)`,
    ),
    remove: db.prepare(`DELETE FROM ${table} WHERE queue = ? AND item_id = ?`),
    due: db.prepare(`UPDATE ${table} SET due_on = ? WHERE queue = ? AND item_id = ?`),
    removeAll: db.prepare(`DELETE FROM ${table} WHERE professional_id = ?`),
    removeWork: db.prepare(
      `DELETE FROM ${table} WHERE professional_id = ? AND queue IN (${WORK_QUEUES.map(() => '?').join(', ')})`,
    ),
  };
  const sql = {
    add: (item: OpenItem) => void statements.add.run(item),
    remove: (queue: QueueName, itemId: string) => void statements.remove.run(queue, itemId),
    setDue: (queue: QueueName, itemId: string, dueOn: string) =>
      void statements.due.run(dueOn, queue, itemId),
    removeAll: (professionalId: string) => void statements.removeAll.run(professionalId),
    removeWork: (professionalId: string) =>
      void statements.removeWork.run(professionalId, ...WORK_QUEUES),
  };
  if (mode === 'live') return { ...sql, flush: () => undefined };

  const open = new Map<string, OpenItem>();
  const keyOf = (queue: string, itemId: string) => `${queue}\u0000${itemId}`;
  // Once items were written, the table may hold any item: every change goes there as well.
  let written = false;
  const flush = () => {
    for (const item of open.values()) sql.add(item);
    open.clear();
  };
  const removeWhere = (keep: (item: OpenItem) => boolean) => {
    for (const [key, item] of open) if (!keep(item)) open.delete(key);
  };
  return {
    add(item: OpenItem) {
      const key = keyOf(item.queue, item.itemId);
      if (open.has(key)) return;
      if (open.size >= itemLimit) {
        flush();
        written = true;
      }
      open.set(key, item);
    },
    remove(queue: QueueName, itemId: string) {
      open.delete(keyOf(queue, itemId));
      if (written) sql.remove(queue, itemId);
    },
    setDue(queue: QueueName, itemId: string, dueOn: string) {
      const item = open.get(keyOf(queue, itemId));
      if (item) item.dueOn = dueOn;
      if (written) sql.setDue(queue, itemId, dueOn);
    },
    removeAll(professionalId: string) {
      removeWhere((item) => item.professionalId !== professionalId);
      if (written) sql.removeAll(professionalId);
    },
    removeWork(professionalId: string) {
      removeWhere(
        (item) => item.professionalId !== professionalId || !WORK_QUEUES.includes(item.queue),
      );
      if (written) sql.removeWork(professionalId);
    },
    flush,
  };
}
