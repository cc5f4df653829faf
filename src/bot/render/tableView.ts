import { type CellFormatter, isRightAligned } from './format';
import type { ShapedResult } from './resultShape';

/** A page of a result cut to what a chat message can show, every cell already formatted. */
export interface TableView {
  /** Headers of the shown columns. */
  columns: string[];
  rows: string[][];
  /** Per shown column: right-align (quantities), the header too. */
  numeric: boolean[];
  /** Rows the query returned in total (before any cap). */
  totalRows: number;
  /** Index of the first shown row in the whole result. */
  offset: number;
  /** More rows exist after this page (held, or beyond the pipeline's cap). */
  more: boolean;
  /** Columns left out because the message would be too wide. */
  hiddenColumns: number;
  /** What a reader needs to know about the cut, e.g. `Showing 10 of 1,234 rows.`; empty when nothing was cut. */
  note: string;
}

/** Options for {@link buildTableView}. */
export interface TableViewOptions {
  maxRows: number;
  /** First row to show (0-based), for "More rows". @default 0 */
  offset?: number;
  /** @default 8 */
  maxColumns?: number;
  formatter: CellFormatter;
}

/** Cuts a shaped result to one page of rows and the first columns, and formats every cell. */
export function buildTableView(result: ShapedResult, options: TableViewOptions): TableView {
  const maxColumns = options.maxColumns ?? 8;
  const offset = Math.max(0, options.offset ?? 0);
  const shown = result.columns.slice(0, maxColumns);
  const page = result.rows.slice(offset, offset + Math.max(0, options.maxRows));
  const f = options.formatter;
  const rows = page.map((r) => shown.map((c, i) => f.format(r[i], c.format)));
  const totalRows = result.rowCount;
  const hiddenColumns = result.columns.length - shown.length;
  const totalText = `${f.count(totalRows)}${result.truncated ? '+' : ''}`;
  const end = offset + rows.length;
  const more = end < totalRows || (result.truncated && end >= result.rows.length && rows.length > 0);
  const notes: string[] = [];
  if (totalRows === 0) notes.push('No rows matched.');
  else if (offset > 0 && rows.length > 0) {
    notes.push(`Rows ${f.count(offset + 1)}–${f.count(end)} of ${totalText}.`);
  } else if (offset > 0) notes.push(`No more rows: all ${totalText} were shown.`);
  else if (rows.length < totalRows || result.truncated) {
    notes.push(`Showing ${f.count(rows.length)} of ${totalText} rows.`);
  }
  if (hiddenColumns > 0) {
    notes.push(`${f.count(hiddenColumns)} more ${hiddenColumns === 1 ? 'column' : 'columns'} not shown.`);
  }
  return {
    columns: shown.map((c) => c.header),
    rows,
    numeric: shown.map((c) => isRightAligned(c.format.kind)),
    totalRows,
    offset,
    more,
    hiddenColumns,
    note: notes.join(' '),
  };
}

/** Lays a table view out as fixed-width text (for monospace blocks), quantities and their headers right-aligned. */
export function monospaceTable(view: TableView, maxCellWidth = 24): string {
  const clip = (s: string) => (s.length > maxCellWidth ? `${s.slice(0, maxCellWidth - 1)}…` : s);
  const header = view.columns.map(clip);
  const body = view.rows.map((r) => r.map(clip));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (view.numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' │ ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...body.map(line)].join('\n');
}
