import type { AnswerReading, AskResult } from '../pipeline/types';

/** What the bot remembers about one answer it gave: enough for follow-ups, "show the SQL" and feedback. */
export interface AnswerRecord {
  answerId: string;
  /** The question as the pipeline saw it (follow-ups already rewritten). */
  question: string;
  decision: AskResult['decision'];
  tables: string[];
  sql: string | null;
  /** The structured reading behind the answer: what a follow-up edits. */
  reading?: AnswerReading;
  /** The source the SQL ran on (for "More rows" and downloads). */
  sourceId?: string;
  /** Rows the query returned (capped) and whether it was cut: pages are shaped like the first one. */
  rowCount?: number | null;
  truncated?: boolean;
  /** Rows shown so far (first page and "More rows" pages): where a typed "more" continues. */
  shownRows?: number;
  /** ISO timestamp. */
  at: string;
}

/** Per-conversation state, kept in botbuilder `ConversationState`. */
export interface ConversationData {
  /** The last answer with decision `answer`: what follow-ups refer to. */
  lastAnswer?: AnswerRecord;
  /** The most recent answers and declines, newest last, so feedback on an older card finds its answer. */
  recentAnswers: AnswerRecord[];
}

/** Per-user state, kept in botbuilder `UserState`. */
export interface UserProfile {
  /** ISO timestamp of the first message. */
  firstSeenAt?: string;
  /** Questions this user asked, across conversations. */
  questionCount: number;
}

/** How many answers a conversation remembers for feedback. */
export const RECENT_ANSWERS_KEPT = 20;

/** A fresh conversation state. */
export function emptyConversationData(): ConversationData {
  return { recentAnswers: [] };
}

/** A fresh user profile. */
export function emptyUserProfile(): UserProfile {
  return { questionCount: 0 };
}

/** Remembers an answer (keeping the last {@link RECENT_ANSWERS_KEPT}); answers also become the follow-up base. */
export function rememberAnswer(data: ConversationData, record: AnswerRecord): void {
  data.recentAnswers = [...(data.recentAnswers ?? []), record].slice(-RECENT_ANSWERS_KEPT);
  if (record.decision === 'answer') data.lastAnswer = record;
}

/** Finds a remembered answer by id. */
export function findAnswer(data: ConversationData, answerId: string): AnswerRecord | undefined {
  return (data.recentAnswers ?? []).find((a) => a.answerId === answerId);
}
