import type { ErrorCode } from '../errors';
import type { UserIdentity } from '../access/identity';
import type { AnswerPipeline, AskResult } from './types';

/** One line of `npm run ask -- --json`: the stable contract tests and the benchmark rely on. */
export interface AskJson {
  id: string | null;
  decision: AskResult['decision'];
  candidates: { table: string; score: number }[];
  tables: string[];
  sql: string | null;
  columns: string[] | null;
  rows: unknown[][] | null;
  clarification: { question: string; options: string[] } | null;
  message: string;
  reason: string;
  error: ErrorCode | null;
  /** Plain-English reading of what the answer computed, or null. */
  interpretation?: string | null;
  timings_ms: { embed: number; retrieve: number; generate: number; execute: number; total: number };
}

/** One batch line: `{"id": "...", "question": "..."}`. */
export interface AskItem {
  id: string | null;
  question: string;
  /**
   * Lines with the same conversation id are one conversation, in order: a follow-up ("and in 2019?")
   * edits the reading of that conversation's last answer.
   */
  conversation?: string;
}

/** Converts a pipeline result to the JSON contract. */
export function toAskJson(result: AskResult, id: string | null = null): AskJson {
  return {
    id,
    decision: result.decision,
    candidates: result.candidates.map((c) => ({ table: c.table, score: c.score })),
    tables: result.decision === 'answer' ? result.tables : [],
    sql: result.sql,
    columns: result.columns,
    rows: result.rows,
    clarification: result.clarification
      ? { question: result.clarification.question, options: result.clarification.options.map((o) => o.label) }
      : null,
    message: result.message,
    reason: result.reason,
    error: result.error,
    interpretation: result.interpretation ?? null,
    timings_ms: result.timings,
  };
}

/** Options for {@link askBatch}. */
export interface AskBatchOptions {
  pipeline: AnswerPipeline;
  items: AsyncIterable<AskItem> | Iterable<AskItem>;
  sourceIds?: string[];
  maxRows?: number;
  /** Who asks (the access file decides what they see). */
  identity?: UserIdentity;
}

/** Asks every item in order through one pipeline (models and index loaded once) and yields one JSON object each. */
export async function* askBatch(options: AskBatchOptions): AsyncGenerator<AskJson> {
  /** The last answer with a reading, per conversation id. */
  const last = new Map<string, AskResult>();
  for await (const item of options.items) {
    const previous = item.conversation === undefined ? undefined : last.get(item.conversation);
    const result = await options.pipeline.ask({
      question: item.question,
      sourceIds: options.sourceIds,
      maxRows: options.maxRows,
      identity: options.identity,
      ...(previous?.reading
        ? {
            context: {
              previousQuestion: '',
              previousTables: previous.tables,
              previousSql: previous.sql,
              reading: previous.reading,
              followUp: item.question,
            },
          }
        : {}),
    });
    if (item.conversation !== undefined && result.decision === 'answer' && result.reading) {
      last.set(item.conversation, result);
    }
    yield toAskJson(result, item.id);
  }
}

/** Parses a JSONL batch line; a bad line becomes an item whose question is empty, reported by id. */
export function parseBatchLine(line: string, lineNumber: number): AskItem | null {
  const trimmed = line.trim();
  if (trimmed.length === 0) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const id = record.id === undefined || record.id === null ? null : String(record.id);
      const question = typeof record.question === 'string' ? record.question : '';
      const conversation =
        record.conversation === undefined || record.conversation === null
          ? undefined
          : String(record.conversation);
      return { id, question, ...(conversation === undefined ? {} : { conversation }) };
    }
  } catch {
    // fall through
  }
  return { id: `line-${lineNumber}`, question: '' };
}
