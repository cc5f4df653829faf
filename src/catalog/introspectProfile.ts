import type { ColumnProfile } from './types';
import { quoteIdent, quoteTable } from './types';

/**
 * The bounded column profile of {@link CatalogIntrospector}: one aggregate query per table over a sample
 * (at most `sampleRows` rows, drawn with `TABLESAMPLE SYSTEM` when the table is larger), computing for every
 * column the non-null count, the distinct count, min/max of ordered numbers and dates, and the most frequent
 * values of text and enum columns.
 */

/** Expressions per column in the profile query's select list (keep in sync with {@link parseProfileRow}). */
const EXPRESSIONS_PER_COLUMN = 6;

/** Columns per profile query, so the select list stays below Postgres' 1664 target entries. */
export const MAX_COLUMNS_PER_PROFILE_QUERY = 200;

/** Longest representative value kept, in characters. */
const MAX_VALUE_LENGTH = 200;

/** Seed of `TABLESAMPLE ... REPEATABLE`, so an unchanged table yields the same sample and fingerprint. */
const SAMPLE_SEED = 20261126;

/** `pg_type.typcategory` values whose most frequent values are representative: strings and enums. */
const VALUE_CATEGORIES = new Set(['S', 'E']);
/** `pg_type.typcategory` values with a meaningful min/max: numbers, dates/times, intervals. */
const RANGE_CATEGORIES = new Set(['N', 'D', 'T']);

/** A column to profile. */
export interface ProfiledColumn {
  name: string;
  /** `pg_type.typcategory` of the base type. */
  category: string;
  /** The base type has its own min/max aggregates. */
  orderable: boolean;
}

/** How the profile sample is drawn. */
export type SampleMethod =
  | { kind: 'limit' }
  | {
      kind: 'tablesample';
      /** `TABLESAMPLE SYSTEM` percentage of pages. */
      percent: number;
    };

/** Everything {@link buildProfileSql} needs. */
export interface ProfileSqlOptions {
  table: { schema: string; name: string };
  columns: ProfiledColumn[];
  method: SampleMethod;
  sampleRows: number;
  topValues: number;
  /** Also count values seen exactly once (needed to extrapolate distinct counts of a partial sample). */
  countSingletons: boolean;
}

/** What the sample says about one column. */
export interface SampleColumnStats {
  nonNull: number;
  distinct: number;
  /** Values seen exactly once in the sample, when counted. */
  singletons: number | null;
  min: string | null;
  max: string | null;
  /** Average text length of the non-null values (value columns only). */
  averageLength: number | null;
  /** Most frequent values with their counts, most frequent first (value columns only). */
  top: { value: string; count: number }[];
}

/** The parsed result of one profile query. */
export interface SampleStats {
  /** Rows in the sample. */
  rows: number;
  columns: SampleColumnStats[];
}

/** Whether min/max are computed for the column. */
export function hasRange(column: ProfiledColumn): boolean {
  return column.orderable && RANGE_CATEGORIES.has(column.category);
}

/** Whether the most frequent values of the column are computed. */
export function hasValues(column: ProfiledColumn): boolean {
  return VALUE_CATEGORIES.has(column.category);
}

/** `TABLESAMPLE SYSTEM` percentage that yields about `sampleRows` rows of a table of `rowEstimate` rows. */
export function samplePercent(rowEstimate: number, sampleRows: number): number {
  const percent = (100 * sampleRows * 1.25) / Math.max(rowEstimate, 1);
  return Math.min(100, Math.max(0.0001, Number(percent.toPrecision(6))));
}

/** The sample subquery: explicit columns aliased `c0..cN`, at most `sampleRows` rows. */
export function buildSampleSql(options: Omit<ProfileSqlOptions, 'topValues' | 'countSingletons'>): string {
  const list = options.columns.map((c, i) => `${quoteIdent(c.name)} AS c${i}`).join(', ');
  const sample =
    options.method.kind === 'tablesample'
      ? ` TABLESAMPLE SYSTEM (${options.method.percent}) REPEATABLE (${SAMPLE_SEED})`
      : '';
  return `SELECT ${list} FROM ${quoteTable(options.table)}${sample} LIMIT ${Math.floor(options.sampleRows)}`;
}

/**
 * One query over the sample computing, per column, in this order: non-null count, distinct count, min, max,
 * average text length and the top values as JSON `[[value, count], ...]`; then, when requested, an array of
 * per-column singleton counts. Inapplicable expressions are typed NULLs, so the layout is fixed.
 */
export function buildProfileSql(options: ProfileSqlOptions): string {
  const cols = options.columns;
  const select = ['count(*)::int'];
  cols.forEach((c, i) => {
    const v = `c${i}`;
    select.push(`count(${v})::int`, `count(DISTINCT ${v}::text)::int`);
    select.push(
      hasRange(c) ? `min(${v})::text` : 'NULL::text',
      hasRange(c) ? `max(${v})::text` : 'NULL::text',
    );
    if (hasValues(c)) {
      select.push(
        `avg(length(${v}::text))::float8`,
        `(SELECT json_agg(json_build_array(v, k) ORDER BY k DESC, v) FROM (` +
          `SELECT v, count(*)::int AS k FROM (` +
          `SELECT left(${v}::text, ${MAX_VALUE_LENGTH}) COLLATE "C" AS v FROM s WHERE ${v} IS NOT NULL) u ` +
          `GROUP BY v ORDER BY k DESC, v LIMIT ${Math.floor(options.topValues)}) t)`,
      );
    } else {
      select.push('NULL::float8', 'NULL::json');
    }
  });
  const ctes = [`s AS MATERIALIZED (${buildSampleSql(options)})`];
  if (options.countSingletons && cols.length > 0) {
    const windows = cols.map(
      (_c, i) => `CASE WHEN c${i} IS NOT NULL THEN count(*) OVER (PARTITION BY c${i}::text) END AS w${i}`,
    );
    ctes.push(`f AS (SELECT ${windows.join(', ')} FROM s)`);
    const counts = cols.map((_c, i) => `count(*) FILTER (WHERE w${i} = 1)`);
    select.push(`(SELECT ARRAY[${counts.join(', ')}]::int[] FROM f)`);
  }
  return `WITH ${ctes.join(', ')} SELECT ${select.join(', ')} FROM s`;
}

