import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import { Reindexer } from '../../src/indexing/reindexer';
import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { silentLogger } from '../../src/logging';
import { KnexCatalogStore } from '../../src/store/knexCatalogStore';
import { createMetadataKnex, migrateLatest } from '../../src/store/metadataStore';
import { ReindexLock } from '../../src/store/reindexLock';
import { SourceRegistry } from '../../src/sources/sourceRegistry';
import { tableId } from '../../src/retrieval/retrievalCorpus';
import { HnswIndex } from '../../src/vector/hnswIndex';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';

/** Rounds of two simultaneous reindexes: 50 take ~50 s on a busy 2-core machine (plus ~1 min of set-up). */
const ROUNDS = 50;

/** One "process": its own metadata connection (pool), source registry, lock and reindexer. */
interface Writer {
  knex: Knex;
  reindexer: Reindexer;
  sources: SourceRegistry;
  sourceId: string;
}

/**
 * Two reindexes at once, many times, against one metadata store and one index folder: every published
 * index must be loadable and hold every table of both sources. On Postgres (TABLEBOT_TEST_DATABASE_URL)
 * the two writers use separate connection pools, as two processes would, so only the server-side advisory
 * lock can serialise them; on PGlite (one process per folder) they share the store and its in-process queue.
 */
describe(`concurrent reindexes (${BACKEND} metadata store)`, () => {
  let dir: string;
  let metadata: TestDatabase | undefined;
  const writers: Writer[] = [];
  const knexes: Knex[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-reindex-race-'));
    const dataDir = path.join(dir, 'data');
    if (BACKEND === 'postgres') {
      metadata = await createTestDatabase('tb_meta');
      knexes.push(await createMetadataKnex({ databaseUrl: metadata.url, dataDir }));
      knexes.push(await createMetadataKnex({ databaseUrl: metadata.url, dataDir }));
    } else {
      knexes.push(await createMetadataKnex({ dataDir }));
    }
    await migrateLatest(knexes[0]);
    const embedder = await OfflineEmbedder.create({ dimension: 64 });
    for (const name of ['alpha', 'beta']) {
      const knex = knexes[writers.length % knexes.length];
      const sources = new SourceRegistry({ dataDir });
      const sourceId = sources.register(`pglite:${path.join(dir, name)}`);
      const source = await sources.get(sourceId);
      await source.exec(`CREATE SCHEMA ${name}; CREATE TABLE ${name}.base (id int primary key, note text)`);
      writers.push({
        knex,
        sources,
        sourceId,
        reindexer: new Reindexer({
          sources,
          store: new KnexCatalogStore({ knex }),
          introspector: new CatalogIntrospector(),
          embedder,
          indexDir: path.join(dir, 'index'),
          hnsw: { m: 8, efConstruction: 50, ef: 50 },
          logger: silentLogger(),
          lock: new ReindexLock({ knex }),
        }),
      });
    }
  }, 120_000);

  afterAll(async () => {
    for (const w of writers) await w.sources.closeAll();
    for (const k of knexes) await k.destroy();
    await metadata?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`leaves a complete, loadable index after each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of writers) {
        const schema = w.sourceId.split('/').pop();
        const source = await w.sources.get(w.sourceId);
        await source.exec(`CREATE TABLE ${schema}.t${round} (id int primary key, label text)`);
      }
      const summaries = await Promise.all(
        writers.map((w) => w.reindexer.reindex({ source: `pglite:${w.sourceId.slice('pglite:'.length)}` })),
      );
      expect(new Set(summaries.map((s) => s.indexVersion)).size).toBe(2);
      const index = await HnswIndex.load(path.join(dir, 'index'));
      const keys = new Set(index.entries().map((e) => e.key));
      const missing = writers.flatMap((w) => {
        const schema = w.sourceId.split('/').pop() ?? '';
        return ['base', ...Array.from({ length: round + 1 }, (_, i) => `t${i}`)]
          .map((t) => tableId(w.sourceId, `${schema}.${t}`))
          .filter((key) => !keys.has(key));
      });
      expect({ round, missing }).toEqual({ round, missing: [] });
      expect(keys.size).toBe(2 * (round + 2));
    }
  }, 300_000);
});
