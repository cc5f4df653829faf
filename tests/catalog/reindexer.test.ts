import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTablebot, type Tablebot } from '../../src/app';
import { loadConfig } from '../../src/config';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { tableVectorsFingerprint } from '../../src/embeddings/table2vec';
import { HnswIndex } from '../../src/vector/hnswIndex';
import { silentLogger } from '../../src/logging';
import { demoEnv } from '../support/demoApp';

/** Creates a PGlite folder holding the given schemas, each with one small table named after it. */
async function makeSource(dir: string, schemas: Record<string, string>): Promise<string> {
  const source = await PgliteSource.create({ dataDir: dir });
  try {
    for (const [schema, table] of Object.entries(schemas)) {
      await source.exec(
        `CREATE SCHEMA ${schema};
         CREATE TABLE ${schema}.${table} (id int primary key, name text not null, city text);
         INSERT INTO ${schema}.${table} VALUES (1, 'Ada', 'Boise, ID'), (2, 'Linus', 'Austin, TX');`,
      );
    }
  } finally {
    await source.close();
  }
  return `pglite:${dir}`;
}

/**
 * The reindexer through the real parts (PGlite sources, the knex metadata store, the offline embedder,
 * hnswlib): per-source replacement, incremental reuse, and a failed reindex that keeps the old index.
 */
describe('Reindexer', () => {
  let dir: string;
  let app: Tablebot;
  let first: string;
  let second: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-reindex-'));
    first = await makeSource(path.join(dir, 'first'), { shop: 'customers', hr: 'employees' });
    second = await makeSource(path.join(dir, 'second'), { music: 'artists' });
    app = await openTablebot({ config: loadConfig(demoEnv(dir), dir), logger: silentLogger() });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const indexed = async (sourceId: string) =>
    (await app.store.loadAllTables([sourceId])).map((t) => `${t.schema}.${t.name}`).sort();

  it('indexes a source, then another, leaving the first untouched', async () => {
    const a = await app.reindexer.reindex({ source: first });
    expect(a.tables).toBe(2);
    expect(a.embedded).toBe(2);
    const b = await app.reindexer.reindex({ source: second });
    expect(b.indexTables).toBe(3);
    expect(await indexed(a.sourceId)).toEqual(['hr.employees', 'shop.customers']);
    expect(await indexed(b.sourceId)).toEqual(['music.artists']);
  });

  it('publishes table and column vectors in the index files, none through the metadata store', async () => {
    const tables = await app.store.loadAllTables();
    const fingerprints = tables.map((t) => tableVectorsFingerprint(t, app.embedder.id));
    expect((await app.store.getCachedVectors(app.embedder.id, fingerprints)).size).toBe(0);
    const index = await HnswIndex.load(app.config.indexDir);
    const customers = index.entries().find((e) => e.key.endsWith('|shop.customers'));
    expect(customers?.fingerprint).toBe(
      fingerprints[tables.findIndex((t) => t.schema === 'shop' && t.name === 'customers')],
    );
    expect(Object.keys(customers?.columns ?? {}).sort()).toEqual(['city', 'id', 'name']);
    expect(customers?.columns?.city).toHaveLength(app.embedder.dimension);
  });

  it('rebuilds in full with the column vectors copied from the files, leaving no scratch file', async () => {
    const before = await HnswIndex.load(app.config.indexDir);
    const full = await app.reindexer.reindex({ source: first, full: true });
    expect(full.publish).toBe('rebuilt');
    expect(full.reused).toBe(2);
    const after = await HnswIndex.load(app.config.indexDir);
    const columns = (index: HnswIndex) => Object.fromEntries(index.entries().map((e) => [e.key, e.columns]));
    expect(after.version).toBeGreaterThan(before.version);
    expect(columns(after)).toEqual(columns(before));
    expect(readdirSync(app.config.indexDir).filter((name) => name.startsWith('.tmp'))).toEqual([]);
  });

  it('replaces a source with exactly the schemas given, reusing unchanged tables', async () => {
    const a = await app.reindexer.reindex({ source: first, schemas: ['shop'] });
    expect(a.tables).toBe(1);
    expect(a.reused).toBe(1);
    expect(a.embedded).toBe(0);
    expect(a.indexTables).toBe(2);
    expect(await indexed(a.sourceId)).toEqual(['shop.customers']);
  });

  it('keeps the previous catalog and index in use when a reindex fails', async () => {
    const before = await app.pipeline.ask({
      question: 'List the customers in Boise, ID',
      sourceIds: [app.sources.register(first)],
    });
    expect(before.decision).toBe('answer');
    await expect(app.reindexer.reindex({ source: first, schemas: ['no_such_schema'] })).rejects.toThrow(
      /no_such_schema/,
    );
    const after = await app.pipeline.ask({
      question: 'List the customers in Boise, ID',
      sourceIds: [app.sources.register(first)],
    });
    expect(after.decision).toBe('answer');
    expect(after.tables).toEqual(['shop.customers']);
    expect(await indexed(app.sources.register(first))).toEqual(['shop.customers']);
  });
  it('keeps the other sources when the published index cannot be read (their tables are embedded again)', async () => {
    const current = readFileSync(path.join(app.config.indexDir, 'CURRENT'), 'utf8').trim();
    const versionDir = path.join(app.config.indexDir, current);
    for (const file of readdirSync(versionDir)) writeFileSync(path.join(versionDir, file), 'not an index');
    const summary = await app.reindexer.reindex({ source: second });
    expect(summary.indexTables).toBe(2);
    const keys = (await HnswIndex.load(app.config.indexDir))
      .entries()
      .map((e) => e.meta.table)
      .sort();
    expect(keys).toEqual(['music.artists', 'shop.customers']);
  });
});
