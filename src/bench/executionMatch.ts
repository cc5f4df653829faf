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

/** How columns are matched: by position (Spider EX, the default) or in any order (column permutation). */
export type ColumnOrder = 'strict' | 'any';

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
}

const NUMERIC_STRING = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');

function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) return `n:${n}`;
  const denoised = Number(n.toPrecision(12));
  const rounded = Math.round(denoised * 10 ** DECIMALS) / 10 ** DECIMALS;
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
export function canonicalValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return canonicalNumber(value);
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? canonicalNumber(asNumber) : `n:${value.toString()}`;
  }
  if (typeof value === 'boolean') return canonicalNumber(value ? 1 : 0);
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
    if (NUMERIC_STRING.test(value)) return canonicalNumber(Number(value));
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
    return `s:${value}`;
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

/** At most this many column permutations are tried for `columnOrder: 'any'`. */
const MAX_PERMUTATIONS = 5040;

/**
 * Column permutations of the product worth trying: product column `p[i]` may stand at gold position `i`
 * only when both columns hold the same multiset of values.
 */
function* permutations(product: string[][], gold: string[][], width: number): Generator<number[]> {
  const signature = (rows: string[][], c: number) =>
    rows
      .map((r) => r[c])
      .sort()
      .join('\u0001');
  const productSigs = Array.from({ length: width }, (_, c) => signature(product, c));
  const goldSigs = Array.from({ length: width }, (_, c) => signature(gold, c));
  const chosen: number[] = [];
  const used = new Set<number>();
  let yielded = 0;
  function* extend(position: number): Generator<number[]> {
    if (yielded >= MAX_PERMUTATIONS) return;
    if (position === width) {
      yielded += 1;
      yield [...chosen];
      return;
    }
    for (let c = 0; c < width; c += 1) {
      if (used.has(c) || productSigs[c] !== goldSigs[position]) continue;
      used.add(c);
      chosen.push(c);
      yield* extend(position + 1);
      chosen.pop();
      used.delete(c);
    }
  }
  yield* extend(0);
}

/** True when the product's rows equal the gold rows under the EX rules of the module comment. */
export function executionMatch(options: ExecutionMatchOptions): boolean {
  const { ordered } = options;
  if (options.product.length !== options.gold.length) return false;
  if (options.gold.length === 0) return true;
  const width = options.gold[0].length;
  if (options.gold.some((r) => r.length !== width) || options.product.some((r) => r.length !== width))
    return false;
  const gold = options.gold.map((r) => r.map(canonicalValue));
  const product = options.product.map((r) => r.map(canonicalValue));
  if (sameRows(product, gold, ordered)) return true;
  if ((options.columnOrder ?? 'strict') === 'strict') return false;
  for (const permutation of permutations(product, gold, width)) {
    const permuted = product.map((row) => permutation.map((c) => row[c]));
    if (sameRows(permuted, gold, ordered)) return true;
  }
  return false;
}
