/**
 * Execution accuracy (EX): does the product's result equal the gold query's result?
 *
 * - Rows are compared as tuples (column count and order matter, as in Spider's EX), as a multiset
 *   unless the gold query orders its top level, in which case as a sequence.
 * - Values are compared through a canonical form: numbers (JS numbers, bigints and numeric strings such
 *   as Postgres `numeric` returns) are rounded to {@link DECIMALS} decimals after removing float noise, so
 *   `3.3333333333333335`, `'3.3333333333333333'` and `3.33333` agree; booleans are 1/0 (SQLite has none);
 *   ISO dates and date-times with or without zero-padding, `T` or a zone suffix (`2008-5-1`,
 *   `2008-05-01T00:00:00.000Z`) are the same calendar value; NULL equals NULL only; other strings
 *   compare exactly.
 */

/** Decimal places numbers are rounded to before comparing. */
export const DECIMALS = 4;

/**
 * How columns are matched: by position (Spider EX, the default), in any order (a permutation of the
 * same number of columns), or `subset`: each gold column paired with a different product column, extra
 * product columns ignored.
 */
export type ColumnOrder = 'strict' | 'any' | 'subset';

/** How values are normalised before comparing (see {@link canonicalValue}). */
export interface CanonicalRules {
  /** Decimal places numbers are rounded to. @default DECIMALS */
  decimals?: number;
  /** Trim text before comparing. @default false */
  trimText?: boolean;
  /** A `YYYY-MM` text is the first day of that month. @default false */
  monthText?: boolean;
}

/** Options for {@link executionMatch}. */
export interface ExecutionMatchOptions {
  /** The product's rows (`ask --json` `rows`). */
  product: readonly (readonly unknown[])[];
  /** The gold query's rows on the SQLite file. */
  gold: readonly (readonly unknown[])[];
  /** True when the gold query has a top-level ORDER BY: row order must agree. */
  ordered: boolean;
  /** @default 'strict' */
  columnOrder?: ColumnOrder;
  /** @default Spider's rules: 4 decimals, text exact, no month texts */
  rules?: CanonicalRules;
}

const NUMERIC_STRING = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');

const MONTH_TEXT = /^(\d{4})-(\d{1,2})$/;

function canonicalNumber(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return `n:${n}`;
  const denoised = Number(n.toPrecision(12));
  const rounded = Math.round(denoised * 10 ** decimals) / 10 ** decimals;
  return `n:${Object.is(rounded, -0) ? 0 : rounded}`;
}

function canonicalDate(parts: {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: number;
}): string {
  const date = `${pad(parts.y, 4)}-${pad(parts.mo)}-${pad(parts.d)}`;
  if (parts.h === 0 && parts.mi === 0 && parts.s === 0 && parts.frac === 0) return `d:${date}`;
  const frac = parts.frac === 0 ? '' : String(Math.round(parts.frac * 1e6) / 1e6).slice(1);
  return `d:${date} ${pad(parts.h)}:${pad(parts.mi)}:${pad(parts.s)}${frac}`;
}

/**
 * The canonical comparison key of one value (see the module comment). A date-time string keeps its
 * written clock time whatever its zone suffix says; a `Date` object uses local time, as `pg` builds
 * `timestamp without time zone` values in local time.
 */
export function canonicalValue(value: unknown, rules: CanonicalRules = {}): string {
  const decimals = rules.decimals ?? DECIMALS;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return canonicalNumber(value, decimals);
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? canonicalNumber(asNumber, decimals) : `n:${value.toString()}`;
  }
  if (typeof value === 'boolean') return canonicalNumber(value ? 1 : 0, decimals);
  if (value instanceof Date) {
    return canonicalDate({
      y: value.getFullYear(),
      mo: value.getMonth() + 1,
      d: value.getDate(),
      h: value.getHours(),
      mi: value.getMinutes(),
      s: value.getSeconds(),
      frac: value.getMilliseconds() / 1000,
    });
  }
  if (Buffer.isBuffer(value)) return `b:${value.toString('hex')}`;
  if (typeof value === 'string') {
    if (NUMERIC_STRING.test(value)) return canonicalNumber(Number(value), decimals);
    const month = rules.monthText ? MONTH_TEXT.exec(value.trim()) : null;
    if (month)
      return canonicalDate({ y: Number(month[1]), mo: Number(month[2]), d: 1, h: 0, mi: 0, s: 0, frac: 0 });
    const m = DATE_TIME.exec(value.trim());
    if (m) {
      return canonicalDate({
        y: Number(m[1]),
        mo: Number(m[2]),
        d: Number(m[3]),
        h: Number(m[4] ?? 0),
        mi: Number(m[5] ?? 0),
        s: Number(m[6] ?? 0),
        frac: Number(m[7] ?? 0),
      });
    }
    return `s:${rules.trimText ? value.trim() : value}`;
  }
  return `j:${JSON.stringify(value)}`;
}

