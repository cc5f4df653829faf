import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import type { CatalogTable, SourceCatalog } from '../../src/catalog/types';
import {
  BACKEND,
  TEST_SERVER_URL,
  createTestDatabase,
  execFlushed,
  type TestDatabase,
} from '../support/databases';
import { itWhen, SERVER_ONLY } from '../support/skip';

/**
 * What an incremental introspection notices through the catalog fingerprint (`FINGERPRINTS_SQL`, raw
 * catalog values digested per relation) and what vouches for the rows (write counters and their epoch on
 * a server, row versions on PGlite): every kind of change re-reads exactly the relations it touches, and
 * the re-read relation equals what a full introspection gives.
 */
describe(`change detection of an incremental introspection (${BACKEND})`, () => {
  let db: TestDatabase;
  const introspector = new CatalogIntrospector();
  let catalog: SourceCatalog;
  /**
   * Runs `sql` and has its write counters flushed before it returns (they are otherwise flushed on the
   * backend's own time, up to seconds later, and would show up as a change of a later round).
   */
  let write: (sql: string) => Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase('tb_change');
    const setup = `
      CREATE SCHEMA shop;
      CREATE TABLE shop.customers (id int PRIMARY KEY, full_name text, city text);
      CREATE TABLE shop.orders (id int PRIMARY KEY, customer_id int REFERENCES shop.customers(id), total numeric);
      CREATE TABLE shop.items (id int PRIMARY KEY, label text, price numeric);
      CREATE TABLE shop.notes (id int, body text);
      INSERT INTO shop.customers VALUES (1, 'Ada', 'Oslo'), (2, 'Linus', 'Turku');
      INSERT INTO shop.orders VALUES (1, 1, 10), (2, 2, 20);
      INSERT INTO shop.items VALUES (1, 'pen', 2);
    `;
    write = TEST_SERVER_URL
      ? (sql) => execFlushed(db.url ?? '', sql)
      : async (sql) => {
          await db.source.exec(sql);
          // PGlite flushes its write counters when idle, at most once a second: now, before the next read
          await db.source.exec('SELECT pg_stat_force_next_flush()');
        };
    await write(setup);
    catalog = await introspector.introspect(db.source, { schemas: ['shop'] });
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  const byName = (c: SourceCatalog) => new Map(c.tables.map((t): [string, CatalogTable] => [t.name, t]));
  const withoutStamp = ({ changeFingerprint: _stamp, ...t }: CatalogTable) => t;

  /** Applies `sql`, introspects incrementally, and checks it against a full introspection. */
  async function after(sql: string): Promise<{ profiled: number; tables: Map<string, CatalogTable> }> {
    await write(sql);
    const next = await introspector.introspect(db.source, { schemas: ['shop'], previous: catalog.tables });
    const full = await introspector.introspect(db.source, { schemas: ['shop'] });
    expect(next.tables.map(withoutStamp)).toEqual(full.tables.map(withoutStamp));
    catalog = next;
    return { profiled: next.profiled ?? next.tables.length, tables: byName(next) };
  }

  it('reads nothing again when nothing changed', async () => {
    const next = await introspector.introspect(db.source, { schemas: ['shop'], previous: catalog.tables });
    expect(next.profiled).toBe(0);
    expect(next.tables).toEqual(catalog.tables.map((t) => ({ ...t, sourceId: db.source.id })));
  });

  it('notices a column comment, a NOT NULL and a type change, each on its own table', async () => {
    expect((await after(`COMMENT ON COLUMN shop.items.label IS 'what the shelf says'`)).profiled).toBe(1);
    const notNull = await after(`ALTER TABLE shop.customers ALTER COLUMN city SET NOT NULL`);
    expect(notNull.profiled).toBe(1);
    expect(notNull.tables.get('customers')?.columns.find((c) => c.name === 'city')?.nullable).toBe(false);
    const widened = await after(`ALTER TABLE shop.items ALTER COLUMN price TYPE numeric(12,2)`);
    expect(widened.profiled).toBe(1);
    expect(widened.tables.get('items')?.columns.find((c) => c.name === 'price')?.dataType).toBe(
      'numeric(12,2)',
    );
  });

  it('notices a renamed referenced column in the referencing table too', async () => {
    const renamed = await after(`ALTER TABLE shop.customers RENAME COLUMN id TO customer_no`);
    // the renamed table and the one whose foreign key names the column
    expect(renamed.profiled).toBe(2);
    expect(renamed.tables.get('orders')?.foreignKeys[0]?.referencedColumns).toEqual(['customer_no']);
  });

  it('notices rows written without ANALYZE, and an added and a dropped table', async () => {
    const filled = await after(`INSERT INTO shop.notes VALUES (1, 'call back'), (2, 'gift wrap')`);
    expect(filled.profiled).toBe(1);
    expect(filled.tables.get('notes')?.rowEstimate).toBe(2);
    const swapped = await after(`DROP TABLE shop.notes; CREATE TABLE shop.returns (id int, reason text)`);
    expect(swapped.profiled).toBe(1);
    expect([...swapped.tables.keys()].sort()).toEqual(['customers', 'items', 'orders', 'returns']);
  });

  itWhen(
    TEST_SERVER_URL !== undefined,
    `${SERVER_ONLY}: write counters and their reset are a server's; PGlite vouches by row versions`,
  )('on a server, profiles the unwritten tables again once their write counters were reset', async () => {
    // the counters' epoch vouched for the tables they show no write to; a reset ends it
    const reset = await after(`SELECT pg_stat_reset()`);
    expect(reset.profiled).toBeGreaterThan(0);
    expect((await after(`SELECT 1`)).profiled).toBe(0);
  });
});

describe(`change fingerprints of a catalog of many schemas (${BACKEND})`, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('tb_many_schemas');
    // 45 schemas: read in parts (at least 20 schemas a part), two tables each, one key across schemas
    const sql = Array.from(
      { length: 45 },
      (_, i) => `
        CREATE SCHEMA hall_${i};
        CREATE TABLE hall_${i}.stalls (id int PRIMARY KEY, keeper text);
        CREATE TABLE hall_${i}.rents (id int PRIMARY KEY, stall_id int REFERENCES hall_${i}.stalls(id),
          ${i > 0 ? `previous_stall int REFERENCES hall_${i - 1}.stalls(id),` : ''} amount numeric);
        COMMENT ON TABLE hall_${i}.rents IS 'Rent of a stall in hall ${i}';
        INSERT INTO hall_${i}.stalls VALUES (1, 'k${i}');`,
    ).join('\n');
    if (TEST_SERVER_URL) await execFlushed(db.url ?? '', sql);
    else await db.source.exec(`${sql}\nSELECT pg_stat_force_next_flush();`);
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('gives the catalog and fingerprints of one query, and reads nothing again when nothing changed', async () => {
    const inParts = await new CatalogIntrospector({ concurrency: 3 }).introspect(db.source);
    const whole = await new CatalogIntrospector({ concurrency: 1 }).introspect(db.source);
    expect(inParts.tables).toHaveLength(90);
    expect(inParts.schemas).toEqual(whole.schemas);
    expect(inParts.tables).toEqual(whole.tables);
    expect(inParts.tables.every((t) => t.changeFingerprint !== undefined)).toBe(true);
    const again = await new CatalogIntrospector({ concurrency: 3 }).introspect(db.source, {
      previous: inParts.tables,
    });
    expect(again.tables).toEqual(inParts.tables);
  });
});
