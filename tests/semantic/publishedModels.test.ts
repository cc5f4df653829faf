import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/logging';
import {
  KnexSemanticModelStore,
  PublishedOrStoredSemanticModels,
  SemanticModelRegistry,
  SemanticModelService,
  writeSemanticSnapshot,
  type StoredSemanticModel,
} from '../../src/semantic';
import { KnexCatalogStore } from '../../src/store/knexCatalogStore';
import { migrateLatest } from '../../src/store/metadataStore';
import { createMetadataFixture, type MetadataFixture } from '../store/metadataFixture';
import { smallCatalog } from './catalogFixture';

/**
 * The bot's semantic models come from the `semantic.json` published with the index version it answers from
 * when the metadata store holds the same build, and from the store otherwise (real PGlite store).
 */
describe('PublishedOrStoredSemanticModels', () => {
  let fixture: MetadataFixture;
  let dir: string;
  let store: KnexSemanticModelStore;
  let service: SemanticModelService;
  /** Models read through the store (the large rows), by source. */
  let storeReads: string[];

  const reader = (folder: string, version: number) =>
    new PublishedOrStoredSemanticModels({
      store: {
        heads: (max) => store.heads(max),
        revision: () => store.revision(),
        load: async (sourceId, max) => {
          storeReads.push(sourceId);
          return store.load(sourceId, max);
        },
      },
      published: () => ({ folder, version }),
      logger: silentLogger(),
    });

  /** What the reindexer does: prepare, publish into the version folder, store with the version. */
  async function reindex(sourceId: string, version: number): Promise<string> {
    const folder = path.join(dir, `v${version}`);
    const prepared = await service.prepare(smallCatalog(sourceId));
    mkdirSync(folder, { recursive: true });
    writeSemanticSnapshot(folder, prepared.published);
    await prepared.store(version);
    return folder;
  }

  const strip = (m: StoredSemanticModel) => ({
    model: m.model,
    problems: m.problems,
    overridesPath: m.overridesPath,
  });

  beforeAll(async () => {
    fixture = await createMetadataFixture();
    await migrateLatest(fixture.knex);
    const catalogs = new KnexCatalogStore({ knex: fixture.knex });
    await catalogs.replaceSource(smallCatalog('a'));
    await catalogs.replaceSource(smallCatalog('b'));
    store = new KnexSemanticModelStore({ knex: fixture.knex });
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-published-models-'));
    service = await SemanticModelService.create({ store, modelsDir: path.join(dir, 'semantic') });
  }, 180_000);
  afterAll(async () => {
    await fixture?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    storeReads = [];
  });

  it('reads every model from the published file when the store holds the same build', async () => {
    await reindex('a', 1);
    const folder = await reindex('b', 2);
    const models = await reader(folder, 2).loadAll(2);
    expect(storeReads).toEqual([]);
    expect(models.map((m) => `${m.model.sourceId}@${m.model.indexVersion}`)).toEqual(['a@1', 'b@2']);
    expect(models.map(strip)).toEqual((await store.loadAll(2)).map(strip));
    // the registry answers with them
    const registry = new SemanticModelRegistry({
      store: reader(folder, 2),
      logger: silentLogger(),
      indexVersion: () => 2,
    });
    await registry.reload();
    expect(registry.model('b')).toEqual((await store.load('b', 2))?.model);
    expect(registry.lookup('a')?.lookup('deals').length).toBeGreaterThan(0);
    expect(storeReads).toEqual([]);
  });

  it('falls back to the store for a model stored since (another build of the same version)', async () => {
    const folder = await reindex('b', 3);
    // the model of b@3 stored again (e.g. by a process that rebuilt it): the file no longer holds it
    await service.refresh({ ...smallCatalog('b'), tables: smallCatalog('b').tables.slice(1) }, 3);
    const models = await reader(folder, 3).loadAll(3);
    expect(storeReads).toEqual(['b']);
    expect(models.map(strip)).toEqual((await store.loadAll(3)).map(strip));
    expect(models.find((m) => m.model.sourceId === 'b')?.model.entities.length).toBe(
      smallCatalog('b').tables.length - 1,
    );
  });

  it('falls back to the store when the file is missing or older than the builds', async () => {
    const models = await reader(path.join(dir, 'no-such-version'), 3).loadAll(3);
    expect(storeReads.sort()).toEqual(['a', 'b']);
    expect(models.map(strip)).toEqual((await store.loadAll(3)).map(strip));
    storeReads = [];
    // a file written before builds were recorded
    const folder = path.join(dir, 'old');
    mkdirSync(folder, { recursive: true });
    const stored = await store.loadAll(3);
    writeSemanticSnapshot(
      folder,
      stored.map(({ build: _build, ...m }) => ({ ...m, ofThisVersion: false })),
    );
    await reader(folder, 3).loadAll(3);
    expect(storeReads.sort()).toEqual(['a', 'b']);
  });
});
