import { createServer } from 'node:net';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { PgSource } from '../../src/sources/pgSource';
import type { DataSource } from '../../src/sources/types';
import { SourceError, SqlExecutionError } from '../../src/errors';
import { numericTextToJson, toJsonValue } from '../../src/sql/executorValues';
import { SqlExecutor, type SqlExecuteOptions } from '../../src/sql/sqlExecutor';
import { BACKEND, createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { itWhen, SERVER_ONLY } from '../support/skip';

const SCHEMA = `
  CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL, price numeric(12,2), big bigint, ratio float8,
    added date, seen timestamptz, raw bytea, doc jsonb, span interval, tags text[]);
  INSERT INTO items
    SELECT g, 'item ' || g, g * 1.25, g::bigint * 1000000000, g / 4.0, date '2024-02-28' + g,
      timestamptz '2024-03-01 12:30:00+00' + g * interval '1 hour', decode('00ff' || lpad(to_hex(g), 2, '0'), 'hex'),
      jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g)), g * interval '1 day', ARRAY['t' || g]
    FROM generate_series(1, 50) g;
  CREATE TABLE audit (id serial PRIMARY KEY, note text);
  CREATE SEQUENCE counter;
  CREATE FUNCTION sneaky_write() RETURNS int LANGUAGE plpgsql VOLATILE AS $$
    BEGIN INSERT INTO audit (note) VALUES ('written'); RETURN 1; END $$;
`;

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<SqlExecutionError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof SqlExecutionError)) {
      throw new Error(`expected a SqlExecutionError, got ${String(error)}`, { cause: error });
    }
    expect(error.message).toMatch(/^SqlExecutor\.execute: /);
    expect(error.message).not.toMatch(/\n\s+at /);
    return error;
  }
  throw new Error('expected the execution to fail');
}

