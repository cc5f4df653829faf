import {
  cellDate,
  type ColumnFormat,
  describeColumn,
  type DescribeColumnOptions,
  isRightAligned,
} from './format';
import { humanizeHeader } from './headers';

/** One result column as people see it. */
export interface ShapedColumn {
  /** The name the query gave it. */
  name: string;
  /** What the header says: the business name, or the name humanised. */
  header: string;
  format: ColumnFormat;
}

/** A result ready to show: columns described, rows in reading order. */
export interface ShapedResult {
  columns: ShapedColumn[];
  rows: unknown[][];
  /** Rows the query returned (the rows held may be fewer). */
  rowCount: number;
  /** The query or the pipeline stopped at a row cap: more rows exist than are held. */
  truncated: boolean;
  /**
   * Columns that together say when a row happened (a date; or a year with a month or quarter number), or
   * null when the result is not a time series.
   */
  timeAxis: number[] | null;
}

/** The parts of a pipeline result that shaping reads. */
export interface RawResult {
  columns: string[];
  rows: unknown[][];
  rowCount: number | null;
  truncated: boolean;
  /** The SQL that produced the rows: an ORDER BY in it keeps the rows' order. */
  sql?: string | null;
}

const DATE_KINDS = new Set(['month', 'quarterStart', 'date', 'datetime']);

/** The time axis of a result: its first date column, else its year (with a month or quarter number). */
export function findTimeAxis(formats: readonly ColumnFormat[]): number[] | null {
  const date = formats.findIndex((f) => DATE_KINDS.has(f.kind));
  if (date >= 0) return [date];
  const year = formats.findIndex((f) => f.kind === 'year');
  const within = formats.findIndex((f) => f.kind === 'monthNumber' || f.kind === 'quarter');
  if (year >= 0) return within >= 0 ? [year, within] : [year];
  return null;
}

/** The instant (UTC) a row stands for on a time axis, or null when a part is missing. */
export function timeOf(
  row: readonly unknown[],
  axis: readonly number[],
  formats: readonly ColumnFormat[],
): Date | null {
  const first = formats[axis[0]];
  if (DATE_KINDS.has(first.kind)) return cellDate(row[axis[0]]);
  const year = Number(row[axis[0]]);
  if (row[axis[0]] === null || row[axis[0]] === undefined || !Number.isFinite(year)) return null;
  if (axis.length === 1) return new Date(Date.UTC(year, 0, 1));
  const part = row[axis[1]];
  if (part === null || part === undefined) return null;
  const month = formats[axis[1]].kind === 'quarter' ? (Number(part) - 1) * 3 : Number(part) - 1;
  return new Date(Date.UTC(year, month, 1));
}

/** True when the SQL orders its rows itself (then the rows keep that order). */
function ordersRows(sql: string | null | undefined): boolean {
  return typeof sql === 'string' && /\border\s+by\b/i.test(sql);
}

/**
 * Describes every column (kind, decimals, header), puts label columns (times, categories, names) before
 * quantities, and puts a time series in time order when the query did not order it and every row is held
 * (sorting part of a result would mislead).
 */
export function shapeResult(result: RawResult, options: DescribeColumnOptions = {}): ShapedResult {
  const described = result.columns.map((name, i) => ({
    name,
    header: humanizeHeader(name),
    format: describeColumn(
      name,
      result.rows.map((r) => r[i]),
      options,
    ),
  }));
  // Labels first, quantities last ("Year | Month | Orders", never "Orders | Year"), each group in query order.
  const order = described.map((_, i) => i);
  order.sort(
    (a, b) => Number(isQuantity(described[a].format)) - Number(isQuantity(described[b].format)) || a - b,
  );
  const columns = order.map((i) => described[i]);
  const formats = columns.map((c) => c.format);
  const timeAxis = findTimeAxis(formats);
  let rows = result.rows.map((row) => order.map((i) => row[i]));
  if (timeAxis && !result.truncated && !ordersRows(result.sql)) {
    const keyed = rows.map((row, index) => ({ row, index, t: timeOf(row, timeAxis, formats)?.getTime() }));
    keyed.sort((a, b) => {
      if (a.t === undefined || b.t === undefined) {
        return a.t === b.t ? a.index - b.index : a.t === undefined ? 1 : -1;
      }
      return a.t - b.t || a.index - b.index;
    });
    rows = keyed.map((k) => k.row);
  }
  return {
    columns,
    rows,
    rowCount: Math.max(result.rowCount ?? result.rows.length, result.rows.length),
    truncated: result.truncated,
    timeAxis,
  };
}

/** A column of quantities (shown after the labels). */
function isQuantity(format: ColumnFormat): boolean {
  return isRightAligned(format.kind);
}
