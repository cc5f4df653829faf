import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import { buildSampleSql, samplePercent } from '../../src/catalog/introspectProfile';
import type { CatalogTable, SourceCatalog } from '../../src/catalog/types';
import { SourceError } from '../../src/errors';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';
import { FIXTURE_SQL } from './introspectFixture';

function find(catalog: SourceCatalog, schema: string, name: string): CatalogTable {
  const table = catalog.tables.find((t) => t.schema === schema && t.name === name);
  if (!table)
    throw new Error(`no table ${schema}.${name} in ${catalog.tables.map((t) => t.name).join(', ')}`);
  return table;
}

function column(table: CatalogTable, name: string) {
  const c = table.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name} in ${table.name}`);
  return c;
}

async function expectSourceError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  expect((error as SourceError).code).toBe(code);
  expect((error as SourceError).message).toMatch(message);
}

describe(`CatalogIntrospector (${BACKEND})`, () => {
  let db: TestDatabase;
  let catalog: SourceCatalog;
  const introspector = new CatalogIntrospector();

  beforeAll(async () => {
    db = await createTestDatabase('tb_introspect');
    await db.source.exec(FIXTURE_SQL);
    catalog = await introspector.introspect(db.source, { profile: { sampleRows: 1000 } });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads every non-system schema that holds a table or view, tables ordered by schema and name', () => {
    expect(catalog.sourceId).toBe(db.source.id);
    expect(catalog.label).toBe(db.source.label);
    expect(catalog.schemas).toEqual(['sales', 'Ünïcode Schema']);
    expect(catalog.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`)).toEqual([
      'sales.Select:materialized_view',
      'sales.big_events:table',
      'sales.categories:table',
      'sales.fashion_products:view',
      'sales.products:table',
      'sales.users:table',
      'Ünïcode Schema.Order Lines:table',
      'Ünïcode Schema.line_notes:table',
    ]);
    for (const t of catalog.tables) {
      expect(t.sourceId).toBe(db.source.id);
      expect(t.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('reads columns with format_type types, nullability, comments and positions', () => {
    const products = find(catalog, 'sales', 'products');
    expect(products.columns.map((c) => [c.name, c.position, c.dataType, c.nullable])).toEqual([
      ['id', 1, 'integer', false],
      ['category_id', 2, 'integer', false],
      ['Product Name', 3, 'character varying(80)', true],
      ['price', 4, 'sales.money_amount', true],
      ['launched', 5, 'date', true],
    ]);
    const lines = find(catalog, 'Ünïcode Schema', 'Order Lines');
    expect(column(lines, 'qty').comment).toBe('Quantity ordered');
    expect(column(lines, 'shipped_at').dataType).toBe('timestamp with time zone');
    expect(column(lines, 'status').dataType).toBe('sales.order_status');
    expect(column(lines, 'order').comment).toBeNull();
    expect(find(catalog, 'sales', 'users').columns.map((c) => c.name)).toContain('quote"d');
  });

  it('reads table and view comments', () => {
    expect(find(catalog, 'sales', 'categories').comment).toBe('Product categories such as Fashion');
    expect(column(find(catalog, 'sales', 'categories'), 'name').comment).toBe('Category display name');
    expect(find(catalog, 'sales', 'fashion_products').comment).toBe('Products of the Fashion category');
    expect(find(catalog, 'sales', 'products').comment).toBeNull();
  });

  it('reads primary keys in key order and foreign keys across schemas and over several columns', () => {
    expect(find(catalog, 'Ünïcode Schema', 'Order Lines').primaryKey).toEqual(['order', 'Line No']);
    expect(find(catalog, 'sales', 'fashion_products').primaryKey).toEqual([]);
    expect(find(catalog, 'Ünïcode Schema', 'Order Lines').foreignKeys).toEqual([
      {
        name: 'Order Lines_product_id_fkey',
        columns: ['product_id'],
        referencedSchema: 'sales',
        referencedTable: 'products',
        referencedColumns: ['id'],
      },
    ]);
    expect(find(catalog, 'Ünïcode Schema', 'line_notes').foreignKeys).toEqual([
      {
        name: 'line_notes_line_fk',
        columns: ['order', 'line'],
        referencedSchema: 'Ünïcode Schema',
        referencedTable: 'Order Lines',
        referencedColumns: ['order', 'Line No'],
      },
    ]);
    expect(find(catalog, 'sales', 'products').foreignKeys.map((f) => f.referencedTable)).toEqual([
      'categories',
    ]);
  });

  it('counts small tables exactly and profiles their columns', () => {
    expect(find(catalog, 'sales', 'categories').rowEstimate).toBe(4);
    expect(find(catalog, 'sales', 'users').rowEstimate).toBe(25);
    expect(find(catalog, 'Ünïcode Schema', 'line_notes').rowEstimate).toBe(0);
    expect(find(catalog, 'sales', 'Select').rowEstimate).toBe(4);

    expect(column(find(catalog, 'sales', 'categories'), 'name').profile).toEqual({
      distinctEstimate: 4,
      nullFraction: 0,
      topValues: ['Electronics', 'Fashion', 'Garden', 'Toys'],
      min: null,
      max: null,
    });
    const location = column(find(catalog, 'sales', 'users'), 'location').profile!;
    expect(location.topValues).toEqual(['Boise, ID', 'Austin, TX', 'Portland, OR']);
    expect(location.distinctEstimate).toBe(3);
    expect(location.nullFraction).toBe(0.2);
    expect(column(find(catalog, 'sales', 'users'), 'quote"d').profile).toMatchObject({
      distinctEstimate: 0,
      nullFraction: 1,
      topValues: [],
    });

    const products = find(catalog, 'sales', 'products');
    expect(column(products, 'price').profile).toMatchObject({
      min: '2.50',
      max: '100.00',
      distinctEstimate: 40,
    });
    expect(column(products, 'launched').profile).toMatchObject({ min: '2020-01-02', max: '2020-02-10' });
    // A small dimension table keeps (up to topValues of) its names: they are what questions mention.
    expect(column(products, 'Product Name').profile!.topValues).toHaveLength(20);
    expect(column(products, 'Product Name').profile!.topValues.slice(0, 3)).toEqual([
      'Product 1',
      'Product 10',
      'Product 11',
    ]);
    expect(column(products, 'Product Name').profile!.distinctEstimate).toBe(40);

    const lines = find(catalog, 'Ünïcode Schema', 'Order Lines');
    expect(column(lines, 'status').profile!.topValues).toEqual(['new', 'returned', 'shipped']);
    expect(column(lines, 'größe').profile!.topValues).toEqual(['M', 'S', 'L', 'XL']); // 23, 23, 22, 22 rows
    expect(column(lines, 'shipped_at').profile!.min).toMatch(/^2024-01-01 00:00:00/);
    expect(column(lines, 'qty').profile).toMatchObject({ min: '1', max: '7', distinctEstimate: 7 });
  });

  it('profiles views through a bounded sample', () => {
    const view = find(catalog, 'sales', 'fashion_products');
    expect(view.rowEstimate).toBe(10);
    expect(column(view, 'category_id').profile).toMatchObject({ distinctEstimate: 1, min: '1', max: '1' });
  });

  it('samples a table larger than the sample and still estimates its size and distinct counts', () => {
    const big = find(catalog, 'sales', 'big_events');
    expect(big.rowEstimate).toBe(30000);
    expect(column(big, 'kind').profile!.topValues.sort()).toEqual(['buy', 'click', 'like', 'share', 'view']);
    expect(column(big, 'kind').profile!.distinctEstimate).toBe(5);
    expect(column(big, 'id').profile!.distinctEstimate).toBeGreaterThan(10000);
    // Free text with a value per row is not a low-cardinality column.
    expect(column(big, 'ref').profile!.topValues).toEqual([]);
  });

  it('uses a TABLESAMPLE page sample once the planner knows the table is large', async () => {
    await db.source.exec('VACUUM sales.big_events');
    const vacuumed = await introspector.introspect(db.source, {
      schemas: ['sales'],
      profile: { sampleRows: 1000 },
    });
    const big = find(vacuumed, 'sales', 'big_events');
    expect(big.rowEstimate).toBeGreaterThan(25000);
    expect(big.rowEstimate).toBeLessThan(35000);
    expect(column(big, 'id').profile!.distinctEstimate).toBeGreaterThan(20000);
    expect(column(big, 'kind').profile!.distinctEstimate).toBe(5);
    expect(column(big, 'happened').profile!.min! >= '2021-01-01').toBe(true);

    await db.source.exec('ANALYZE sales.big_events');
    const analyzed = await introspector.introspect(db.source, {
      schemas: ['sales'],
      profile: { sampleRows: 1000 },
    });
    const id = column(find(analyzed, 'sales', 'big_events'), 'id').profile!;
    expect(id.distinctEstimate).toBe(30000);
    expect(id.nullFraction).toBe(0);

    const sql = buildSampleSql({
      table: { schema: 'sales', name: 'big_events' },
      columns: [{ name: 'kind', category: 'S', orderable: false }],
      method: { kind: 'tablesample', percent: samplePercent(30000, 1000) },
      sampleRows: 1000,
    });
    const plan = await db.source.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Sample Scan/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('gives the same fingerprints for an unchanged catalog and a new one for a changed table only', async () => {
    const fingerprints = (c: SourceCatalog) =>
      new Map(c.tables.map((t) => [`${t.schema}.${t.name}`, t.fingerprint]));
    const first = fingerprints(catalog);
    const again = fingerprints(await introspector.introspect(db.source, { profile: { sampleRows: 1000 } }));
    // big_events was vacuumed and analyzed since the first run, so its profile is now planner-based.
    first.delete('sales.big_events');
    for (const [name, fp] of first) expect([name, again.get(name)]).toEqual([name, fp]);

    await db.source.exec(`COMMENT ON TABLE sales.users IS 'People who use the shop'`);
    const after = fingerprints(await introspector.introspect(db.source, { profile: { sampleRows: 1000 } }));
    const changed = [...after].filter(([name, fp]) => again.get(name) !== fp).map(([name]) => name);
    expect(changed).toEqual(['sales.users']);
  });

  it('introspects exactly the schemas asked for', async () => {
    const only = await introspector.introspect(db.source, { schemas: ['Ünïcode Schema'] });
    expect(only.schemas).toEqual(['Ünïcode Schema']);
    expect(only.tables.map((t) => t.name)).toEqual(['Order Lines', 'line_notes']);
  });

  it('refuses a missing or empty schema', async () => {
    await expectSourceError(
      introspector.introspect(db.source, { schemas: ['sales', 'nope'] }),
      'SCHEMA_MISSING',
      /CatalogIntrospector\.introspect: schema "nope" does not exist/,
    );
    await expectSourceError(
      introspector.introspect(db.source, { schemas: ['empty_one'] }),
      'SCHEMA_MISSING',
      /schema "empty_one" .* is empty/,
    );
    await expectSourceError(
      introspector.introspect(db.source, { schemas: ['pg_catalog'] }),
      'SCHEMA_MISSING',
      /schema "pg_catalog" does not exist/,
    );
  });
});

describe(`CatalogIntrospector on a database built up step by step (${BACKEND})`, () => {
  let db: TestDatabase;
  const introspector = new CatalogIntrospector();
  beforeAll(async () => {
    db = await createTestDatabase('tb_introspect_steps');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reports that no schema holds a table in an empty database', async () => {
    await expectSourceError(
      introspector.introspect(db.source),
      'SCHEMA_MISSING',
      /no table or view in any non-system schema/,
    );
  });

  it('profiles every column of a table wider than one profile query', async () => {
    const names = Array.from({ length: 450 }, (_, i) => `"Col ${i}"`);
    await db.source.exec(`
      CREATE TABLE wide (${names.map((n) => `${n} int`).join(', ')});
      INSERT INTO wide SELECT ${names.map((_n, i) => `g + ${i}`).join(', ')} FROM generate_series(1, 3) g;
    `);
    const catalog = await introspector.introspect(db.source);
    const wide = find(catalog, 'public', 'wide');
    expect(wide.columns).toHaveLength(450);
    expect(wide.columns[449]).toMatchObject({ name: 'Col 449', position: 450 });
    expect(wide.columns.map((c) => c.profile?.min)).toEqual(names.map((_n, i) => String(1 + i)));
    expect(wide.columns.every((c) => c.profile?.distinctEstimate === 3)).toBe(true);
    expect(wide.rowEstimate).toBe(3);
  });

  it('lists a partitioned table once, hides its partitions and samples it when large', async () => {
    await db.source.exec(`
      CREATE SCHEMA parted;
      CREATE TABLE parted.measurements (id int, taken date NOT NULL, region text) PARTITION BY RANGE (taken);
      CREATE TABLE parted.m2023 PARTITION OF parted.measurements FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
      CREATE TABLE parted.m2024 PARTITION OF parted.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      INSERT INTO parted.measurements
        SELECT i, date '2023-01-01' + i % 700, (ARRAY['north', 'south'])[1 + i % 2] FROM generate_series(1, 5000) i;
      ANALYZE parted.measurements;
    `);
    for (const sampleRows of [10000, 500]) {
      const catalog = await introspector.introspect(db.source, {
        schemas: ['parted'],
        profile: { sampleRows },
      });
      expect(catalog.tables.map((t) => `${t.name}:${t.kind}`)).toEqual(['measurements:table']);
      const [t] = catalog.tables;
      expect(t.rowEstimate).toBeGreaterThan(4000);
      expect(t.rowEstimate).toBeLessThan(6000);
      expect(column(t, 'region').profile!.topValues.sort()).toEqual(['north', 'south']);
      expect(column(t, 'taken').profile!.min! >= '2023-01-01').toBe(true);
    }
  });
});
