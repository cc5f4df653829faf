import { SourceError } from '../../src/errors';
import { localDayNumber } from '../../src/demo/calendar';
import {
  BOISE_USERS,
  DEMO_QUESTIONS,
  FASHION_PEAK_QUARTER,
  sqlAsOf,
  type DemoQuestion,
} from '../../src/demo/demoQuestions';
import {
  DEMO_SCHEMAS,
  generateDemoWarehouse,
  readDemoWarehouseInfo,
  seedDemoWarehouse,
  type SeedSummary,
} from '../../src/demo/seedDemoWarehouse';
import type { Queryable } from '../../src/sources/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';

function isoLocal(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function one<T>(q: Queryable, sql: string, params?: unknown[]): Promise<T> {
  const r = await q.query<T>(sql, params);
  return r.rows[0];
}

/** Fashion sales per quarter inside the past five years, by three measures, best first by amount. */
async function fashionQuarters(q: Queryable, today: string) {
  const r = await q.query<{ quarter: string; amount: string; units: string; orders: string }>(
    `SELECT to_char(o.order_date, 'YYYY-"Q"Q') AS quarter, sum(oi.line_amt)::text AS amount,
            sum(oi.qty)::text AS units, count(DISTINCT o.order_id)::text AS orders
     FROM sales.order_items oi
     JOIN sales.online_orders o ON o.order_id = oi.order_id
     JOIN catalog.products p ON p.product_id = oi.product_id
     WHERE p.category = 'Fashion' AND o.order_date > $1::date - INTERVAL '5 years' AND o.order_date <= $1::date
     GROUP BY 1 ORDER BY sum(oi.line_amt) DESC`,
    [today],
  );
  return r.rows.map((row) => ({
    quarter: row.quarter,
    amount: Number(row.amount),
    units: Number(row.units),
    orders: Number(row.orders),
  }));
}

function expectClearFashionPeak(rows: Awaited<ReturnType<typeof fashionQuarters>>, today: Date): void {
  const expected = `${today.getFullYear() - 2}-Q4`;
  expect(rows[0].quarter).toBe(expected);
  // Not a near tie: the peak beats the runner-up clearly, and by every measure.
  expect(rows[0].amount).toBeGreaterThan(rows[1].amount * 1.15);
  const byUnits = [...rows].sort((a, b) => b.units - a.units);
  const byOrders = [...rows].sort((a, b) => b.orders - a.orders);
  expect(byUnits[0].quarter).toBe(expected);
  expect(byOrders[0].quarter).toBe(expected);
}

describe(`demo warehouse (${BACKEND})`, () => {
  const today = new Date();
  const todayIso = isoLocal(today);
  let db: TestDatabase;
  let summary: SeedSummary;

  beforeAll(async () => {
    db = await createTestDatabase('tb_demo');
    summary = await seedDemoWarehouse(db.source, { today });
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('seeds about 30 tables over a few schemas, and reports them', async () => {
    expect(summary.seeded).toBe(true);
    expect(summary.schemas).toEqual([...DEMO_SCHEMAS]);
    expect(DEMO_SCHEMAS.length).toBeGreaterThanOrEqual(4);
    expect(DEMO_SCHEMAS.length).toBeLessThanOrEqual(6);
    const perSchema = await db.source.query<{ schema: string; n: number }>(
      `SELECT table_schema AS schema, count(*)::int AS n FROM information_schema.tables
       WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' GROUP BY 1 ORDER BY 1`,
      [[...DEMO_SCHEMAS]],
    );
    expect(perSchema.rows.map((r) => r.schema).sort()).toEqual([...DEMO_SCHEMAS].sort());
    for (const r of perSchema.rows) expect(r.n).toBeGreaterThanOrEqual(4);
    const tables = perSchema.rows.reduce((n, r) => n + r.n, 0);
    expect(tables).toBe(summary.tables);
    expect(tables).toBeGreaterThanOrEqual(25);
    expect(tables).toBeLessThanOrEqual(40);
    expect(summary.rows).toBeGreaterThan(20_000);
    expect(summary.rows).toBeLessThan(80_000);
  });

  it('gives every table a primary key and links them with foreign keys, across schemas too', async () => {
    const withoutPk = await db.source.query<{ t: string }>(
      `SELECT c.relnamespace::regnamespace::text || '.' || c.relname AS t FROM pg_class c
       WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')`,
      [[...DEMO_SCHEMAS]],
    );
    expect(withoutPk.rows).toEqual([]);
    const fks = await db.source.query<{ from_schema: string; to_schema: string; validated: boolean }>(
      `SELECT k.conrelid::regclass::text AS from_table,
              (SELECT nspname FROM pg_namespace WHERE oid = src.relnamespace) AS from_schema,
              (SELECT nspname FROM pg_namespace WHERE oid = dst.relnamespace) AS to_schema,
              k.convalidated AS validated
       FROM pg_constraint k JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
       WHERE k.contype = 'f' AND src.relnamespace::regnamespace::text = ANY($1)`,
      [[...DEMO_SCHEMAS]],
    );
    expect(fks.rows.length).toBeGreaterThanOrEqual(30);
    expect(fks.rows.every((r) => r.validated)).toBe(true);
    expect(fks.rows.some((r) => r.from_schema !== r.to_schema)).toBe(true);
  });

  it('comments some tables and columns, but not all', async () => {
    const t = await one<{ commented: number; total: number }>(
      db.source,
      `SELECT count(obj_description(c.oid, 'pg_class'))::int AS commented, count(*)::int AS total
       FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = ANY($1)`,
      [[...DEMO_SCHEMAS]],
    );
    expect(t.commented).toBeGreaterThan(t.total / 3);
    expect(t.commented).toBeLessThan(t.total);
    const c = await one<{ commented: number; total: number }>(
      db.source,
      `SELECT count(col_description(c.oid, a.attnum))::int AS commented, count(*)::int AS total
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relkind = 'r' AND c.relnamespace::regnamespace::text = ANY($1)`,
      [[...DEMO_SCHEMAS]],
    );
    expect(c.commented).toBeGreaterThanOrEqual(20);
    expect(c.commented).toBeLessThan(c.total / 2);
  });

  it('has at least five years of dated rows, none after today', async () => {
    const fiveYearsAgo = `${today.getFullYear() - 5}${todayIso.slice(4)}`;
    const spans: [string, string][] = [
      ['sales.online_orders', 'order_date'],
      ['sales.store_sales', 'sale_date'],
      ['marketing.web_sessions', 'started_at::date'],
      ['crm.support_tickets', 'opened_at::date'],
      ['sales.shipments', 'shipped_at::date'],
    ];
    for (const [table, column] of spans) {
      const r = await one<{ min: string; max: string }>(
        db.source,
        `SELECT min(${column})::text AS min, max(${column})::text AS max FROM ${table}`,
      );
      expect([table, r.min <= fiveYearsAgo]).toEqual([table, true]);
      expect([table, r.max <= todayIso && r.max >= shiftDays(todayIso, -7)]).toEqual([table, true]);
    }
    const future: [string, string][] = [
      ['sales.online_orders', 'ship_date'],
      ['sales.returns', 'return_date'],
      ['sales.payments', 'paid_at::date'],
      ['sales.shipments', 'delivered_at::date'],
      ['crm.complaints', 'resolved_date'],
      ['crm.product_reviews', 'review_date'],
      ['catalog.purchase_orders', 'received_date'],
      ['music.release_history', 'release_date'],
      ['hr.employees', 'hire_date'],
    ];
    for (const [table, column] of future) {
      const r = await one<{ max: string }>(db.source, `SELECT max(${column})::text AS max FROM ${table}`);
      expect([table, r.max <= todayIso]).toEqual([table, true]);
    }
  });

  it('is idempotent: a second seed writes nothing and reports what is there', async () => {
    const again = await seedDemoWarehouse(db.source, { today, seed: 7 });
    expect(again).toEqual({ ...summary, seeded: false });
    expect(await readDemoWarehouseInfo(db.source)).toEqual({ version: 1, seed: 42, dataUpTo: todayIso });
  });

  it('answers the fashion question with one clear quarter, two years back in Q4', async () => {
    const reference = await db.source.query<{ quarter: unknown; fashion_sales: string }>(
      `SELECT quarter::text AS quarter FROM (${sqlAsOf(FASHION_PEAK_QUARTER.referenceSql ?? '', today)}) q`,
    );
    expect(reference.rows).toHaveLength(1);
    // The quarter is its first day: Q4 starts on 1 October.
    expect(reference.rows[0]).toMatchObject({ quarter: `${today.getFullYear() - 2}-10-01` });
    expectClearFashionPeak(await fashionQuarters(db.source, todayIso), today);
    // CURRENT_DATE agrees with the pinned date (both are "today" here).
    const live = await db.source.query(
      `SELECT quarter::text AS quarter FROM (${FASHION_PEAK_QUARTER.referenceSql ?? ''}) q`,
    );
    expect(live.rows[0]).toMatchObject({ quarter: `${today.getFullYear() - 2}-10-01` });
  });

  it('has users with display names and locations, several in Boise, ID', async () => {
    const r = await db.source.queryArrays(sqlAsOf(BOISE_USERS.referenceSql ?? '', today));
    expect(r.columns).toEqual(['display_name']);
    expect(r.rows.length).toBeGreaterThanOrEqual(5);
    const names = r.rows.map((row) => String(row[0]));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const locations = await db.source.query<{ location: string }>(
      `SELECT location FROM crm.users WHERE location IN ('Austin, TX', 'Portland, OR') GROUP BY location ORDER BY 1`,
    );
    expect(locations.rows.map((x) => x.location)).toEqual(['Austin, TX', 'Portland, OR']);
  });

  it('has a music release history by region, date, label and format', async () => {
    const cols = await db.source.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'music' AND table_name = 'release_history' ORDER BY ordinal_position`,
    );
    expect(cols.rows.map((c) => c.column_name)).toEqual(
      expect.arrayContaining(['region', 'release_date', 'label', 'release_format']),
    );
    const formats = await db.source.query<{ release_format: string }>(
      'SELECT DISTINCT release_format FROM music.release_history ORDER BY 1',
    );
    expect(formats.rows.map((f) => f.release_format)).toEqual(
      expect.arrayContaining(['CD', 'Digital', 'Vinyl']),
    );
  });

  it('has the confusable tables and columns the clarification questions rely on', async () => {
    const cols = await db.source.query<{ t: string; c: string }>(
      `SELECT table_schema || '.' || table_name AS t, column_name AS c FROM information_schema.columns
       WHERE table_schema = ANY($1)`,
      [[...DEMO_SCHEMAS]],
    );
    const has = (t: string, c: string): boolean => cols.rows.some((r) => r.t === t && r.c === c);
    expect(has('sales.online_orders', 'order_date') && has('sales.online_orders', 'ship_date')).toBe(true);
    expect(has('sales.online_orders', 'total_amt') && has('sales.store_sales', 'net_amt')).toBe(true);
    expect(has('sales.store_sales', 'sale_date')).toBe(true);
    expect(has('crm.support_tickets', 'opened_at') && has('crm.complaints', 'received_date')).toBe(true);
    for (const q of DEMO_QUESTIONS.filter((x) => x.expected === 'clarify')) {
      expect(q.readings?.length).toBeGreaterThanOrEqual(2);
      for (const t of q.tables) expect([q.id, cols.rows.some((r) => r.t === t)]).toEqual([q.id, true]);
    }
  });

  it('runs every reference query read-only and gets rows back', async () => {
    const answerable: DemoQuestion[] = DEMO_QUESTIONS.filter((q) => q.expected === 'answer');
    expect(answerable.length).toBeGreaterThanOrEqual(10);
    for (const q of answerable) {
      const r = await db.source.readOnly((ro) => ro.queryArrays(sqlAsOf(q.referenceSql ?? '', today)), {
        statementTimeoutMs: 10_000,
      });
      expect([q.id, r.rows.length > 0]).toEqual([q.id, true]);
      for (const t of q.tables) expect(q.referenceSql).toContain(t);
    }
    for (const q of DEMO_QUESTIONS.filter((x) => x.expected !== 'answer'))
      expect(q.referenceSql).toBeUndefined();
    expect(DEMO_QUESTIONS.filter((x) => x.expected === 'decline').map((x) => x.question)).toEqual(
      expect.arrayContaining(["What's the weather in Boise tomorrow?", 'Who won the 2018 World Cup?']),
    );
  });
});

describe(`demo warehouse on another day and seed (${BACKEND})`, () => {
  it('keeps the fashion peak clear at the end of a year', async () => {
    const today = new Date(2024, 11, 30);
    const db = await createTestDatabase('tb_demo');
    try {
      const s = await seedDemoWarehouse(db.source, { today, seed: 7 });
      expect(s.seeded).toBe(true);
      expectClearFashionPeak(await fashionQuarters(db.source, '2024-12-30'), today);
      const r = await db.source.query(
        `SELECT quarter::text AS quarter FROM (${sqlAsOf(FASHION_PEAK_QUARTER.referenceSql ?? '', today)}) q`,
      );
      expect(r.rows).toEqual([{ quarter: '2022-10-01' }]);
      expect(await readDemoWarehouseInfo(db.source)).toEqual({ version: 1, seed: 7, dataUpTo: '2024-12-30' });
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('seeds once when two seeders race for the same database', async () => {
    const db = await createTestDatabase('tb_demo');
    try {
      const today = new Date(2025, 2, 3);
      const results = await Promise.all([
        seedDemoWarehouse(db.source, { today }),
        seedDemoWarehouse(db.source, { today }),
      ]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect(results[0].rows).toBe(results[1].rows);
      expect(results[0].tables).toBe(results[1].tables);
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('refuses to seed over schemas it did not create, and leaves them alone', async () => {
    const db = await createTestDatabase('tb_demo');
    try {
      await db.source.exec('CREATE SCHEMA sales; CREATE TABLE sales.ledger (id int primary key)');
      const attempt = seedDemoWarehouse(db.source);
      await expect(attempt).rejects.toBeInstanceOf(SourceError);
      await expect(attempt).rejects.toThrow(/seedDemoWarehouse: schema\(s\) sales already exist/);
      const schemas = await db.source.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)`,
        [[...DEMO_SCHEMAS]],
      );
      expect(schemas.rows.map((r) => r.nspname)).toEqual(['sales']);
    } finally {
      await db.drop();
    }
  });
});

describe('demo warehouse generation', () => {
  it('is deterministic for a seed and a day, and changes with the seed', () => {
    const day = localDayNumber(new Date(2025, 5, 15));
    const a = generateDemoWarehouse({ today: day, seed: 42 });
    const b = generateDemoWarehouse({ today: day, seed: 42 });
    const c = generateDemoWarehouse({ today: day, seed: 43 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(a.map((t) => t.table)).toEqual(c.map((t) => t.table));
  });

  it('writes realistic text, not generated placeholders', () => {
    const tables = generateDemoWarehouse({ today: localDayNumber(new Date(2025, 5, 15)), seed: 42 });
    const products = tables.find((t) => t.table === 'catalog.products');
    const names = products?.rows.map((r) => String(r[products.columns.indexOf('product_name')])) ?? [];
    expect(names.length).toBeGreaterThan(100);
    expect(names.every((n) => /^\p{Lu}[\p{L}\d&'"%. -]+$/u.test(n) && !/_\d+$/.test(n))).toBe(true);
    const categories = new Set(products?.rows.map((r) => r[products.columns.indexOf('category')]));
    expect([...categories].sort()).toEqual(
      ['Beauty', 'Electronics', 'Fashion', 'Grocery', 'Home & Garden', 'Sports', 'Toys'].sort(),
    );
  });
});
