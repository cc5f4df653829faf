import { PgSource } from '../../src/sources/pgSource';
import { SqlExecutor } from '../../src/sql/sqlExecutor';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { StallingProxy } from '../support/stallingProxy';
import { describeWhen } from '../support/skip';

const STATEMENT_TIMEOUT_MS = 500;

/**
 * A source whose connections hang without a reset (through a proxy that stops forwarding): every query
 * comes back as a clear timeout within the statement timeout plus a second, more hung queries than the pool
 * has connections do not exhaust it, and once the path works again the same source answers (no restart).
 * Needs a Postgres server: PGlite sources have no connection to hang (their timeouts: pgliteTimeout.test.ts).
 */
const describeServer = describeWhen(
  Boolean(TEST_SERVER_URL),
  'needs TABLEBOT_TEST_DATABASE_URL: PGlite sources have no connection to hang (their timeouts: pgliteTimeout.test.ts)',
);

describeServer('a source connection that stops answering', () => {
  let db: TestDatabase;
  let proxy: StallingProxy;
  let source: PgSource;
  let executor: SqlExecutor;

  beforeAll(async () => {
    db = await createTestDatabase('tb_hang');
    await db.source.exec(`CREATE TABLE items (id int primary key, name text);
      INSERT INTO items VALUES (1, 'one'), (2, 'two');`);
    const url = new URL(db.url ?? '');
    proxy = await StallingProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    source = await PgSource.create({ url: url.toString(), maxConnections: 2, connectTimeoutMs: 2000 });
    executor = await SqlExecutor.create();
  }, 60_000);
  afterAll(async () => {
    await source?.close().catch(() => undefined);
    await proxy?.close();
    await db?.drop();
  });

  const ask = () =>
    executor.execute({
      source,
      sql: 'SELECT name FROM items ORDER BY id',
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      maxRows: 10,
      maxBytes: 100_000,
    });

  it('times out clearly, keeps the pool usable, and recovers without a restart', async () => {
    expect((await ask()).rows).toEqual([['one'], ['two']]);
    proxy.stall();
    // twice the pool size: stuck connections must leave the pool, or the later ones would wait forever
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      await expect(ask()).rejects.toMatchObject({
        code: 'SQL_TIMEOUT',
        message: expect.stringMatching(/took too long/),
      });
      expect(performance.now() - started).toBeLessThan(STATEMENT_TIMEOUT_MS + 1000);
    }
    proxy.resume();
    expect((await ask()).rows).toEqual([['one'], ['two']]);
  }, 60_000);
});
