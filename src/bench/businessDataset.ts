import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../errors';
import { BenchError } from './benchPlan';

/**
 * The business-question set (`../shared/bench/business`, see its README): single questions
 * (`questions.jsonl`), multi-turn conversations (`conversations.json`) and the SQL script of the sample
 * database (`chinook.sql`). The files are read at run time and never copied into the repository.
 */

/** The decision a question expects (and the pipeline's decisions). */
export type Decision = 'answer' | 'clarify' | 'decline';

/** The three decisions, in report order. */
export const DECISIONS: readonly Decision[] = ['answer', 'clarify', 'decline'];

/** The business set, relative to the repository root. */
export const DEFAULT_BUSINESS_DIR = path.join('..', 'shared', 'bench', 'business');

/** What a gold reading of a question or turn carries. */
export interface GoldReadings {
  expect: Decision;
  /** Lower-case `schema.table` of both readings; empty for declines. */
  goldTables: string[];
  /** The intended result (the first reading for `clarify`); null for declines. */
  goldSql: string | null;
  /** An accepted alternative (`answer`) or the second reading (`clarify`). */
  altSql: string | null;
  orderMatters: boolean;
  note: string;
}

/** One line of `questions.jsonl`. */
export interface BusinessQuestion extends GoldReadings {
  id: string;
  /** The database it is about (`chinook`, `demo`). */
  db: string;
  question: string;
  category: string;
}

/** One turn of a conversation. */
export interface ConversationTurn extends GoldReadings {
  say: string;
}

/** One conversation of `conversations.json`. */
export interface BusinessConversation {
  id: string;
  db: string;
  turns: ConversationTurn[];
}

const decision = z.enum(['answer', 'clarify', 'decline']);

const readingFields = {
  expect: decision,
  gold_tables: z.array(z.string()).optional(),
  gold_sql: z.string().nullable().optional(),
  alt_sql: z.string().nullable().optional(),
  order_matters: z.boolean().optional(),
  note: z.string().optional(),
};

const questionSchema = z.object({
  id: z.string().min(1),
  db: z.string().min(1),
  question: z.string(),
  category: z.string().optional(),
  ...readingFields,
});

const conversationSchema = z.array(
  z.object({
    id: z.string().min(1),
    db: z.string().min(1),
    turns: z.array(z.object({ say: z.string(), ...readingFields })).min(1),
  }),
);

type RawReadings = {
  expect: Decision;
  gold_tables?: string[];
  gold_sql?: string | null;
  alt_sql?: string | null;
  order_matters?: boolean;
  note?: string;
};

function readings(raw: RawReadings, where: string): GoldReadings {
  const goldSql = raw.gold_sql ?? null;
  if (raw.expect !== 'decline' && goldSql === null) {
    throw new BenchError(`readBusinessQuestions: ${where} expects ${raw.expect} but has no gold_sql`);
  }
  if (raw.expect === 'clarify' && !raw.alt_sql) {
    throw new BenchError(`readBusinessQuestions: ${where} expects clarify but has no alt_sql`);
  }
  return {
    expect: raw.expect,
    goldTables: (raw.gold_tables ?? []).map((t) => t.toLowerCase()),
    goldSql,
    altSql: raw.alt_sql ?? null,
    orderMatters: raw.order_matters ?? false,
    note: raw.note ?? '',
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new BenchError(`readBusinessSet: cannot read ${file}: ${errorMessage(cause)}`, { cause });
  }
}

/** Reads `questions.jsonl` (or another JSONL file in its format). @throws BenchError naming the bad line */
export function readBusinessQuestions(file: string): BusinessQuestion[] {
  const out: BusinessQuestion[] = [];
  readText(file)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim().length === 0) return;
      let raw: z.infer<typeof questionSchema>;
      try {
        raw = questionSchema.parse(JSON.parse(line));
      } catch (cause) {
        throw new BenchError(`readBusinessQuestions: ${file}:${i + 1}: ${errorMessage(cause)}`, { cause });
      }
      out.push({
        id: raw.id,
        db: raw.db,
        question: raw.question,
        category: raw.category ?? '',
        ...readings(raw, `${file}:${i + 1} (${raw.id})`),
      });
    });
  return out;
}

/** Reads `conversations.json`. @throws BenchError when it is not in the documented shape */
export function readBusinessConversations(file: string): BusinessConversation[] {
  let raw: z.infer<typeof conversationSchema>;
  try {
    raw = conversationSchema.parse(JSON.parse(readText(file)));
  } catch (cause) {
    if (cause instanceof BenchError) throw cause;
    throw new BenchError(`readBusinessConversations: ${file}: ${errorMessage(cause)}`, { cause });
  }
  return raw.map((c) => ({
    id: c.id,
    db: c.db,
    turns: c.turns.map((t, i) => ({ say: t.say, ...readings(t, `${file} ${c.id} turn ${i + 1}`) })),
  }));
}

/** The files of a business-format folder. */
export function businessFiles(dir: string): { questions: string; conversations: string; chinookSql: string } {
  return {
    questions: path.join(dir, 'questions.jsonl'),
    conversations: path.join(dir, 'conversations.json'),
    chinookSql: path.join(dir, 'chinook.sql'),
  };
}