describe(`SqlExecutor (${BACKEND})`, () => {
  let db: TestDatabase;
  let executor: SqlExecutor;
  const run = (sql: string, extra: Partial<SqlExecuteOptions> = {}) =>
    executor.execute({
      source: db.source,
      sql,
      statementTimeoutMs: 5000,
      maxRows: 100,
      maxBytes: 1_000_000,
      ...extra,
    });
  const auditCount = async () =>
    (await db.source.query<{ n: number }>('SELECT count(*)::int AS n FROM audit')).rows[0].n;

  beforeAll(async () => {
    executor = await SqlExecutor.create();
    db = await createTestDatabase('tb_exec');
    await db.source.exec(SCHEMA);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('reads rows and converts values to JSON-safe values', async () => {
    const result = await run(
      `SELECT id, label, price, big, ratio, added, seen, raw, doc, span, tags, count(*) OVER () AS total,
         9007199254740993::bigint AS huge, 'NaN'::numeric AS nan, 'Infinity'::float8 AS inf,
         12345678901234567.891::numeric AS precise, NULL::text AS nothing
       FROM items WHERE id IN (2, 3) ORDER BY id`,
    );
    expect(result.columns).toEqual([
      'id',
      'label',
      'price',
      'big',
      'ratio',
      'added',
      'seen',
      'raw',
      'doc',
      'span',
      'tags',
      'total',
      'huge',
      'nan',
      'inf',
      'precise',
      'nothing',
    ]);
    expect(result.rowCount).toBe(2);
    expect(result.truncated).toBe(false);
    expect(result.rows[0]).toEqual([
      2,
      'item 2',
      2.5,
      2000000000,
      0.5,
      '2024-03-01',
      '2024-03-01T14:30:00.000Z',
      '\\x00ff02',
      { n: 2, tags: ['a', 2] },
      '2 days',
      ['t2'],
      2,
      '9007199254740993',
      'NaN',
      'Infinity',
      '12345678901234567.891',
      null,
    ]);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('returns column names for an empty result', async () => {
    const result = await run('SELECT id, label FROM items WHERE false');
    expect(result).toEqual({ columns: ['id', 'label'], rows: [], rowCount: 0, truncated: false });
  });

  it('caps rows and flags truncation', async () => {
    const capped = await run('SELECT id FROM items ORDER BY id', { maxRows: 10 });
    expect(capped.rows).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1]));
    expect(capped.truncated).toBe(true);
    const exact = await run('SELECT id FROM items', { maxRows: 50 });
    expect(exact.rowCount).toBe(50);
    expect(exact.truncated).toBe(false);
    const more = await run('SELECT id FROM items', { maxRows: 500 });
    expect(more.rowCount).toBe(50);
    expect(more.truncated).toBe(false);
  });

  it('caps bytes and flags truncation', async () => {
    const rowBytes = JSON.stringify([1, 'item 1']).length;
    const result = await run('SELECT id, label FROM items ORDER BY id', { maxBytes: rowBytes * 3 + 2 });
    expect(result.rows).toEqual([
      [1, 'item 1'],
      [2, 'item 2'],
      [3, 'item 3'],
    ]);
    expect(result.truncated).toBe(true);
  });

  it('cannot write even when the guard is bypassed', async () => {
    const before = await auditCount();
    const attempts = [
      "INSERT INTO audit (note) VALUES ('direct')",
      "SELECT 1; COMMIT; INSERT INTO audit (note) VALUES ('smuggled')",
      "WITH w AS (INSERT INTO audit (note) VALUES ('cte') RETURNING id) SELECT * FROM w",
      'SELECT sneaky_write()',
      'SELECT * FROM audit FOR UPDATE',
      "SELECT nextval('counter')",
    ];
    for (const sql of attempts) {
      const error = await failure(run(sql));
      expect(error.code).toBe('SQL_FAILED');
    }
    expect(await auditCount()).toBe(before);
    const seq = await db.source.query<{ is_called: boolean }>('SELECT is_called FROM counter');
    expect(seq.rows[0].is_called).toBe(false);
  });

  it('tokenises string literals like the parser even where the server default is not standard', async () => {
    // With standard_conforming_strings = off, the server would end this literal early and run the COMMIT and
    // INSERT as separate statements; the parser (and the executor's session) read it as one SELECT.
    const payload = "SELECT 'x\\''; COMMIT; INSERT INTO audit (note) VALUES ($$escaped$$); --' AS s";
    const before = await auditCount();
    let source: DataSource = db.source;
    if (db.url) {
      await db.source.exec(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET standard_conforming_strings = off', current_database()); END $$",
      );
      source = await PgSource.create({ url: db.url });
    } else {
      await db.source.exec('SET standard_conforming_strings = off');
    }
    try {
      const scs = await source.query("SELECT current_setting('standard_conforming_strings') AS scs");
      expect(scs.rows[0]).toEqual({ scs: 'off' });
      const result = await executor.execute({
        source,
        sql: payload,
        statementTimeoutMs: 5000,
        maxRows: 5,
        maxBytes: 10_000,
      });
      expect(result.rows).toEqual([["x\\'; COMMIT; INSERT INTO audit (note) VALUES ($$escaped$$); --"]]);
    } finally {
      if (db.url) {
        await source.close();
        await db.source.exec(
          "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET standard_conforming_strings', current_database()); END $$",
        );
      } else {
        await db.source.exec('RESET standard_conforming_strings');
      }
    }
    expect(await auditCount()).toBe(before);
  });

  it('reports a write attempt inside a SELECT as such', async () => {
    const error = await failure(run('SELECT sneaky_write()'));
    expect(error.message).toMatch(/only reading is allowed/);
  });

  it('turns database errors into user-safe SQL_FAILED messages', async () => {
    const error = await failure(run('SELECT nope FROM items'));
    expect(error.code).toBe('SQL_FAILED');
    expect(error.message).toMatch(/column "nope" does not exist/);
    const syntax = await failure(run('SELEC 1'));
    expect(syntax.code).toBe('SQL_FAILED');
    expect(syntax.message).toMatch(/not valid SQL/);
  });

  it('runs as the configured role', async () => {
    const role = `tb_reader_${Math.random().toString(36).slice(2, 8)}`;
    await db.source.exec(`CREATE ROLE ${role} NOLOGIN; GRANT SELECT ON items TO ${role};`);
    try {
      const ok = await run('SELECT count(*) FROM items', { role });
      expect(ok.rows).toEqual([[50]]);
      const denied = await failure(run('SELECT count(*) FROM audit', { role }));
      expect(denied.code).toBe('SQL_FAILED');
      expect(denied.message).toMatch(/not permitted.*permission denied/);
    } finally {
      await db.source.exec(`REVOKE ALL ON items FROM ${role}; DROP ROLE ${role};`);
    }
  });

  itWhen(Boolean(TEST_SERVER_URL), SERVER_ONLY)(
    'cancels a statement that exceeds the timeout (Postgres server only: PGlite has no timer interrupts)',
    async () => {
      const error = await failure(run('SELECT pg_sleep(5)', { statementTimeoutMs: 200 }));
      expect(error.code).toBe('SQL_TIMEOUT');
      expect(error.message).toMatch(/took too long/);
      // The pooled connection is still usable afterwards.
      expect((await run('SELECT 1 AS ok')).rows).toEqual([[1]]);
    },
  );

  it('reports an unreachable source', async () => {
    const port = await closedPort();
    const url = `postgres://tablebot:sekret@127.0.0.1:${port}/nowhere`;
    let thrown: unknown;
    try {
      await PgSource.create({ url, connectTimeoutMs: 2000 });
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(thrown)}`);
    expect(thrown.code).toBe('SOURCE_UNREACHABLE');
    expect(thrown.message).not.toMatch(/sekret/);

    const closed: DataSource = db.url ? await PgSource.create({ url: db.url }) : await PgliteSource.create();
    await closed.close();
    const error = await failure(
      executor.execute({
        source: closed,
        sql: 'SELECT 1',
        statementTimeoutMs: 1000,
        maxRows: 5,
        maxBytes: 1000,
      }),
    );
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).toBe('SqlExecutor.execute: the database cannot be reached right now');
  });
});

describe('executor value conversion', () => {
  it.each([
    ['42', 42],
    ['-7', -7],
    ['12.50', 12.5],
    ['0.000123', 0.000123],
    ['9007199254740993', '9007199254740993'],
    ['1234567890.123456789', '1234567890.123456789'],
    ['NaN', 'NaN'],
    ['1e3', 1000],
    ['abc', 'abc'],
  ])('numeric text %j -> %j', (text, expected) => {
    expect(numericTextToJson(text)).toEqual(expected);
  });

  it('converts driver values without type information', () => {
    expect(toJsonValue(10n)).toBe(10);
    expect(toJsonValue(2n ** 60n)).toBe('1152921504606846976');
    expect(toJsonValue(Number.NaN)).toBe('NaN');
    expect(toJsonValue(new Date('2024-05-06T07:08:09.010Z'))).toBe('2024-05-06T07:08:09.010Z');
    expect(toJsonValue(new Uint8Array([1, 171]))).toBe('\\x01ab');
    expect(toJsonValue({ toPostgres: () => '3 days' })).toBe('3 days');
    expect(toJsonValue('123')).toBe('123');
    expect(toJsonValue('123', 20)).toBe(123);
    expect(toJsonValue(['1', '2.5'], 1231)).toEqual([1, 2.5]);
    expect(toJsonValue(undefined)).toBeNull();
  });
});
