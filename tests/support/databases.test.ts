import { createTestDatabase, BACKEND } from './databases';

describe(`test database support (${BACKEND})`, () => {
  it('creates a fresh database, runs read-only work, and refuses writes inside readOnly', async () => {
    const db = await createTestDatabase();
    try {
      await db.source.exec(
        'CREATE TABLE t (id int primary key, name text); INSERT INTO t VALUES (1, $$a$$), (2, $$b$$);',
      );
      const r = await db.source.queryArrays('SELECT id, name, id FROM t ORDER BY id');
      expect(r.columns).toEqual(['id', 'name', 'id']);
      expect(r.rows).toEqual([
        [1, 'a', 1],
        [2, 'b', 2],
      ]);
      await expect(
        db.source.readOnly((q) => q.exec('INSERT INTO t VALUES (3, $$c$$)'), { statementTimeoutMs: 1000 }),
      ).rejects.toThrow(/read-only/);
      const n = await db.source.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
      expect(n.rows[0].n).toBe(2);
    } finally {
      await db.drop();
    }
  });
});
