import Database from 'better-sqlite3';
import { rowInserter } from './row-inserter';

function table() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
  const rows = () => db.prepare('SELECT id, label FROM t ORDER BY id').raw(true).all();
  return { db, rows };
}

describe('rowInserter', () => {
  it('inserts each row at once in live mode, ignoring a key seen before', () => {
    const { db, rows } = table();
    const inserter = rowInserter(db, 't', ['id', 'label'], 'live');
    inserter.insert(1, 'a');
    inserter.insert(1, 'again');
    expect(rows()).toEqual([[1, 'a']]);
  });

  it('writes a rebuild’s rows in statements of many, and the rest when flushed', () => {
    const { db, rows } = table();
    const inserter = rowInserter(db, 't', ['id', 'label'], 'rebuild');
    const expected: Array<[number, string]> = [];
    for (let id = 0; id < 250; id++) {
      inserter.insert(id, `row ${id}`);
      expected.push([id, `row ${id}`]);
    }
    inserter.insert(3, 'again');
    expect(rows()).toEqual(expected.slice(0, 200));
    inserter.flush();
    expect(rows()).toEqual(expected);
  });
});