function rowKey(row: readonly string[]): string {
  return JSON.stringify(row);
}

function sameRows(product: string[][], gold: string[][], ordered: boolean): boolean {
  if (ordered) return product.every((row, i) => rowKey(row) === rowKey(gold[i]));
  const counts = new Map<string, number>();
  for (const row of gold) counts.set(rowKey(row), (counts.get(rowKey(row)) ?? 0) + 1);
  for (const row of product) {
    const key = rowKey(row);
    const left = counts.get(key) ?? 0;
    if (left === 0) return false;
    counts.set(key, left - 1);
  }
  return true;
}

/** At most this many column pairings are tried. */
const MAX_PAIRINGS = 5040;

/** One way a product column can stand for a gold column: which product column, and its canonical values. */
export interface ColumnView {
  /** Product column index; a pairing uses each product column at most once. */
  column: number;
  /** The column's canonical values, one per product row (possibly transformed, e.g. month numbers). */
  values: string[];
}

const signature = (values: readonly string[]) => [...values].sort().join('\u0001');

/**
 * True when the gold columns can be paired, each with a different product column view among its
 * candidates, so that the product rows reduced to the paired columns equal the gold rows (as a multiset,
 * or as a sequence when `ordered`). Views whose values differ from the gold column's as a multiset are
 * skipped before any row comparison; at most {@link MAX_PAIRINGS} pairings are tried.
 */
export function pairColumns(options: {
  /** Canonical gold rows. */
  gold: readonly string[][];
  /** Per gold column, the product column views that may stand for it. */
  candidates: readonly (readonly ColumnView[])[];
  ordered: boolean;
}): boolean {
  const { gold, ordered } = options;
  const width = options.candidates.length;
  const goldSigs = Array.from({ length: width }, (_, c) => signature(gold.map((r) => r[c])));
  const viable = options.candidates.map((views, c) =>
    views.filter((v) => signature(v.values) === goldSigs[c]),
  );
  if (viable.some((v) => v.length === 0)) return false;
  const rows = gold.length;
  const chosen: ColumnView[] = [];
  const used = new Set<number>();
  let tried = 0;
  const extend = (position: number): boolean => {
    if (tried >= MAX_PAIRINGS) return false;
    if (position === width) {
      tried += 1;
      const product = Array.from({ length: rows }, (_, r) => chosen.map((v) => v.values[r]));
      return sameRows(product, gold as string[][], ordered);
    }
    for (const view of viable[position]) {
      if (used.has(view.column)) continue;
      used.add(view.column);
      chosen.push(view);
      const found = extend(position + 1);
      chosen.pop();
      used.delete(view.column);
      if (found) return true;
    }
    return false;
  };
  return extend(0);
}

/** The canonical values of each column of canonical rows. */
export function columnValues(rows: readonly string[][], width: number): string[][] {
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
}

/** True when the product's rows equal the gold rows under the EX rules of the module comment. */
export function executionMatch(options: ExecutionMatchOptions): boolean {
  const { ordered } = options;
  const columnOrder = options.columnOrder ?? 'strict';
  if (options.product.length !== options.gold.length) return false;
  if (options.gold.length === 0) return true;
  const width = options.gold[0].length;
  const productWidth = options.product[0].length;
  if (options.gold.some((r) => r.length !== width) || options.product.some((r) => r.length !== productWidth))
    return false;
  if (columnOrder === 'subset' ? productWidth < width : productWidth !== width) return false;
  const gold = options.gold.map((r) => r.map((v) => canonicalValue(v, options.rules)));
  const product = options.product.map((r) => r.map((v) => canonicalValue(v, options.rules)));
  if (productWidth === width && sameRows(product, gold, ordered)) return true;
  if (columnOrder === 'strict') return false;
  const views = columnValues(product, productWidth).map((values, column) => ({ column, values }));
  return pairColumns({ gold, candidates: gold[0].map(() => views), ordered });
}
