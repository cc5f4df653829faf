import type { FeedbackValue } from '../store';

/**
 * What buttons send back. Cards (Teams, Web Chat) send these objects as the activity's `value`; channels
 * whose buttons can only send text (Slack, plain text) send the matching text commands, which
 * {@link parseFeedbackText} reads back.
 */

/** Data of a 👍 / 👎 button. */
export interface FeedbackActionData {
  type: 'feedback';
  value: FeedbackValue;
  answerId: string;
}

/** Data of a clarification option button: self-contained, so a click on an old card still works. */
export interface ClarifyActionData {
  type: 'clarify';
  /** The question that was ambiguous. */
  question: string;
  optionIndex: number;
  label: string;
  tables: string[];
  column?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads a feedback button's data, or null. */
export function asFeedbackData(value: unknown): FeedbackActionData | null {
  if (!isRecord(value) || value.type !== 'feedback') return null;
  if ((value.value !== 'up' && value.value !== 'down') || typeof value.answerId !== 'string') return null;
  return { type: 'feedback', value: value.value, answerId: value.answerId };
}

/** Reads a clarification button's data, or null. */
export function asClarifyData(value: unknown): ClarifyActionData | null {
  if (!isRecord(value) || value.type !== 'clarify') return null;
  const { question, optionIndex, label, tables, column } = value;
  if (typeof question !== 'string' || typeof optionIndex !== 'number' || typeof label !== 'string')
    return null;
  if (!Array.isArray(tables) || !tables.every((t): t is string => typeof t === 'string')) return null;
  return {
    type: 'clarify',
    question,
    optionIndex,
    label,
    tables,
    ...(typeof column === 'string' ? { column } : {}),
  };
}

/** The text a text-only feedback button sends, e.g. `feedback up 3f2a…`. */
export function feedbackCommand(value: FeedbackValue, answerId: string): string {
  return `feedback ${value} ${answerId}`;
}

/** Typed or button-sent feedback: a command carrying an answer id, or a bare thumb about the last answer. */
const FEEDBACK_TEXT: { pattern: RegExp; value: FeedbackValue }[] = [
  { pattern: /^feedback\s+up\s+([\w-]+)$/i, value: 'up' },
  { pattern: /^feedback\s+down\s+([\w-]+)$/i, value: 'down' },
  { pattern: /^(?:👍|:\+1:|:thumbsup:|\(y\)|thumbs? up|good answer|that'?s right)[\s!.]*$/iu, value: 'up' },
  {
    pattern: /^(?:👎|:-1:|:thumbsdown:|\(n\)|thumbs? down|bad answer|that'?s wrong)[\s!.]*$/iu,
    value: 'down',
  },
];

/** Feedback expressed as text; `answerId` is undefined for a bare thumb (it means the last answer). */
export function parseFeedbackText(text: string): { value: FeedbackValue; answerId?: string } | null {
  const trimmed = text.trim();
  for (const rule of FEEDBACK_TEXT) {
    const m = rule.pattern.exec(trimmed);
    if (m) return m[1] !== undefined ? { value: rule.value, answerId: m[1] } : { value: rule.value };
  }
  return null;
}

/** The text a text-only "Show SQL" button sends, e.g. `show sql 3f2a…`. */
export function showSqlCommand(answerId: string): string {
  return `show sql ${answerId}`;
}

/** Data of a card's "Show SQL" button (an Action.Submit the bot answers, so Web Chat logs no unknown action). */
export interface ShowSqlActionData {
  type: 'showSql';
  answerId: string;
}

/** Data of a "More rows" button: which answer, and the first row of the next page. */
export interface MoreRowsActionData {
  type: 'moreRows';
  answerId: string;
  offset: number;
}

/** Reads a "Show SQL" button's data, or null. */
export function asShowSqlData(value: unknown): ShowSqlActionData | null {
  if (!isRecord(value) || value.type !== 'showSql' || typeof value.answerId !== 'string') return null;
  return { type: 'showSql', answerId: value.answerId };
}

/** Reads a "More rows" button's data, or null. */
export function asMoreRowsData(value: unknown): MoreRowsActionData | null {
  if (!isRecord(value) || value.type !== 'moreRows' || typeof value.answerId !== 'string') return null;
  const offset = value.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return null;
  return { type: 'moreRows', answerId: value.answerId, offset };
}

/** The text a text-only "More rows" button sends, e.g. `more rows 3f2a… 10`. */
export function moreRowsCommand(answerId: string, offset: number): string {
  return `more rows ${answerId} ${offset}`;
}
