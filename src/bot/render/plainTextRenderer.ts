import type { Activity } from 'botbuilder';
import { buildTableView, CellFormatter } from './format';
import type { AnswerView, ClarificationView, ResultRenderer } from './types';

/** Options for {@link PlainTextRenderer}. */
export interface PlainTextRendererOptions {
  /** Most columns shown in the result table. @default 8 */
  maxColumns?: number;
}

/**
 * Renders for any channel without cards or markdown (SMS, Telegram, email, Alexa...): the result as
 * `a | b | c` lines, numbered clarification options to reply to, and how to ask for the SQL or rate.
 */
export class PlainTextRenderer implements ResultRenderer {
  public readonly name = 'plain-text';
  private readonly maxColumns: number;

  constructor(options: PlainTextRendererOptions = {}) {
    this.maxColumns = options.maxColumns ?? 8;
  }

  answer(view: AnswerView): Partial<Activity> {
    const r = view.result;
    const lines = [r.message];
    if (r.decision === 'answer' && r.columns && r.rows) {
      const table = buildTableView(
        { columns: r.columns, rows: r.rows, rowCount: r.rowCount, truncated: r.truncated },
        { maxRows: view.maxRows, maxColumns: this.maxColumns, formatter: new CellFormatter(view.locale) },
      );
      if (table.rows.length === 1 && table.columns.length === 1 && table.hiddenColumns === 0) {
        lines.push('', `${table.columns[0]}: ${table.rows[0][0]}`);
      } else if (table.rows.length > 0) {
        lines.push('', table.columns.join(' | '), ...table.rows.map((row) => row.join(' | ')));
        if (table.note) lines.push(table.note);
      } else lines.push(table.note);
    }
    if (r.tables.length > 0) lines.push(`From ${r.tables.join(', ')}.`);
    lines.push(
      r.sql
        ? 'Say "show the SQL" to see the query, or reply 👍 or 👎 to rate this answer.'
        : 'Reply 👍 or 👎 to rate this answer.',
    );
    return { type: 'message', text: lines.join('\n'), textFormat: 'plain' };
  }

  clarification(view: ClarificationView): Partial<Activity> {
    const intro = view.retry ? "Sorry, I couldn't tell which one you meant. " : '';
    const lines = [
      `${intro}${view.clarification.question}`,
      ...view.clarification.options.map((o, i) => `${i + 1}. ${o.label}`),
      'Reply with a number or a name.',
    ];
    return { type: 'message', text: lines.join('\n'), textFormat: 'plain' };
  }

  sql(sql: string): Partial<Activity> {
    return { type: 'message', text: `SQL:\n${sql}`, textFormat: 'plain' };
  }
}
