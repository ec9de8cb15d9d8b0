import type { HandlerMode } from './projection';

/** Where a handler keeps a value per key (a professional) in its own tables. */
export interface KeyedStateTable<T> {
  load(key: string): T | undefined;
  save(key: string, value: T): void;
}

/** A handler's value per key, as its tables hold it (or will once flushed). */
export interface KeyedState<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Writes the values set since the last flush (rebuild mode; live mode has written them). */
  flush(): void;
}

/**
 * A rebuild keeps at most this many values in memory; past it, the values are written and
 * dropped, and read back from the table when needed again.
 */
const REBUILD_CACHE_LIMIT = 50_000;

/**
 * Live mode reads and writes the table on every call: a failed batch is rolled back and
 * applied again, so memory must not outlive the transaction. Rebuild mode keeps the values in
 * memory and writes each one once, when flushed (or when the cache is full), instead of a read
 * and a write per event.
 */
export function keyedState<T>(
  table: KeyedStateTable<T>,
  mode: HandlerMode,
  cacheLimit = REBUILD_CACHE_LIMIT,
): KeyedState<T> {
  if (mode === 'live') {
    return {
      get: (key) => table.load(key),
      set: (key, value) => table.save(key, value),
      flush: () => undefined,
    };
  }
  // One map lookup per call: whether a value still has to be written travels with it.
  const values = new Map<string, { value: T; changed: boolean }>();
  const flush = () => {
    for (const [key, entry] of values) {
      if (!entry.changed) continue;
      table.save(key, entry.value);
      entry.changed = false;
    }
  };
  const remember = (key: string, value: T, changed: boolean) => {
    if (values.size >= cacheLimit) {
      flush();
      values.clear();
    }
    values.set(key, { value, changed });
  };
  return {
    get(key) {
      const cached = values.get(key);
      if (cached) return cached.value;
      const value = table.load(key);
      if (value !== undefined) remember(key, value, false);
      return value;
    },
    set(key, value) {
      const cached = values.get(key);
      if (!cached) return remember(key, value, true);
      cached.value = value;
      cached.changed = true;
    },
    flush,
  };
}
