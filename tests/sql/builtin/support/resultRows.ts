import type { DataSource } from '../../../../src/sources/types';

/**
 * Comparing a generated query's result with a reference query's, for the generator's class tests: one
 * normalisation of a cell, one read-only runner, and the three ways the suites compare rows.
 */

/** A result cell as compared: null, a date's day, a number rounded to two decimals, else its text. */
export function normalizeCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? String(Math.round(Number(text) * 100) / 100) : text;
}

/** The rows of a read-only query (five-second budget). */
export async function queryRows(source: DataSource, sql: string): Promise<unknown[][]> {
  return source.readOnly(async (q) => (await q.queryArrays(sql)).rows, { statementTimeoutMs: 5000 });
}

/** Each row as a JSON key of its normalised cells, in the rows' order when `ordered`, else sorted. */
export function keyed(rows: unknown[][], ordered: boolean): string[] {
  const keys = rows.map((r) => JSON.stringify(r.map(normalizeCell)));
  return ordered ? keys : [...keys].sort();
}

/**
 * A query's rows as sorted keys; with `sortCells` each row's cells are sorted too (column order is not part of
 * the answer).
 */
export async function sortedRowKeys(
  source: DataSource,
  sql: string,
  options: { sortCells?: boolean } = {},
): Promise<string[]> {
  const rows = await queryRows(source, sql);
  return rows
    .map((r) => {
      const cells = r.map(normalizeCell);
      return JSON.stringify(options.sortCells ? cells.sort() : cells);
    })
    .sort();
}

/** Whether every reference column equals a different column of `actual` (as sequences when ordered). */
export function holdsColumns(actual: unknown[][], expected: unknown[][], ordered: boolean): boolean {
  if (actual.length !== expected.length) return false;
  const column = (rows: unknown[][], i: number) => {
    const values = rows.map((r) => normalizeCell(r[i]));
    return JSON.stringify(ordered ? values : values.sort());
  };
  const width = actual[0]?.length ?? 0;
  const free = new Set(Array.from({ length: width }, (_, i) => i));
  for (let j = 0; j < (expected[0]?.length ?? 0); j++) {
    const want = column(expected, j);
    const hit = [...free].find((i) => column(actual, i) === want);
    if (hit === undefined) return false;
    free.delete(hit);
  }
  return true;
}
