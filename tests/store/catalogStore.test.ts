import type { CatalogTable, SourceCatalog } from '../../src/catalog/types';
import type { CachedTableVectors, CatalogStore } from '../../src/store/catalogStore';
import { InMemoryCatalogStore } from '../../src/store/inMemoryCatalogStore';
import { KnexCatalogStore } from '../../src/store/knexCatalogStore';
import { migrateLatest } from '../../src/store/metadataStore';
import { createMetadataFixture, type MetadataFixture } from './metadataFixture';

function table(
  sourceId: string,
  schema: string,
  name: string,
  extra: Partial<CatalogTable> = {},
): CatalogTable {
  return {
    sourceId,
    schema,
    name,
    kind: 'table',
    comment: `Rows of ${name}`,
    rowEstimate: 1234,
    columns: [
      {
        name: 'id',
        position: 1,
        dataType: 'integer',
        nullable: false,
        comment: null,
        profile: { distinctEstimate: 1234, nullFraction: 0, topValues: [], min: '1', max: '1234' },
      },
      {
        name: 'Category Name',
        position: 2,
        dataType: 'character varying(40)',
        nullable: true,
        comment: 'Département',
        profile: {
          distinctEstimate: 3,
          nullFraction: 0.25,
          topValues: ['Fashion', 'Boise, ID', 'Ünïcode'],
          min: null,
          max: null,
        },
      },
      { name: 'select', position: 3, dataType: 'jsonb', nullable: true, comment: null, profile: null },
    ],
    primaryKey: ['id'],
    foreignKeys: [
      {
        name: `${name}_fk`,
        columns: ['id', 'Category Name'],
        referencedSchema: 'other schema',
        referencedTable: 'Parent',
        referencedColumns: ['pid', 'Name'],
      },
    ],
    fingerprint: `fp-${sourceId}-${schema}-${name}`,
    ...extra,
  };
}

function catalog(
  sourceId: string,
  schemas: string[],
  names: string[],
  at = new Date('2026-01-02T03:04:05.678Z'),
): SourceCatalog {
  return {
    sourceId,
    label: sourceId.replace('secret', '***'),
    schemas,
    tables: names.map((n) => {
      const [schema, name] = n.split('.');
      return table(sourceId, schema, name);
    }),
    introspectedAt: at,
  };
}

function vectors(fingerprint: string, dimension: number, seed: number): CachedTableVectors {
  const v = (k: number) =>
    Float32Array.from({ length: dimension }, (_, i) => Math.sin(seed * 7.13 + k * 1.7 + i) / 3);
  return { fingerprint, table: v(0), columns: { id: v(1), 'Category Name': v(2), ünï: v(3) } };
}

interface Backend {
  name: string;
  open(): Promise<{
    store: CatalogStore;
    /** The same store with its default batch size (the fixture's `store` uses tiny batches to cross them). */
    unbatched: CatalogStore;
    reset(): Promise<void>;
    close(): Promise<void>;
  }>;
}

const backends: Backend[] = [
  {
    name: 'InMemoryCatalogStore',
    async open() {
      const holder = { store: new InMemoryCatalogStore() };
      return {
        get store() {
          return holder.store;
        },
        get unbatched() {
          return holder.store;
        },
        async reset() {
          holder.store = new InMemoryCatalogStore();
        },
        async close() {},
      };
    },
  },
  {
    name: 'KnexCatalogStore',
    async open() {
      const fixture: MetadataFixture = await createMetadataFixture();
      await migrateLatest(fixture.knex);
      return {
        store: new KnexCatalogStore({ knex: fixture.knex, batchSize: 2 }),
        unbatched: new KnexCatalogStore({ knex: fixture.knex }),
        async reset() {
          await fixture.knex.raw('TRUNCATE tb_sources, tb_table_vectors, tb_index_versions CASCADE');
        },
        close: () => fixture.drop(),
      };
    },
  },
];

