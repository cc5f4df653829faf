import { type Activity, ActionTypes, CardFactory, type CardAction } from 'botbuilder';
import { feedbackCommand, showSqlCommand } from '../actions';
import { buildTableView, CellFormatter, monospaceTable } from './format';
import type { AnswerView, ClarificationView, ResultRenderer } from './types';

/** Options for {@link SlackRenderer}. */
export interface SlackRendererOptions {
  /** Most columns shown in the result table; Slack messages are narrow. @default 6 */
  maxColumns?: number;
}

/** Slack's mrkdwn has no escapes for these inside a code block fence: keep the fence intact. */
const fence = (text: string) => `\`\`\`\n${text.replace(/```/g, "'''")}\n\`\`\``;

/**
 * Renders for Slack (through the Azure Bot Service Slack channel): mrkdwn text with the result as a
 * monospace table in a ``` block, and a hero card whose buttons (which Slack shows as message buttons)
 * send text commands back: "Show SQL", 👍 / 👎, and one button per clarification option.
 */
export class SlackRenderer implements ResultRenderer {
  public readonly name = 'slack';
  private readonly maxColumns: number;

  constructor(options: SlackRendererOptions = {}) {
    this.maxColumns = options.maxColumns ?? 6;
  }

  answer(view: AnswerView): Partial<Activity> {
    const r = view.result;
    const parts = [r.message];
    if (r.decision === 'answer' && r.columns && r.rows) {
      const table = buildTableView(
        { columns: r.columns, rows: r.rows, rowCount: r.rowCount, truncated: r.truncated },
        { maxRows: view.maxRows, maxColumns: this.maxColumns, formatter: new CellFormatter(view.locale) },
      );
      if (table.rows.length === 1 && table.columns.length === 1 && table.hiddenColumns === 0) {
        parts.push(`${table.columns[0]}: \`${table.rows[0][0]}\``);
      } else if (table.rows.length > 0) {
        parts.push(fence(monospaceTable(table)));
        if (table.note) parts.push(`_${table.note}_`);
      } else parts.push(`_${table.note}_`);
    }
    if (r.tables.length > 0) parts.push(`_From ${r.tables.map((t) => `\`${t}\``).join(', ')}_`);
    const buttons: CardAction[] = [];
    if (r.sql) {
      buttons.push({ type: ActionTypes.ImBack, title: 'Show SQL', value: showSqlCommand(view.answerId) });
    }
    buttons.push(
      { type: ActionTypes.PostBack, title: '👍 Helpful', value: feedbackCommand('up', view.answerId) },
      { type: ActionTypes.PostBack, title: '👎 Not helpful', value: feedbackCommand('down', view.answerId) },
    );
    return {
      type: 'message',
      text: parts.join('\n'),
      textFormat: 'markdown',
      attachments: [CardFactory.heroCard('', undefined, buttons)],
    };
  }

  clarification(view: ClarificationView): Partial<Activity> {
    const intro = view.retry ? "Sorry, I couldn't tell which one you meant. " : '';
    const options = view.clarification.options;
    const text = [
      `${intro}${view.clarification.question}`,
      ...options.map((o, i) => `${i + 1}. ${o.label}`),
      '_Click one, or reply with its number or name._',
    ].join('\n');
    const buttons: CardAction[] = options.map((o) => ({
      type: ActionTypes.ImBack,
      title: o.label,
      value: o.label,
    }));
    return {
      type: 'message',
      text,
      textFormat: 'markdown',
      attachments: [CardFactory.heroCard('', undefined, buttons)],
    };
  }

  sql(sql: string): Partial<Activity> {
    return { type: 'message', text: fence(sql), textFormat: 'markdown' };
  }
}
