import { KnexCatalogStore } from '../../src/store/knexCatalogStore';
import { migrateLatest, migrateRollbackAll } from '../../src/store/metadataStore';
import {
  deriveSemanticModel,
  InMemorySemanticModelStore,
  KEPT_VERSIONS,
  KnexSemanticModelStore,
  type SemanticModelStore,
} from '../../src/semantic';
import { createMetadataFixture, type MetadataFixture } from '../store/metadataFixture';
import { smallCatalog } from './catalogFixture';

async function tableExists(fixture: MetadataFixture, name: string): Promise<boolean> {
  const rows: unknown[] = await fixture.knex('information_schema.tables').where({ table_name: name });
  return rows.length > 0;
}

function storeContract(
  name: string,
  open: () => Promise<{ store: SemanticModelStore; close(): Promise<void> }>,
) {
  describe(name, () => {
    let store: SemanticModelStore;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ store, close } = await open());
    }, 180_000);
    afterAll(async () => close?.());

    it('stores a model per index version and loads the newest one at or below a version', async () => {
      const derived = deriveSemanticModel(smallCatalog('a'));
      const problems = [{ line: 3, message: 'bad' }];
      for (const version of [1, 2, 4]) {
        await store.save({
          model: { ...derived, indexVersion: version },
          problems,
          overridesPath: '/x/a.yaml',
        });
      }
      expect((await store.load('a'))?.model.indexVersion).toBe(4);
      expect((await store.load('a', 3))?.model.indexVersion).toBe(2);
      expect(await store.load('a', 0)).toBeNull();
      const loaded = await store.load('a');
      expect(loaded?.model).toEqual({ ...derived, indexVersion: 4 });
      expect(loaded?.problems).toEqual(problems);
      expect(loaded?.overridesPath).toBe('/x/a.yaml');
    });

    it('keeps the newest versions only, lists the newest of each source and changes its revision on save', async () => {
      const b = deriveSemanticModel(smallCatalog('b'));
      const before = await store.revision();
      for (let version = 10; version < 10 + KEPT_VERSIONS + 2; version++) {
        await store.save({ model: { ...b, indexVersion: version }, problems: [], overridesPath: null });
      }
      expect(await store.revision()).not.toBe(before);
      expect(await store.load('b', 10)).toBeNull();
      const all = await store.loadAll();
      expect(all.map((s) => `${s.model.sourceId}@${s.model.indexVersion}`)).toEqual([
        'a@4',
        `b@${10 + KEPT_VERSIONS + 1}`,
      ]);
      expect((await store.loadAll(5)).map((s) => s.model.sourceId)).toEqual(['a']);
      expect(await store.sourceIds()).toEqual(['a', 'b']);
    });
  });
}

storeContract('InMemorySemanticModelStore', async () => ({
  store: new InMemorySemanticModelStore(),
  close: async () => undefined,
}));

storeContract('KnexSemanticModelStore', async () => {
  const fixture = await createMetadataFixture();
  await migrateLatest(fixture.knex);
  const catalogs = new KnexCatalogStore({ knex: fixture.knex });
  await catalogs.replaceSource(smallCatalog('a'));
  await catalogs.replaceSource(smallCatalog('b'));
  return { store: new KnexSemanticModelStore({ knex: fixture.knex }), close: () => fixture.drop() };
});

describe('KnexSemanticModelStore in parts', () => {
  it('writes a model as many small parts, reads it back whole, and drops the parts of pruned versions', async () => {
    const fixture = await createMetadataFixture();
    try {
      await migrateLatest(fixture.knex);
      await new KnexCatalogStore({ knex: fixture.knex }).replaceSource(smallCatalog('a'));
      const store = new KnexSemanticModelStore({ knex: fixture.knex, partChars: 200 });
      const derived = deriveSemanticModel(smallCatalog('a'));
      for (let version = 1; version <= KEPT_VERSIONS + 1; version++)
        await store.save({ model: { ...derived, indexVersion: version }, problems: [], overridesPath: null });
      // saved again under the same version: the earlier parts are replaced, not appended to
      await store.save({
        model: { ...derived, indexVersion: KEPT_VERSIONS + 1 },
        problems: [],
        overridesPath: null,
      });
      const parts: { index_version: number; body: string }[] = await fixture
        .knex('tb_semantic_model_parts')
        .select('index_version', 'body')
        .orderBy(['index_version', 'part']);
      const newest = parts.filter((p) => p.index_version === KEPT_VERSIONS + 1);
      expect(newest.length).toBeGreaterThan(3);
      expect(newest.map((p) => p.body).join('')).toBe(
        JSON.stringify({ ...derived, indexVersion: KEPT_VERSIONS + 1 }),
      );
      // the oldest version was pruned with its parts
      expect(new Set(parts.map((p) => p.index_version))).toEqual(
        new Set(Array.from({ length: KEPT_VERSIONS }, (_, i) => i + 2)),
      );
      expect((await store.load('a'))?.model).toEqual({ ...derived, indexVersion: KEPT_VERSIONS + 1 });
      expect((await store.loadAll(2)).map((m) => m.model)).toEqual([{ ...derived, indexVersion: 2 }]);
    } finally {
      await fixture.drop();
    }
  }, 180_000);

  it('still reads a model stored whole in its row by an earlier version', async () => {
    const fixture = await createMetadataFixture();
    try {
      await migrateLatest(fixture.knex);
      await new KnexCatalogStore({ knex: fixture.knex }).replaceSource(smallCatalog('a'));
      const model = { ...deriveSemanticModel(smallCatalog('a')), indexVersion: 7 };
      await fixture.knex('tb_semantic_models').insert({
        source_id: 'a',
        index_version: 7,
        model: JSON.stringify(model),
        problems: '[]',
        overrides_path: null,
      });
      expect((await new KnexSemanticModelStore({ knex: fixture.knex }).load('a'))?.model).toEqual(model);
    } finally {
      await fixture.drop();
    }
  }, 180_000);
});

describe('semantic model migration', () => {
  it('creates tb_semantic_models and drops it again', async () => {
    const fixture = await createMetadataFixture();
    try {
      expect(await migrateLatest(fixture.knex)).toContain('20261207000000_semantic_models');
      expect(await tableExists(fixture, 'tb_semantic_models')).toBe(true);
      expect(await tableExists(fixture, 'tb_semantic_model_parts')).toBe(true);
      expect(await migrateRollbackAll(fixture.knex)).toContain('20261207000000_semantic_models');
      expect(await tableExists(fixture, 'tb_semantic_models')).toBe(false);
    } finally {
      await fixture.drop();
    }
  }, 180_000);
});
