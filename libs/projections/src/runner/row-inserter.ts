import type Database from 'better-sqlite3';
import type { HandlerMode } from './projection';

/** Rows per statement in rebuild mode: fewer calls into SQLite, one statement per this many. */
const ROWS_PER_STATEMENT = 100;

/**
 * Inserts rows into one table with `INSERT OR IGNORE`. Live mode inserts each row at once;
 * rebuild mode collects them and inserts ROWS_PER_STATEMENT rows per statement, the rest when
 * flushed, in the order given (a rebuild's table is read by nobody until it is swapped in).
 */
export function rowInserter(
  db: Database.Database,
  table: string,
  columns: readonly string[],
  mode: HandlerMode,
) {
  const statementFor = (rows: number) =>
    db.prepare(
      `INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES ${Array.from(
        { length: rows },
        () => `(${columns.map(() => '?').join(', ')})`,
      ).join(', ')}`,
    );
  const single = statementFor(1);
  if (mode === 'live') {
    return {
      insert: (...values: unknown[]) => void single.run(values),
      flush: () => undefined,
    };
  }
  const full = statementFor(ROWS_PER_STATEMENT);
  const pending: unknown[] = [];
  const perStatement = ROWS_PER_STATEMENT * columns.length;
  return {
    insert(...values: unknown[]) {
      pending.push(...values);
      if (pending.length < perStatement) return;
      full.run(pending);
      pending.length = 0;
    },
    flush() {
      for (let at = 0; at < pending.length; at += columns.length)
        single.run(pending.slice(at, at + columns.length));
      pending.length = 0;
    },
  };
}
