import { type Activity, CardFactory } from 'botbuilder';
import type {
  ClarifyActionData,
  FeedbackActionData,
  MoreRowsActionData,
  ShowSqlActionData,
} from '../actions';
import { layoutAnswer } from './answerLayout';
import { chartImageElement, teamsChartElement } from './charts/teamsChart';
import { PlainTextRenderer } from './plainTextRenderer';
import { layoutSql } from './sqlLayout';
import type { TableView } from './tableView';
import type { AnswerView, ClarificationView, ResultRenderer } from './types';

/** One Adaptive Card element or action, as JSON. */
type CardElement = { type: string } & Record<string, unknown>;

/** Options for {@link AdaptiveCardRenderer}. */
export interface AdaptiveCardRendererOptions {
  /** Most columns shown in the result table. @default 8 */
  maxColumns?: number;
  /**
   * How charts are shown: `teams` uses Teams' own chart elements (Chart.Line, Chart.VerticalBar) with the
   * server-drawn picture as their fallback; `image` shows the picture. @default image
   */
  charts?: 'teams' | 'image';
}

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** 1.5 brings the Table element; Teams, Web Chat 4.18 and the Emulator's renderer understand it. */
const VERSION = '1.5';

function textBlock(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/**
 * Data and SQL go in RichTextBlock text runs, which hosts never treat as markdown: `count(*)` or
 * `a_b_c` stay as written.
 */
function literal(
  text: string,
  run: Record<string, unknown> = {},
  block: Record<string, unknown> = {},
): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...run }], ...block };
}

/**
 * Renders for Microsoft Teams, Bot Framework Web Chat, Direct Line and the Emulator: an Adaptive Card with
 * the result as a Table (falling back to ColumnSets on older hosts), the row-count note, the SQL behind a
 * "Show SQL" toggle, clarification options as Action.Submit buttons, and 👍 / 👎 buttons.
 */
export class AdaptiveCardRenderer implements ResultRenderer {
  public readonly name = 'adaptive-card';
  private readonly maxColumns: number;
  private readonly charts: 'teams' | 'image';
  private readonly plain: PlainTextRenderer;

  constructor(options: AdaptiveCardRendererOptions = {}) {
    this.maxColumns = options.maxColumns ?? 8;
    this.charts = options.charts ?? 'image';
    this.plain = new PlainTextRenderer({ maxColumns: this.maxColumns });
  }

  answer(view: AnswerView): Partial<Activity> {
    const r = view.result;
    const layout = layoutAnswer(view, this.maxColumns);
    const body: CardElement[] = [textBlock(layout.headline)];
    if (layout.interpretation)
      body.push(textBlock(layout.interpretation, { weight: 'Bolder', spacing: 'Small' }));
    if (view.chart && (view.offset ?? 0) === 0) {
      const chart =
        this.charts === 'teams'
          ? teamsChartElement(view.chart.choice, view.chart.image)
          : chartImageElement(view.chart.image);
      if (chart) body.push(chart);
    }
    if (layout.single) body.push(this.singleValue(layout.single));
    else if (layout.table && layout.table.rows.length > 0) {
      body.push(this.table(layout.table));
      if (layout.table.note) {
        body.push(textBlock(layout.table.note, { isSubtle: true, size: 'Small', spacing: 'Small' }));
      }
    } else if (layout.table) body.push(textBlock(layout.table.note, { isSubtle: true }));
    if (r.tables.length > 0 && (view.offset ?? 0) === 0) {
      body.push(
        textBlock(`From ${r.tables.join(', ')}`, { isSubtle: true, size: 'Small', spacing: 'Small' }),
      );
    }
    const actions: CardElement[] = [];
    if (layout.nextOffset !== undefined) {
      const data: MoreRowsActionData = {
        type: 'moreRows',
        answerId: view.answerId,
        offset: layout.nextOffset,
      };
      actions.push({ type: 'Action.Submit', title: 'More rows', data });
    }
    if (view.csvUrl) actions.push({ type: 'Action.OpenUrl', title: 'Download CSV', url: view.csvUrl });
    if (r.sql) {
      // An Action.Submit the bot answers: Web Chat logs "received unknown action" for Action.ToggleVisibility.
      const data: ShowSqlActionData = { type: 'showSql', answerId: view.answerId };
      actions.push({ type: 'Action.Submit', title: 'Show SQL', data });
    }
    if ((view.offset ?? 0) === 0) {
      actions.push(this.feedbackButton('👍 Helpful', 'Good answer', 'up', view.answerId));
      actions.push(this.feedbackButton('👎 Not helpful', 'Wrong or unhelpful answer', 'down', view.answerId));
    }
    return this.cardActivity(body, actions, this.plain.answer(view).text ?? r.message);
  }

