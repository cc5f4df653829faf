import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import type { SourceCatalog } from '../../src/catalog/types';
import { PgliteSource } from '../../src/sources/pgliteSource';
import type { DataSource } from '../../src/sources/types';
import {
  BACKEND,
  TEST_SERVER_URL,
  connectAs,
  createTestDatabase,
  dropRole,
  type TestDatabase,
} from '../support/databases';
import { describeWhen, SERVER_ONLY } from '../support/skip';
import { FIXTURE_SQL } from './introspectFixture';

/**
 * A catalog without the time it was read, nor the change fingerprints: on a server they include write
 * counters that the statistics collector may publish between two reads (they do not come from profiling).
 */
function tablesOf(catalog: SourceCatalog) {
  const tables = catalog.tables.map(({ changeFingerprint: _counters, ...table }) => table);
  return { schemas: catalog.schemas, tables, profiled: catalog.profiled };
}

/** Many small tables of several shapes, with a view and an empty table between them. */
const MANY_SQL = `
CREATE SCHEMA many;
${Array.from(
  { length: 40 },
  (_, i) => `
CREATE TABLE many.t${i} (id int PRIMARY KEY, label text, amount numeric, at date);
INSERT INTO many.t${i} SELECT g, 'label ' || (g % ${1 + (i % 5)}), g * ${i}, date '2024-01-01' + g
  FROM generate_series(1, ${1 + (i % 7)}) g;`,
).join('')}
CREATE TABLE many.empty (id int);
CREATE VIEW many.v AS SELECT id, label FROM many.t3;
`;

describe(`batched profiling (${BACKEND})`, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('tb_batched_profile');
    await db.source.exec(FIXTURE_SQL + MANY_SQL);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives the catalog that profiling each table in its own transaction gives', async () => {
    const batched = await new CatalogIntrospector().introspect(db.source, { profile: { sampleRows: 1000 } });
    const alone = await new CatalogIntrospector({ profileBatchMaxBytes: 0 }).introspect(db.source, {
      profile: { sampleRows: 1000 },
    });
    expect(batched.tables.length).toBeGreaterThan(40);
    expect(tablesOf(batched)).toEqual(tablesOf(alone));
    // t6: seven rows, labels by id % 2
    expect(batched.tables.find((t) => t.name === 't6')?.columns[1].profile?.topValues).toEqual([
      'label 1',
      'label 0',
    ]);
  });
});

describe('batched profiling on a PGlite folder (worker thread: one round trip per batch)', () => {
  let dir: string;
  let source: PgliteSource;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-batched-'));
    source = await PgliteSource.create({ dataDir: dir });
    await source.exec(FIXTURE_SQL + MANY_SQL);
  });
  afterAll(async () => {
    await source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the statements of a batch in one request, with the results of one request each', async () => {
    const many = await source.readOnly(
      async (q) => {
        expect(q.queryArraysMany).toBeDefined();
        return q.queryArraysMany?.([
          'SELECT 1::int AS a, $$x$$::text AS b',
          'SELECT count(*)::int FROM many.t6',
        ]);
      },
      { statementTimeoutMs: 5000 },
    );
    expect(many?.map((r) => r.rows)).toEqual([[[1, 'x']], [[7]]]);
    expect(many?.[0].columns).toEqual(['a', 'b']);
  });

  it('gives the catalog that profiling each table in its own transaction gives', async () => {
    const batched = await new CatalogIntrospector().introspect(source);
    const alone = await new CatalogIntrospector({ profileBatchMaxBytes: 0 }).introspect(source);
    expect(tablesOf(batched)).toEqual(tablesOf(alone));
    expect(batched.tables.find((t) => t.name === 't4')?.rowEstimate).toBe(5);
  });
});

/** Row security needs a role that does not bypass it (PGlite has one superuser). */
const onServer = describeWhen(Boolean(TEST_SERVER_URL), SERVER_ONLY);

onServer('batched profiling on the Postgres server', () => {
  const role = `tb_batch_${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let asReader: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('tb_batched_srv');
    await db.source.exec(`
      CREATE ROLE ${role} LOGIN;
      ${MANY_SQL}
      ALTER TABLE many.t2 ENABLE ROW LEVEL SECURITY;
      CREATE POLICY failing ON many.t2 USING (1 / (id - id) = 1);
      GRANT USAGE ON SCHEMA many TO ${role};
      GRANT SELECT ON ALL TABLES IN SCHEMA many TO ${role};
    `);
    asReader = await connectAs(db, role);
  });
  afterAll(async () => {
    await asReader.close();
    await db.drop();
    await dropRole(role);
  });

  it('profiles the rest of a batch when one of its tables fails, and that one without a profile', async () => {
    const batched = await new CatalogIntrospector().introspect(asReader, { schemas: ['many'] });
    const alone = await new CatalogIntrospector({ profileBatchMaxBytes: 0 }).introspect(asReader, {
      schemas: ['many'],
    });
    expect(tablesOf(batched)).toEqual(tablesOf(alone));
    const failing = batched.tables.find((t) => t.name === 't2')!;
    expect(failing.columns.map((c) => c.profile)).toEqual([null, null, null, null]);
    for (const name of ['t1', 't3'])
      expect(batched.tables.find((t) => t.name === name)!.columns[0].profile).not.toBeNull();
  });
});
