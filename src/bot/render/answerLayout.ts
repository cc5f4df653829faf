import { CellFormatter } from './format';
import { shapeResult, type ShapedResult } from './resultShape';
import { buildTableView, type TableView } from './tableView';
import type { AnswerView } from './types';

/** What every channel shows of an answer, before channel-specific markup. */
export interface AnswerLayout {
  /** The bot's sentence ("Here is what I found in …"), or where a "More rows" page comes from. */
  headline: string;
  /** How the question was read, shown above the rows, when the pipeline gave one. */
  interpretation?: string;
  /** One value: shown big with its header instead of a table. */
  single?: { header: string; value: string };
  /** A page of rows, when there are rows (or a note saying there are none). */
  table?: TableView;
  /** The first row of the next page when the result has more rows than shown. */
  nextOffset?: number;
  /** The result described and in reading order (null for declines and failures). */
  shaped: ShapedResult | null;
  formatter: CellFormatter;
}

/** Shapes, formats and cuts an answer the same way for every channel. */
export function layoutAnswer(view: AnswerView, maxColumns: number): AnswerLayout {
  const r = view.result;
  const formatter = new CellFormatter(view.locale);
  const offset = view.offset ?? 0;
  const interpretation = r.interpretation?.trim() || undefined;
  const headline = offset > 0 ? `More rows from ${r.tables.join(', ') || 'the last answer'}.` : r.message;
  if (r.decision !== 'answer' || !r.columns || !r.rows) return { headline, shaped: null, formatter };
  const shaped = shapeResult(
    { columns: r.columns, rows: r.rows, rowCount: r.rowCount, truncated: r.truncated, sql: r.sql },
    view.currency ? { currency: view.currency } : {},
  );
  const table = buildTableView(shaped, { maxRows: view.maxRows, offset, maxColumns, formatter });
  const layout: AnswerLayout = {
    headline,
    ...(interpretation ? { interpretation } : {}),
    shaped,
    formatter,
    ...(table.more && r.sql && view.pageable ? { nextOffset: offset + table.rows.length } : {}),
  };
  if (offset === 0 && table.rows.length === 1 && table.columns.length === 1 && table.hiddenColumns === 0) {
    return { ...layout, single: { header: table.columns[0], value: table.rows[0][0] } };
  }
  return { ...layout, table };
}
