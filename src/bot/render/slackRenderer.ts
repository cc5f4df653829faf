import { type Activity, ActionTypes, CardFactory, type CardAction } from 'botbuilder';
import { feedbackCommand, moreRowsCommand, showSqlCommand } from '../actions';
import { layoutAnswer } from './answerLayout';
import { layoutSql } from './sqlLayout';
import { monospaceTable } from './tableView';
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
    const layout = layoutAnswer(view, this.maxColumns);
    const parts = [layout.headline];
    if (layout.interpretation) parts.push(`*${layout.interpretation}*`);
    if (layout.single) parts.push(`${layout.single.header}: \`${layout.single.value}\``);
    else if (layout.table && layout.table.rows.length > 0) {
      parts.push(fence(monospaceTable(layout.table)));
      if (layout.table.note) parts.push(`_${layout.table.note}_`);
    } else if (layout.table) parts.push(`_${layout.table.note}_`);
    if (r.tables.length > 0 && (view.offset ?? 0) === 0) {
      parts.push(`_From ${r.tables.map((t) => `\`${t}\``).join(', ')}_`);
    }
    if (view.csvUrl) parts.push(`<${view.csvUrl}|Download all rows as CSV> _(link valid for a short time)_`);
    const buttons: CardAction[] = [];
    if (layout.nextOffset !== undefined) {
      buttons.push({
        type: ActionTypes.ImBack,
        title: 'More rows',
        value: moreRowsCommand(view.answerId, layout.nextOffset),
      });
    }
    if (r.sql) {
      buttons.push({ type: ActionTypes.ImBack, title: 'Show SQL', value: showSqlCommand(view.answerId) });
    }
    if ((view.offset ?? 0) === 0) {
      buttons.push(
        { type: ActionTypes.PostBack, title: '👍 Helpful', value: feedbackCommand('up', view.answerId) },
        {
          type: ActionTypes.PostBack,
          title: '👎 Not helpful',
          value: feedbackCommand('down', view.answerId),
        },
      );
    }
    const image = view.chart?.image?.url && (view.offset ?? 0) === 0 ? view.chart.image : undefined;
    const attachments = [
      ...(image?.url ? [{ contentType: 'image/png', contentUrl: image.url, name: image.alt }] : []),
      CardFactory.heroCard('', undefined, buttons),
    ];
    return { type: 'message', text: parts.join('\n'), textFormat: 'markdown', attachments };
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
    return { type: 'message', text: fence(layoutSql(sql)), textFormat: 'markdown' };
  }
}
