import { SourceError, errorMessage } from '../errors';
import type { Queryable } from '../sources';
import { isoDate, localDayNumber } from './calendar';
import { generateCatalog } from './generateCatalog';
import { generateCustomers } from './generateCustomers';
import { generateMarketing } from './generateMarketing';
import { generateMusic } from './generateMusic';
import { generateOrganisation } from './generateOrganisation';
import { generateSales } from './generateSales';
import { generateService } from './generateService';
import { createTimeline, type DemoWorld } from './model';
import { SeededRandom } from './random';
import { CREATE_TABLES_SQL, DEMO_SCHEMAS, demoTableNames, finishSchemaSql } from './schema';
import { insertStatements, type TableRows } from './sqlLiterals';

/** The schemas the demo warehouse creates: sales, catalog, crm, hr, marketing, music. */
export { DEMO_SCHEMAS } from './schema';

/** Options for {@link seedDemoWarehouse}. */
export interface SeedOptions {
  /** The date "today" is (its local calendar date); rows run up to it. @default new Date() */
  today?: Date;
  /** RNG seed; the same seed and today always give the same rows. @default 42 */
  seed?: number;
  /** Told what seeding is doing (generating rows, writing them), for progress output. */
  onProgress?: (message: string) => void;
}

/** What {@link seedDemoWarehouse} found or did. */
export interface SeedSummary {
  /** The demo schemas. */
  schemas: string[];
  /** Tables in the demo schemas. */
  tables: number;
  /** Rows over all demo tables. */
  rows: number;
  /** False when the warehouse was already there (nothing was written). */
  seeded: boolean;
}

/** The marker a seeded warehouse carries (in the comment on schema `sales`). */
export interface DemoWarehouseInfo {
  version: number;
  seed: number;
  /** The `today` the rows were generated for, `YYYY-MM-DD`. */
  dataUpTo: string;
}

/** Bump when the generated warehouse changes shape. */
const DEMO_VERSION = 1;
const MARKER = /tablebot demo warehouse v(\d+) \(seed (-?\d+), data up to (\d{4}-\d{2}-\d{2})\)/;
/** Serialises concurrent seeders of one database. */
const ADVISORY_LOCK_KEY = 746_172_001;

/** Generator steps in dependency order; each gets its own random stream, so editing one leaves the others' rows alone. */
const STEPS: readonly ((rng: SeededRandom, world: DemoWorld) => TableRows[])[] = [
  generateOrganisation,
  generateCatalog,
  generateCustomers,
  generateMarketing,
  generateSales,
  generateService,
  generateMusic,
];

/** All rows of the demo warehouse for `today` (a day number) and `seed`, table by table. Pure and deterministic. */
export function generateDemoWarehouse(options: { today: number; seed: number }): TableRows[] {
  const world: DemoWorld = {
    timeline: createTimeline(options.today),
    stores: [],
    slots: [],
    products: [],
    customers: [],
    users: [],
    campaigns: [],
    orders: [],
  };
  const tables: TableRows[] = [];
  STEPS.forEach((step, i) => {
    const streamSeed = (Math.imul(options.seed, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca6b)) >>> 0;
    tables.push(...step(new SeededRandom(streamSeed), world));
  });
  return tables;
}

/** Reads the demo marker, or null when this database holds no seeded demo warehouse. */
export async function readDemoWarehouseInfo(q: Queryable): Promise<DemoWarehouseInfo | null> {
  const r = await q.query<{ comment: string | null }>(
    `SELECT obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname = 'sales'`,
  );
  const match = MARKER.exec(r.rows[0]?.comment ?? '');
  return match ? { version: Number(match[1]), seed: Number(match[2]), dataUpTo: match[3] } : null;
}

async function existingSummary(q: Queryable): Promise<SeedSummary> {
  const tables = await q.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [[...DEMO_SCHEMAS]],
  );
  let rows = 0;
  if (tables.rows.length > 0) {
    const counts = tables.rows
      .map(
        (t) => `SELECT count(*) AS n FROM "${t.schema.replace(/"/g, '""')}"."${t.name.replace(/"/g, '""')}"`,
      )
      .join(' UNION ALL ');
    const r = await q.query<{ total: string | number }>(
      `SELECT coalesce(sum(n), 0)::text AS total FROM (${counts}) c`,
    );
    rows = Number(r.rows[0].total);
  }
  return { schemas: [...DEMO_SCHEMAS], tables: tables.rows.length, rows, seeded: false };
}

/**
 * Seeds the demo warehouse (six schemas of a retail company with a record label) into `q`, once.
 * Deterministic for a given `seed` and `today`; everything is written in one implicit transaction, so a
 * failure leaves nothing behind. A database that already holds the warehouse is left untouched
 * (`seeded: false`).
 *
 * @throws SourceError SOURCE_QUERY_FAILED when a demo schema exists without the demo marker, or seeding fails.
 */
export async function seedDemoWarehouse(q: Queryable, options: SeedOptions = {}): Promise<SeedSummary> {
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) {
    throw new SourceError('SOURCE_QUERY_FAILED', `seedDemoWarehouse: seed must be an integer, got ${seed}`);
  }
  const today = localDayNumber(options.today ?? new Date());
  if (!Number.isFinite(today)) {
    throw new SourceError('SOURCE_QUERY_FAILED', 'seedDemoWarehouse: today is not a valid date');
  }

  const check = async (): Promise<SeedSummary | null> => {
    if (await readDemoWarehouseInfo(q)) return existingSummary(q);
    const clash = await q.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1',
      [[...DEMO_SCHEMAS]],
    );
    if (clash.rows.length > 0) {
      throw new SourceError(
        'SOURCE_QUERY_FAILED',
        `seedDemoWarehouse: schema(s) ${clash.rows.map((r) => r.nspname).join(', ')} already exist but hold no ` +
          'tablebot demo warehouse; seed into an empty database',
      );
    }
    return null;
  };
  const existing = await check();
  if (existing) return existing;

  options.onProgress?.('generating the demo rows');
  const tables = generateDemoWarehouse({ today, seed });
  const rowCount = tables.reduce((n, t) => n + t.rows.length, 0);
  options.onProgress?.(`writing ${rowCount.toLocaleString('en-US')} rows into ${tables.length} tables`);
  const marker =
    'Online orders, in-store sales, payments, shipments, returns and targets. ' +
    `Seeded by tablebot demo warehouse v${DEMO_VERSION} (seed ${seed}, data up to ${isoDate(today)}).`;
  const script = [
    `SELECT pg_advisory_xact_lock(${ADVISORY_LOCK_KEY});`,
    CREATE_TABLES_SQL,
    ...tables.flatMap((t) => insertStatements(t)),
    finishSchemaSql(),
    `COMMENT ON SCHEMA sales IS '${marker}';`,
  ].join('\n');
  try {
    await q.exec(script);
  } catch (cause) {
    // Another process may have seeded it while we generated rows.
    const after = await check().catch(() => null);
    if (after) return after;
    throw new SourceError(
      'SOURCE_QUERY_FAILED',
      `seedDemoWarehouse: seeding failed: ${errorMessage(cause)}`,
      {
        cause,
      },
    );
  }
  return {
    schemas: [...DEMO_SCHEMAS],
    tables: demoTableNames().length,
    rows: rowCount,
    seeded: true,
  };
}
