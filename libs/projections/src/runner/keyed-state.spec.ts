import { keyedState, type KeyedStateTable } from './keyed-state';

/** A table in a Map that logs every load and save. */
function loggedTable(initial: Record<string, number> = {}) {
  const rows = new Map(Object.entries(initial));
  const log: string[] = [];
  const table: KeyedStateTable<number> = {
    load(key) {
      log.push(`load ${key}`);
      return rows.get(key);
    },
    save(key, value) {
      log.push(`save ${key}=${value}`);
      rows.set(key, value);
    },
  };
  return { table, rows, log };
}

describe('keyedState', () => {
  it('reads and writes the table on every call in live mode', () => {
    const { table, rows, log } = loggedTable({ a: 1 });
    const state = keyedState(table, 'live');
    expect(state.get('a')).toBe(1);
    state.set('a', 2);
    state.set('b', 3);
    expect(state.get('a')).toBe(2);
    state.flush();
    expect(log).toEqual(['load a', 'save a=2', 'save b=3', 'load a']);
    expect(Object.fromEntries(rows)).toEqual({ a: 2, b: 3 });
  });

  it('keeps values in memory in rebuild mode and writes each changed one once when flushed', () => {
    const { table, rows, log } = loggedTable({ a: 1, c: 5 });
    const state = keyedState(table, 'rebuild');
    expect(state.get('a')).toBe(1);
    expect(state.get('c')).toBe(5);
    state.set('a', 2);
    state.set('a', 4);
    state.set('b', 3);
    expect([state.get('a'), state.get('b'), state.get('c')]).toEqual([4, 3, 5]);
    expect(log).toEqual(['load a', 'load c']);
    expect(Object.fromEntries(rows)).toEqual({ a: 1, c: 5 });

    state.flush();
    expect(log).toEqual(['load a', 'load c', 'save a=4', 'save b=3']);
    state.flush();
    expect(log).toHaveLength(4);
  });

  it('writes and drops what it holds when full, and loads it again when asked', () => {
    const { table, rows, log } = loggedTable();
    const state = keyedState(table, 'rebuild', 2);
    state.set('a', 1);
    state.set('b', 2);
    state.set('b', 3);
    expect(log).toEqual([]);
    state.set('c', 4);
    expect(log).toEqual(['save a=1', 'save b=3']);
    expect(state.get('a')).toBe(1);
    expect(log).toEqual(['save a=1', 'save b=3', 'load a']);
    state.flush();
    expect(Object.fromEntries(rows)).toEqual({ a: 1, b: 3, c: 4 });
  });
});
