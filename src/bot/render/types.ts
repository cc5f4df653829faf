import type { Activity } from 'botbuilder';
import type { AskResult, Clarification } from '../../pipeline/types';

/** An answer (or a decline) to show, with the id its feedback buttons carry. */
export interface AnswerView {
  answerId: string;
  result: AskResult;
  /** Rows shown before the rest is cut with a note. */
  maxRows: number;
  /** The reader's locale (the activity's `locale`). @default en-US */
  locale?: string;
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
