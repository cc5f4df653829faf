import type { Activity } from 'botbuilder';
import { layoutAnswer } from './answerLayout';
import { layoutSql } from './sqlLayout';
import type { AnswerView, ClarificationView, ResultRenderer } from './types';

/** Options for {@link PlainTextRenderer}. */
export interface PlainTextRendererOptions {
  /** Most columns shown in the result table. @default 8 */
  maxColumns?: number;
}

/**
 * Renders for any channel without cards or markdown (SMS, Telegram, email, Alexa...): the result as
 * `a | b | c` lines, numbered clarification options to reply to, and how to ask for more rows, the SQL or rate.
 */
export class PlainTextRenderer implements ResultRenderer {
  public readonly name = 'plain-text';
  private readonly maxColumns: number;

  constructor(options: PlainTextRendererOptions = {}) {
    this.maxColumns = options.maxColumns ?? 8;
  }

  answer(view: AnswerView): Partial<Activity> {
    const r = view.result;
    const layout = layoutAnswer(view, this.maxColumns);
    const lines = [layout.headline];
    if (layout.interpretation) lines.push(layout.interpretation);
    if (layout.single) lines.push('', `${layout.single.header}: ${layout.single.value}`);
    else if (layout.table && layout.table.rows.length > 0) {
      const t = layout.table;
      lines.push('', t.columns.join(' | '), ...t.rows.map((row) => row.join(' | ')));
      if (t.note) lines.push(t.note);
    } else if (layout.table) lines.push(layout.table.note);
    if (r.tables.length > 0 && (view.offset ?? 0) === 0) lines.push(`From ${r.tables.join(', ')}.`);
    if (view.csvUrl) lines.push(`All rows as CSV (link valid for a short time): ${view.csvUrl}`);
    const more = layout.nextOffset !== undefined ? 'Say "more rows" for the next rows. ' : '';
    lines.push(
      r.sql
        ? `${more}Say "show the SQL" to see the query, or reply 👍 or 👎 to rate this answer.`
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
    return { type: 'message', text: `SQL:\n${layoutSql(sql)}`, textFormat: 'plain' };
  }
}
