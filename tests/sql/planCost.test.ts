import { PgliteSource } from '../../src/sources/pgliteSource';
import { SqlExecutor } from '../../src/sql/sqlExecutor';

/**
 * PGlite cannot interrupt a running statement, so the executor bounds a query's planned cost there
 * instead: a runaway cross join is refused before it runs, an ordinary query is not.
 */
describe('SqlExecutor on a source without statement timeouts (PGlite)', () => {
  let source: PgliteSource;
  let executor: SqlExecutor;

  beforeAll(async () => {
    source = await PgliteSource.create();
    await source.exec(
      'CREATE TABLE t AS SELECT g AS id, md5(g::text) AS name FROM generate_series(1, 3000) g; ANALYZE t;',
    );
    executor = await SqlExecutor.create();
  });
  afterAll(() => source.close());

  const run = (sql: string) =>
    executor.execute({ source, sql, statementTimeoutMs: 1000, maxRows: 10, maxBytes: 100_000 });

  it('refuses a plan whose estimated cost is beyond the budget', async () => {
    expect(source.enforcesStatementTimeout).toBe(false);
    await expect(run('SELECT count(*) FROM t a, t b, t c')).rejects.toMatchObject({ code: 'SQL_TIMEOUT' });
  });

  it('runs an ordinary query', async () => {
    const r = await run('SELECT count(*) AS n FROM t WHERE id < 100');
    expect(r.rows).toEqual([[99]]);
  });
});
