import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { SqlExecutor } from '../../src/sql/sqlExecutor';

/**
 * A folder PGlite runs on a worker thread, so a statement timeout really stops a runaway query (PGlite
 * itself has no timer interrupts): the query comes back as SQL_TIMEOUT soon after its budget, the event
 * loop stays free meanwhile, and the next query works on the reopened folder with its data intact.
 */
describe('PGlite statement timeout (worker thread)', () => {
  let dir: string;
  let source: PgliteSource;
  let executor: SqlExecutor;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-pglite-timeout-'));
    source = await PgliteSource.create({ dataDir: path.join(dir, 'db') });
    await source.exec(`CREATE TABLE items (id int primary key, name text);
      INSERT INTO items VALUES (1, 'one'), (2, 'two');`);
    executor = await SqlExecutor.create();
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enforces the statement timeout', () => {
    expect(source.enforcesStatementTimeout).toBe(true);
  });

  it('stops a recursive CTE that spins, keeps the event loop free, then answers the next question', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = performance.now();
    const spin = executor.execute({
      source,
      sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
      statementTimeoutMs: 400,
      maxRows: 10,
      maxBytes: 100_000,
    });
    await expect(spin).rejects.toMatchObject({ code: 'SQL_TIMEOUT' });
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(elapsed).toBeLessThan(400 + 1000);
    expect(ticks).toBeGreaterThanOrEqual(4);

    const next = await executor.execute({
      source,
      sql: 'SELECT name FROM items ORDER BY id',
      statementTimeoutMs: 5000,
      maxRows: 10,
      maxBytes: 100_000,
    });
    expect(next.rows).toEqual([['one'], ['two']]);
  }, 60_000);

  it('keeps running queries that finish within the budget', async () => {
    const r = await executor.execute({
      source,
      sql: 'SELECT count(*) AS n FROM generate_series(1, 100000)',
      statementTimeoutMs: 5000,
      maxRows: 10,
      maxBytes: 100_000,
    });
    expect(r.rows).toEqual([[100000]]);
  }, 60_000);
});