  clarification(view: ClarificationView): Partial<Activity> {
    const intro = view.retry ? "Sorry, I couldn't tell which one you meant. " : '';
    const body: CardElement[] = [
      textBlock(`${intro}${view.clarification.question}`),
      textBlock('Pick one, or type it (for example "the first one").', { isSubtle: true, size: 'Small' }),
    ];
    const actions = view.clarification.options.map((option, optionIndex): CardElement => {
      const data: ClarifyActionData = {
        type: 'clarify',
        // an option that restates the question for its reading sends that question
        question: option.question ?? view.question,
        optionIndex,
        label: option.label,
        tables: option.tables,
        ...(option.column ? { column: option.column } : {}),
      };
      return { type: 'Action.Submit', title: option.label, data };
    });
    // An ActionSet in the body wraps any number of options; top-level actions are capped by hosts.
    body.push({ type: 'ActionSet', actions });
    return this.cardActivity(body, [], this.plain.clarification(view).text ?? view.clarification.question);
  }

  /** The SQL in a card: a monospace RichTextBlock wraps at the bubble edge (a markdown code block does not). */
  sql(sql: string): Partial<Activity> {
    const laidOut = layoutSql(sql);
    return this.cardActivity(
      [
        textBlock('The query behind that answer:', { size: 'Small', isSubtle: true }),
        {
          type: 'Container',
          style: 'emphasis',
          items: [literal(laidOut, { fontType: 'Monospace', size: 'Small' })],
        },
      ],
      [],
      laidOut,
    );
  }

  private feedbackButton(
    title: string,
    tooltip: string,
    value: 'up' | 'down',
    answerId: string,
  ): CardElement {
    const data: FeedbackActionData = { type: 'feedback', value, answerId };
    return { type: 'Action.Submit', title, tooltip, data };
  }

  private singleValue(single: { header: string; value: string }): CardElement {
    return {
      type: 'Container',
      items: [
        literal(single.header, { isSubtle: true, size: 'Small' }),
        literal(single.value, { size: 'ExtraLarge', weight: 'Bolder' }, { spacing: 'None' }),
      ],
    };
  }

  /** The rows as a Table element, with a ColumnSet rendition as the fallback for pre-1.5 hosts. */
  private table(view: TableView): CardElement {
    const align = (i: number) => (view.numeric[i] ? 'Right' : 'Left');
    const cell = (text: string, i: number, header: boolean): CardElement => ({
      type: 'TableCell',
      items: [literal(text, header ? { weight: 'Bolder' } : {}, { horizontalAlignment: align(i) })],
    });
    const columnSet = (cells: string[], header: boolean): CardElement => ({
      type: 'ColumnSet',
      spacing: 'Small',
      separator: !header,
      columns: cells.map((text, i) => ({
        type: 'Column',
        width: 'stretch',
        items: [
          literal(
            text,
            { size: 'Small', ...(header ? { weight: 'Bolder' } : {}) },
            { horizontalAlignment: align(i) },
          ),
        ],
      })),
    });
    return {
      type: 'Table',
      firstRowAsHeader: true,
      showGridLines: true,
      gridStyle: 'default',
      verticalCellContentAlignment: 'Center',
      columns: view.columns.map((_, i) => ({ width: 1, horizontalCellContentAlignment: align(i) })),
      rows: [
        { type: 'TableRow', style: 'accent', cells: view.columns.map((c, i) => cell(c, i, true)) },
        // Banded rows: hosts such as Web Chat draw no grid lines, and bands keep a row's cells together.
        ...view.rows.map((r, n) => ({
          type: 'TableRow',
          ...(n % 2 === 1 ? { style: 'emphasis' } : {}),
          cells: r.map((c, i) => cell(c, i, false)),
        })),
      ],
      fallback: {
        type: 'Container',
        items: [columnSet(view.columns, true), ...view.rows.map((r) => columnSet(r, false))],
      },
    };
  }

  private cardActivity(body: CardElement[], actions: CardElement[], fallbackText: string): Partial<Activity> {
    const card = {
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: VERSION,
      fallbackText,
      msteams: { width: 'Full' },
      body,
      ...(actions.length > 0 ? { actions } : {}),
    };
    return { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
  }
}
