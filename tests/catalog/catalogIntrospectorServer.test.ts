import { randomBytes } from 'node:crypto';
import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import { openSource } from '../../src/sources/openSource';
import type { DataSource } from '../../src/sources/types';
import { SourceError } from '../../src/errors';
import {
  TEST_SERVER_URL,
  connectAs,
  createTestDatabase,
  dropRole,
  type TestDatabase,
} from '../support/databases';
import { describeWhen, SERVER_ONLY } from '../support/skip';

/** Roles, statement timeouts and passwords need the Postgres server (PGlite has one user and no timer). */
const onServer = describeWhen(Boolean(TEST_SERVER_URL), SERVER_ONLY);

async function codeOf(promise: Promise<unknown>): Promise<[string, string]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return [error.code, error.message];
}

onServer('CatalogIntrospector on the Postgres server', () => {
  const role = `tb_reader_${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let asReader: DataSource;
  const introspector = new CatalogIntrospector();

  beforeAll(async () => {
    db = await createTestDatabase('tb_introspect_srv');
    await db.source.exec(`
      CREATE ROLE ${role} LOGIN;
      CREATE SCHEMA hidden; CREATE TABLE hidden.t (id int);
      CREATE SCHEMA locked; CREATE TABLE locked.t (id int);
      GRANT USAGE ON SCHEMA locked TO ${role};
      CREATE SCHEMA open; CREATE TABLE open.t (id int PRIMARY KEY, secret text, visible text);
      INSERT INTO open.t VALUES (1, 's1', 'a'), (2, 's2', 'a'), (3, 's3', 'b');
      GRANT USAGE ON SCHEMA open TO ${role};
      GRANT SELECT (id, visible) ON open.t TO ${role};
      CREATE TABLE open.nope (id int);
      CREATE VIEW open.slow AS SELECT pg_sleep(1)::text AS slept, 1 AS one;
      GRANT SELECT ON open.slow TO ${role};
    `);
    asReader = await connectAs(db, role);
  });
  afterAll(async () => {
    await asReader.close();
    await db.drop();
    await dropRole(role);
  });

  it('refuses a schema the user may not use, or whose tables it may not read', async () => {
    expect(await codeOf(introspector.introspect(asReader, { schemas: ['hidden'] }))).toEqual([
      'SOURCE_PERMISSION',
      expect.stringMatching(/CatalogIntrospector\.introspect: no permission to use schema "hidden"/),
    ]);
    expect(await codeOf(introspector.introspect(asReader, { schemas: ['locked'] }))).toEqual([
      'SOURCE_PERMISSION',
      expect.stringMatching(/no permission to read any table of schema "locked"/),
    ]);
  });

  it('by default reads only what the user may read, down to single columns', async () => {
    const catalog = await introspector.introspect(asReader, { profile: { statementTimeoutMs: 100 } });
    expect(catalog.schemas).toEqual(['open']);
    expect(catalog.tables.map((t) => t.name)).toEqual(['slow', 't']);
    const t = catalog.tables.find((x) => x.name === 't')!;
    expect(t.columns.map((c) => [c.name, c.position])).toEqual([
      ['id', 1],
      ['visible', 2],
    ]);
    expect(t.columns[1].profile!.topValues).toEqual(['a', 'b']);
    expect(t.rowEstimate).toBe(3);
  });

  it('keeps a table whose profiling hits the statement timeout, without a profile', async () => {
    const catalog = await introspector.introspect(db.source, {
      schemas: ['open'],
      profile: { statementTimeoutMs: 100 },
    });
    const slow = catalog.tables.find((x) => x.name === 'slow')!;
    expect(slow.kind).toBe('view');
    expect(slow.columns.map((c) => [c.name, c.dataType, c.profile])).toEqual([
      ['slept', 'text', null],
      ['one', 'integer', null],
    ]);
    expect(slow.rowEstimate).toBeNull();
    expect(catalog.tables.find((x) => x.name === 't')!.columns[0].profile).not.toBeNull();
  });

  it('never puts the password of the source URL into the catalog', async () => {
    const url = new URL(db.url!);
    url.password = 'hunter2-secret';
    const source = await openSource({ source: url.toString(), dataDir: '/nonexistent' });
    try {
      const catalog = await introspector.introspect(source, { schemas: ['open'] });
      expect(catalog.label).toContain('***');
      expect(JSON.stringify(catalog)).not.toContain('hunter2');
    } finally {
      await source.close();
    }
  });
});
