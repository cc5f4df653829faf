import type { Activity } from 'botbuilder';
import type { AskResult, Clarification } from '../../pipeline/types';
import type { ChartImage } from './charts/chartImage';
import type { ChartChoice } from './charts/chartChoice';

/**
 * A pipeline result as the renderers read it. `interpretation` is how the bot read the question ("Total
 * sales per month in 2024"), shown above the rows when the pipeline gives one.
 */
export type RenderedResult = AskResult & { interpretation?: string | null };

/** A chart to show with an answer: what to draw, and the server-rendered picture when there is one. */
export interface ChartView {
  choice: ChartChoice;
  /** The PNG, as a data URI (small enough to travel inside the message) and/or a short-lived signed URL. */
  image?: ChartImage;
}

/** An answer (or a decline) to show, with the id its buttons carry. */
export interface AnswerView {
  answerId: string;
  result: RenderedResult;
  /** Rows shown before the rest is cut with a note. */
  maxRows: number;
  /** First row shown (0-based): above 0 for a "More rows" page. @default 0 */
  offset?: number;
  /** The reader's locale (the activity's `locale`). @default en-US */
  locale?: string;
  /** ISO 4217 code for money columns whose name names no currency. */
  currency?: string;
  /** A chart of the result, when its shape has one (never on a "More rows" page). */
  chart?: ChartView;
  /** The bot can read further pages of this answer ("More rows" is offered on results that were cut). */
  pageable?: boolean;
  /** A short-lived signed link to the whole result as CSV, on results that were cut. */
  csvUrl?: string;
}

/** A clarifying question to show. */
export interface ClarificationView {
  /** The question that was ambiguous (carried by the option buttons). */
  question: string;
  clarification: Clarification;
  /** True when the person's reply matched no option and the question is asked again. */
  retry?: boolean;
}

/** Turns pipeline results into the activity a channel shows best. One per channel family. */
export interface ResultRenderer {
  /** Short name for logs and tests, e.g. `adaptive-card`. */
  readonly name: string;
  /** An answer with its rows, or a decline / failure message; with 👍 / 👎 buttons. */
  answer(view: AnswerView): Partial<Activity>;
  /** A clarifying question whose options are buttons where the channel has them. */
  clarification(view: ClarificationView): Partial<Activity>;
  /** The SQL behind an answer, on request. */
  sql(sql: string): Partial<Activity>;
}
