import type { ErrorCode } from '../errors';
import type { UserIdentity } from '../access/identity';

/** One ranked table candidate. */
export interface TableCandidate {
  /** `schema.table`. */
  table: string;
  sourceId: string;
  /** Calibrated relevance 0..1. */
  score: number;
}

/** A choice offered by a clarifying question. */
export interface ClarificationOption {
  /** What the user sees on the button, e.g. "Ticket sales (box_office.ticket_sales)". */
  label: string;
  /** The tables this reading uses. */
  tables: string[];
  /** A column this reading prefers (`schema.table.column`), for column clarifications. */
  column?: string;
  /**
   * The question restated for this reading ("how many orders in 2023" for the count of "how many sales in
   * 2023"), asked instead of the original when the option is chosen; absent when the tables say it all.
   */
  question?: string;
}

/** A clarifying question. */
export interface Clarification {
  question: string;
  options: ClarificationOption[];
}

/** Where time went, in milliseconds. */
export interface Timings {
  embed: number;
  retrieve: number;
  generate: number;
  execute: number;
  total: number;
}

/** The pipeline's answer to one question; the `ask --json` contract is derived from it. */
export interface AskResult {
  decision: 'answer' | 'clarify' | 'decline';
  candidates: TableCandidate[];
  /** Tables the answer uses; empty unless `answer`. */
  tables: string[];
  sql: string | null;
  columns: string[] | null;
  rows: unknown[][] | null;
  /** Total rows the query returned before the row cap (null when not executed). */
  rowCount: number | null;
  /** True when rows were cut to the cap. */
  truncated: boolean;
  clarification: Clarification | null;
  /** The text a user would see. */
  message: string;
  /** Short why, e.g. "best table sales.orders scored 0.82, next 0.41". */
  reason: string;
  /** Machine-readable error code when something failed (see `ERRORS`), else null. */
  error: ErrorCode | null;
  /**
   * Plain-English reading of what the answer computed ("Total amount of orders, where order date in 2023"),
   * shown above the result; null when nothing was computed.
   */
  interpretation?: string | null;
  /** The structured reading behind the answer, for follow-ups; null when there is none. */
  reading?: AnswerReading | null;
  timings: Timings;
}

/**
 * The structured reading of an answer (the generator's plan as JSON, the tables it read): what a
 * conversation keeps so a follow-up edits the reading instead of re-reading joined words.
 */
export interface AnswerReading {
  sourceId: string;
  /** The tables the answer read (`schema.table`). */
  tables: string[];
  /** The generator that wrote the reading (only it can revise it). */
  generator: string;
  /** The generator's reading as JSON. */
  plan: unknown;
}

/** Context carried from the previous answer in a conversation. */
export interface ConversationContext {
  previousQuestion: string;
  previousTables: string[];
  previousSql?: string | null;
  /** The previous answer's structured reading: a follow-up is applied to it as an edit. */
  reading?: AnswerReading;
  /** The follow-up as typed, when `question` is its rewrite into a full question. @default question */
  followUp?: string;
}

/** One question to the pipeline. */
export interface AskRequest {
  question: string;
  /** Restrict retrieval to these sources; default: the default source. */
  sourceIds?: string[];
  /**
   * Who asks, as the channel proves it: the access file decides which tables this user may see (before
   * retrieval: nothing else is a candidate, an option, named in a message or readable by the SQL).
   * @default INTERNAL_IDENTITY (the access file's default group)
   */
  identity?: UserIdentity;
  /** Answer with exactly these tables (after a clarification was answered). */
  forceTables?: string[];
  /** Prefer these columns (`schema.table.column`), from a column clarification. */
  preferColumns?: string[];
  /** The last answer in this conversation, for follow-ups. */
  context?: ConversationContext;
  /** Row cap for the returned rows. @default config maxRows */
  maxRows?: number;
}

/** The answering pipeline, shared by the bot, the CLI, the HTTP API and the benchmark. */
export interface AnswerPipeline {
  ask(request: AskRequest): Promise<AskResult>;
}

/** The sentence tablebot says when nothing in the catalog fits. */
export const DECLINE_MESSAGE = "Sorry, I don't have that information.";

/** Longest question the pipeline reads, in characters (the bot and the HTTP API use the same limit). */
export const MAX_QUESTION_LENGTH = 2000;

/** A result with no rows, SQL or clarification yet: the common base of every decline and clarification. */
export function resultWithoutRows(
  fields: Pick<AskResult, 'decision' | 'message' | 'reason' | 'error'>,
): Omit<AskResult, 'timings'> {
  return {
    candidates: [],
    tables: [],
    sql: null,
    columns: null,
    rows: null,
    rowCount: null,
    truncated: false,
    clarification: null,
    ...fields,
  };
}