describe.each(backends)('$name', (backend) => {
  let ctx: Awaited<ReturnType<Backend['open']>>;
  beforeAll(async () => {
    ctx = await backend.open();
  });
  afterAll(async () => {
    await ctx.close();
  });
  beforeEach(async () => {
    await ctx.reset();
  });

  it('round-trips a source catalog exactly, tables ordered by schema and name', async () => {
    const c = catalog(
      'postgres://app@db:5432/sales',
      ['sales', 'Ünï'],
      ['sales.orders', 'Ünï.Mixed Case', 'sales.Customers'],
    );
    await ctx.store.replaceSource(c);
    const loaded = await ctx.store.loadSource(c.sourceId);
    expect(loaded).not.toBeNull();
    expect(loaded!.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'sales.Customers',
      'sales.orders',
      'Ünï.Mixed Case',
    ]);
    expect(loaded).toEqual({ ...c, tables: [c.tables[2], c.tables[0], c.tables[1]] });
    expect(loaded!.introspectedAt).toBeInstanceOf(Date);
    expect(await ctx.store.loadSource('never-indexed')).toBeNull();
  });

  it('updateSource writes only the difference and ends with exactly the new catalog', async () => {
    await ctx.store.replaceSource(catalog('a', ['s1', 's2'], ['s1.t1', 's1.t2', 's2.t3', 's2.t4', 's2.t5']));
    await ctx.store.replaceSource(catalog('b', ['s1'], ['s1.t1']));
    const later = new Date('2026-02-01T00:00:00.000Z');
    const next = catalog('a', ['s1', 's2'], ['s1.t1', 's1.t2', 's2.t3', 's2.t5', 's2.t6'], later);
    const changedT2 = { ...next.tables[1], comment: 'a new comment', fingerprint: 'changed' };
    next.tables[1] = changedT2;
    await ctx.store.updateSource(next, {
      changed: [changedT2, next.tables[4]],
      removed: [{ schema: 's2', name: 't4' }],
    });
    const a = await ctx.store.loadSource('a');
    expect(a).toEqual(next);
    expect(a!.introspectedAt.toISOString()).toBe(later.toISOString());
    expect((await ctx.store.loadSource('b'))!.tables.map((t) => t.name)).toEqual(['t1']);
  });

  it('updateSource replaces hundreds of changed tables at once (a full re-profile)', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `s1.t${String(i).padStart(4, '0')}`);
    await ctx.store.replaceSource(catalog('a', ['s1'], names));
    const next = catalog('a', ['s1'], names);
    next.tables = next.tables.map((t, i) =>
      i < 400 ? { ...t, comment: 'profiled again', fingerprint: 'changed' } : t,
    );
    // one delete of 400 (schema, name) pairs with the default batch size: a form of that delete which silently
    // matched no row on PGlite made the insert that follows fail on the primary key
    await ctx.unbatched.updateSource(next, { changed: next.tables.slice(0, 400), removed: [] });
    expect(await ctx.store.loadSource('a')).toEqual(next);
  });

  it('replaceSource replaces exactly that source and leaves other sources untouched', async () => {
    await ctx.store.replaceSource(catalog('a', ['s1', 's2'], ['s1.t1', 's1.t2', 's2.t3']));
    await ctx.store.replaceSource(catalog('b', ['s1'], ['s1.t1', 's1.other']));
    const later = new Date('2026-02-01T00:00:00.000Z');
    await ctx.store.replaceSource(catalog('a', ['s2'], ['s2.t3', 's2.t4'], later));

    const a = await ctx.store.loadSource('a');
    expect(a!.schemas).toEqual(['s2']);
    expect(a!.tables.map((t) => t.name)).toEqual(['t3', 't4']);
    expect(a!.introspectedAt.toISOString()).toBe(later.toISOString());
    const b = await ctx.store.loadSource('b');
    expect(b!.tables.map((t) => t.name)).toEqual(['other', 't1']);

    expect(await ctx.store.listSources()).toEqual([
      { sourceId: 'a', label: 'a', schemas: ['s2'], tableCount: 2, indexedAt: later },
      {
        sourceId: 'b',
        label: 'b',
        schemas: ['s1'],
        tableCount: 2,
        indexedAt: new Date('2026-01-02T03:04:05.678Z'),
      },
    ]);
    expect((await ctx.store.loadAllTables()).map((t) => `${t.sourceId}:${t.name}`)).toEqual([
      'a:t3',
      'a:t4',
      'b:other',
      'b:t1',
    ]);
    expect((await ctx.store.loadAllTables(['b'])).map((t) => t.name)).toEqual(['other', 't1']);
    expect(await ctx.store.loadAllTables([])).toEqual([]);
  });

  it('a source can be replaced by an empty catalog', async () => {
    await ctx.store.replaceSource(catalog('a', ['s1'], ['s1.t1']));
    await ctx.store.replaceSource(catalog('a', ['s1'], []));
    expect((await ctx.store.loadSource('a'))!.tables).toEqual([]);
    expect((await ctx.store.listSources())[0].tableCount).toBe(0);
  });

  it('stored catalogs are copies: mutating the input or the output changes nothing', async () => {
    const c = catalog('a', ['s1'], ['s1.t1']);
    await ctx.store.replaceSource(c);
    c.tables[0].columns[0].name = 'changed';
    const loaded = await ctx.store.loadSource('a');
    expect(loaded!.tables[0].columns[0].name).toBe('id');
    loaded!.tables[0].name = 'changed';
    expect((await ctx.store.loadSource('a'))!.tables[0].name).toBe('t1');
  });

  it('round-trips cached vectors exactly, per embedder', async () => {
    const dim = 384;
    const entries = [vectors('fp1', dim, 1), vectors('fp2', dim, 2), vectors('fp3', dim, 3)];
    entries[0].table[0] = 1e-38;
    entries[0].table[1] = -3.4028234663852886e38;
    entries[0].table[2] = Math.fround(Math.PI);
    await ctx.store.putCachedVectors('offline:v1', entries);
    await ctx.store.putCachedVectors('other:v2', [vectors('fp1', 8, 9)]);

    const got = await ctx.store.getCachedVectors('offline:v1', ['fp1', 'fp3', 'missing', 'fp1']);
    expect([...got.keys()].sort()).toEqual(['fp1', 'fp3']);
    for (const fp of ['fp1', 'fp3']) {
      const expected = entries.find((e) => e.fingerprint === fp)!;
      const actual = got.get(fp)!;
      expect(actual.fingerprint).toBe(fp);
      expect(actual.table).toBeInstanceOf(Float32Array);
      expect(Array.from(actual.table)).toEqual(Array.from(expected.table));
      expect(Object.keys(actual.columns).sort()).toEqual(Object.keys(expected.columns).sort());
      for (const [name, v] of Object.entries(expected.columns)) {
        expect(actual.columns[name]).toBeInstanceOf(Float32Array);
        expect(Array.from(actual.columns[name])).toEqual(Array.from(v));
      }
    }
    const other = await ctx.store.getCachedVectors('other:v2', ['fp1', 'fp2']);
    expect([...other.keys()]).toEqual(['fp1']);
    expect(other.get('fp1')!.table.length).toBe(8);
    expect((await ctx.store.getCachedVectors('offline:v1', [])).size).toBe(0);

    await ctx.store.putCachedVectors('offline:v1', [vectors('fp1', dim, 42)]);
    const replaced = await ctx.store.getCachedVectors('offline:v1', ['fp1']);
    expect(Array.from(replaced.get('fp1')!.table)).toEqual(Array.from(vectors('fp1', dim, 42).table));
  });

  it('records index versions and returns the latest', async () => {
    expect(await ctx.store.latestIndexVersion()).toBeNull();
    await ctx.store.recordIndexVersion({
      version: 1,
      embedderId: 'offline:v1',
      dimension: 256,
      tableCount: 30,
      path: '/idx/v1',
    });
    await ctx.store.recordIndexVersion({
      version: 3,
      embedderId: 'offline:v1',
      dimension: 256,
      tableCount: 31,
      path: '/idx/v3',
    });
    await ctx.store.recordIndexVersion({
      version: 2,
      embedderId: 'offline:v1',
      dimension: 256,
      tableCount: 32,
      path: '/idx/v2',
    });
    const latest = await ctx.store.latestIndexVersion();
    expect(latest).toMatchObject({
      version: 3,
      embedderId: 'offline:v1',
      dimension: 256,
      tableCount: 31,
      path: '/idx/v3',
    });
    expect(latest!.createdAt).toBeInstanceOf(Date);
  });
});