/** Reads the row of {@link buildProfileSql}. */
export function parseProfileRow(
  row: readonly unknown[],
  columnCount: number,
  countSingletons: boolean,
): SampleStats {
  const singletons =
    countSingletons && columnCount > 0 ? row[1 + columnCount * EXPRESSIONS_PER_COLUMN] : null;
  const columns: SampleColumnStats[] = [];
  for (let i = 0; i < columnCount; i++) {
    const at = 1 + i * EXPRESSIONS_PER_COLUMN;
    columns.push({
      nonNull: toNumber(row[at]) ?? 0,
      distinct: toNumber(row[at + 1]) ?? 0,
      min: toText(row[at + 2]),
      max: toText(row[at + 3]),
      averageLength: toNumber(row[at + 4]),
      top: parseTop(row[at + 5]),
      singletons: Array.isArray(singletons) ? toNumber(singletons[i]) : null,
    });
  }
  return { rows: toNumber(row[0]) ?? 0, columns };
}

/** Rules for keeping a text column's most frequent values as representative values. */
export interface ValueRules {
  /** Keep when the column has at most this many distinct values. @default 50 */
  maxDistinct: number;
  /** ...or when distinct / non-null values is at most this. @default 0.1 */
  maxDistinctRatio: number;
  /** ...and the values are on average at most this long (no free text). @default 80 */
  maxAverageLength: number;
}

/** Default {@link ValueRules}. */
export const DEFAULT_VALUE_RULES: ValueRules = {
  maxDistinct: 50,
  maxDistinctRatio: 0.1,
  maxAverageLength: 80,
};

/** Whether a column is a low-cardinality text column whose top values are worth keeping. */
export function isLowCardinality(stats: SampleColumnStats, rules: ValueRules = DEFAULT_VALUE_RULES): boolean {
  if (stats.nonNull === 0 || stats.top.length === 0) return false;
  if ((stats.averageLength ?? 0) > rules.maxAverageLength) return false;
  return stats.distinct <= rules.maxDistinct || stats.distinct / stats.nonNull <= rules.maxDistinctRatio;
}

/**
 * Distinct values in the whole table from a partial sample (the Haas-Stokes "Duj1" estimator, as Postgres'
 * ANALYZE uses): `n*d / (n - f1 + f1*n/N)` clamped to `[d, N]`, where n is the non-null sample size, d the
 * distinct values in it, f1 the values seen once and N the non-null rows in the table.
 */
export function estimateDistinct(input: {
  sampleNonNull: number;
  sampleDistinct: number;
  singletons: number | null;
  tableNonNull: number;
}): number {
  const { sampleNonNull: n, sampleDistinct: d, singletons: f1 } = input;
  const N = Math.max(input.tableNonNull, n);
  if (n === 0) return 0;
  if (f1 === null || f1 === 0 || N <= n) return d;
  if (f1 >= d) return Math.round(N * (d / n));
  const estimate = (n * d) / (n - f1 + (f1 * n) / N);
  return Math.round(Math.min(N, Math.max(d, estimate)));
}

/** Options of {@link toColumnProfile}. */
export interface ToProfileOptions {
  stats: SampleColumnStats;
  column: ProfiledColumn;
  /** Rows in the sample. */
  sampleRows: number;
  /** The sample is the whole table (exact counts). */
  complete: boolean;
  /** Rows in the table, when known. */
  rowEstimate: number | null;
  /** Planner statistics of the column, when the table was analyzed. */
  planner?: { nullFraction: number; nDistinct: number };
  rules?: ValueRules;
}

/** The stored profile of one column. Planner statistics win over a partial sample; a complete sample is exact. */
export function toColumnProfile(options: ToProfileOptions): ColumnProfile {
  const { stats, sampleRows, complete, rowEstimate, planner } = options;
  let nullFraction = sampleRows > 0 ? (sampleRows - stats.nonNull) / sampleRows : null;
  let distinctEstimate: number | null;
  if (complete || rowEstimate === null) {
    distinctEstimate = stats.distinct;
  } else if (planner) {
    nullFraction = planner.nullFraction;
    distinctEstimate = Math.round(
      planner.nDistinct >= 0 ? planner.nDistinct : -planner.nDistinct * Math.max(rowEstimate, sampleRows),
    );
  } else {
    distinctEstimate = estimateDistinct({
      sampleNonNull: stats.nonNull,
      sampleDistinct: stats.distinct,
      singletons: stats.singletons,
      tableNonNull: rowEstimate * (1 - (nullFraction ?? 0)),
    });
  }
  return {
    distinctEstimate,
    nullFraction: nullFraction === null ? null : roundTo(nullFraction, 4),
    topValues:
      hasValues(options.column) && isLowCardinality(stats, options.rules)
        ? stats.top.map((t) => t.value)
        : [],
    min: stats.min,
    max: stats.max,
  };
}

function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function parseTop(value: unknown): { value: string; count: number }[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  const top: { value: string; count: number }[] = [];
  for (const entry of parsed) {
    if (Array.isArray(entry) && entry.length === 2) {
      top.push({ value: String(entry[0]), count: toNumber(entry[1]) ?? 0 });
    }
  }
  return top;
}
