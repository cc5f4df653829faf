import type { AskResult } from '../pipeline/types';

/** A 👍 or a 👎. */
export type FeedbackValue = 'up' | 'down';

/** One person's verdict on one answer, with what is needed to learn from it. */
export interface FeedbackEntry {
  /** The id the bot gave the answer (carried by the card's feedback buttons). */
  answerId: string;
  value: FeedbackValue;
  /** The question as the pipeline saw it (after follow-up rewriting); null when the answer was forgotten. */
  question: string | null;
  sql: string | null;
  /** Tables the answer used (`schema.table`). */
  tables: string[];
  /** The pipeline's decision for the answer; null when the answer was forgotten. */
  decision: AskResult['decision'] | null;
  conversationId: string;
  userId: string;
  /** Bot Framework channel id, e.g. `msteams`, `slack`, `webchat`. */
  channelId: string;
  createdAt: Date;
}

/** Options for {@link FeedbackStore.list}. */
export interface FeedbackListOptions {
  /** Most entries returned. @default 100 */
  limit?: number;
  /** Only this conversation's entries. */
  conversationId?: string;
}

/** Where feedback on answers is kept. */
export interface FeedbackStore {
  /** Records a vote; a later vote by the same user on the same answer replaces the earlier one. */
  record(entry: FeedbackEntry): Promise<void>;
  /** Entries, newest first. */
  list(options?: FeedbackListOptions): Promise<FeedbackEntry[]>;
}
