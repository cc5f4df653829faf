import type { DataSource } from '../../../src/sources/types';
import { DEMO_SCHEMAS } from '../../../src/demo/seedDemoWarehouse';

/**
 * One value as a comparable string: numbers (also numeric strings and bigints) rounded to 2 decimals,
 * dates as `YYYY-MM-DD` (or a full ISO timestamp when they carry a time), everything else as text.
 */
export function normalizeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return roundNumber(Number(value));
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return roundNumber(Number(value));
  return String(value);
}

function roundNumber(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : String(n);
}

/** True when every value of `expected` occurs in `actual` (as a multiset of normalized values). */
function rowContains(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  const pool = actual.map(normalizeValue);
  for (const value of expected.map(normalizeValue)) {
    const at = pool.indexOf(value);
    if (at < 0) return false;
    pool.splice(at, 1);
  }
  return true;
}

/** Options for {@link rowsMatch}. */
export interface RowsMatchOptions {
  /** Compare row by row in order (the question asked for an order). @default false */
  ordered?: boolean;
}

/**
 * Whether an answer's rows carry the reference rows: the same number of rows, and each reference row's
 * values found in a distinct answer row (answers may show extra columns, in any column order).
 */
export function rowsMatch(
  actual: readonly (readonly unknown[])[],
  expected: readonly (readonly unknown[])[],
  options: RowsMatchOptions = {},
): boolean {
  if (actual.length !== expected.length) return false;
  if (options.ordered) return expected.every((row, i) => rowContains(actual[i], row));
  const used = new Set<number>();
  return expected.every((row) => {
    const at = actual.findIndex((candidate, i) => !used.has(i) && rowContains(candidate, row));
    if (at < 0) return false;
    used.add(at);
    return true;
  });
}

/** Runs a reference query on `source` and returns its rows, each projected to `columns` when given. */
export async function referenceRows(
  source: DataSource,
  sql: string,
  columns?: readonly number[],
): Promise<unknown[][]> {
  const result = await source.queryArrays(sql);
  return columns ? result.rows.map((row) => columns.map((i) => row[i])) : result.rows;
}

/** `count(*)` of every table in the demo schemas, keyed `schema.table`. */
export async function demoRowCounts(source: DataSource): Promise<Record<string, number>> {
  const tables = await source.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [[...DEMO_SCHEMAS]],
  );
  const counts: Record<string, number> = {};
  for (const t of tables.rows) {
    const r = await source.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM "${t.schema}"."${t.name}"`,
    );
    counts[`${t.schema}.${t.name}`] = Number(r.rows[0].n);
  }
  return counts;
}
