import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSource } from '../../src/sources/openSource';
import { sourceIdForUrl } from '../../src/sources/pgSource';
import { SourceError } from '../../src/errors';
import { TEST_SERVER_URL } from '../support/databases';
import { itWhen, SERVER_ONLY } from '../support/skip';

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

describe('openSource', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tb-open-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the demo warehouse folder under the data folder, with id "demo", without seeding it', async () => {
    const source = await openSource({ source: 'demo', dataDir });
    try {
      expect(source.id).toBe('demo');
      expect(source.label).toBe(`pglite:${path.join(dataDir, 'demo')}`);
      expect(existsSync(path.join(dataDir, 'demo', 'PG_VERSION'))).toBe(true);
      const tables = await source.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
      );
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await source.close();
    }
  });

  it('opens pglite:<folder> with the resolved folder as id', async () => {
    const folder = path.join(dataDir, 'other db');
    const source = await openSource({ source: `pglite:${path.relative(process.cwd(), folder)}`, dataDir });
    try {
      expect(source.id).toBe(`pglite:${folder}`);
      await source.exec('CREATE TABLE t (id int)');
      expect((await source.query('SELECT * FROM t')).rows).toEqual([]);
    } finally {
      await source.close();
    }
  });

  it('refuses an unknown form without echoing its password', async () => {
    const error = await failure(openSource({ source: 'mysql://bob:hunter2@db.example/sales', dataDir }));
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).toMatch(
      /^openSource: unknown source .*expected "demo", "pglite:<folder>" or a postgres:\/\/ URL/,
    );
    expect(error.message).not.toContain('hunter2');
    expect((await failure(openSource({ source: 'pglite:', dataDir }))).code).toBe('SOURCE_UNREACHABLE');
  });

  it('reports an unreachable Postgres server', async () => {
    const error = await failure(
      openSource({ source: 'postgresql://bob:hunter2@127.0.0.1:1/sales', dataDir }),
    );
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).not.toContain('hunter2');
  });

  itWhen(Boolean(TEST_SERVER_URL), SERVER_ONLY)(
    'opens a postgres:// URL with a password-free id and label',
    async () => {
      const url = new URL(TEST_SERVER_URL!);
      url.password = 'hunter2';
      const source = await openSource({ source: url.toString(), dataDir });
      try {
        expect(source.id).toBe(sourceIdForUrl(url.toString()));
        expect(source.id).not.toContain('hunter2');
        expect(source.label).not.toContain('hunter2');
        expect((await source.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await source.close();
      }
    },
  );
});
