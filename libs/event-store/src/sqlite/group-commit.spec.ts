import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  let db: Database.Database;
  let commits: number;
  let rolledBack: number;
  let groupCommit: GroupCommit;

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE rows (value INTEGER NOT NULL UNIQUE)');
    commits = 0;
    rolledBack = 0;
    groupCommit = new GroupCommit(
      db,
      100,
      () => commits++,
      () => rolledBack++,
    );
  });
  afterEach(() => db.close());

  const insert = (value: number) => () => db.prepare('INSERT INTO rows VALUES (?)').run(value);
  const count = () => db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number };

  it('commits writes requested in the same turn of the event loop in one transaction', async () => {
    await Promise.all(Array.from({ length: 64 }, (_, index) => groupCommit.run(insert(index))));
    expect(count().n).toBe(64);
    expect(commits).toBe(1);
  });

  it('caps the writes of one transaction', async () => {
    await Promise.all(Array.from({ length: 250 }, (_, index) => groupCommit.run(insert(index))));
    expect(count().n).toBe(250);
    expect(commits).toBe(3);
  });

  it('rolls back a failing write alone and commits the others', async () => {
    const results = await Promise.allSettled([
      groupCommit.run(insert(1)),
      groupCommit.run(() => {
        insert(2)();
        insert(1)(); // violates UNIQUE after a row of its own was written
      }),
      groupCommit.run(insert(3)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const values = db.prepare('SELECT value FROM rows ORDER BY value').pluck().all();
    expect(values).toEqual([1, 3]);
  });

  it('settles a write only after its transaction has committed', async () => {
    let seenInTransaction = false;
    await groupCommit.run(() => {
      seenInTransaction = db.inTransaction;
    });
    expect(seenInTransaction).toBe(true);
    expect(db.inTransaction).toBe(false);
  });

  it('reports a transaction that rolled back as a whole, and not as a commit', async () => {
    await expect(
      groupCommit.run(() => {
        insert(7)();
        insert(7)();
      }),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(rolledBack).toBe(1);
    expect(commits).toBe(0);
    await groupCommit.run(insert(8));
    expect(rolledBack).toBe(1);
    expect(commits).toBe(1);
  });

  it('ends a batch that SQLite rolled back by itself, committing none of it', async () => {
    // RAISE(ROLLBACK) rolls back the whole transaction from inside one write, as SQLite does
    // on a full disk or an I/O error.
    db.exec(`CREATE TRIGGER whole_rollback BEFORE INSERT ON rows WHEN NEW.value = 13
             BEGIN SELECT RAISE(ROLLBACK, 'the whole transaction rolled back'); END`);
    const outcomes = await Promise.allSettled([
      groupCommit.run(insert(12)),
      groupCommit.run(insert(13)),
      groupCommit.run(insert(14)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(count().n).toBe(0);
    expect(rolledBack).toBe(1);
    expect(commits).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses writes after close', async () => {
    groupCommit.close();
    await expect(groupCommit.run(insert(1))).rejects.toThrow('closed');
  });
});
