import type { Knex } from 'knex';
import { errorMessage, TablebotError } from '../errors';
import type { AskResult } from '../pipeline/types';
import type { FeedbackEntry, FeedbackListOptions, FeedbackStore, FeedbackValue } from './feedbackStore';

/** Options for {@link KnexFeedbackStore}. */
export interface KnexFeedbackStoreOptions {
  /** The metadata store (PGlite or Postgres), already migrated. */
  knex: Knex;
  /** Table created by the `bot_state` migration. @default tb_bot_feedback */
  tableName?: string;
}

/** One row of the feedback table. */
interface FeedbackRow {
  answer_id: string;
  value: FeedbackValue;
  question: string | null;
  sql: string | null;
  tables: unknown;
  decision: AskResult['decision'] | null;
  conversation_id: string;
  user_id: string;
  channel_id: string;
  created_at: Date | string;
}

function toStringArray(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** A {@link FeedbackStore} in the metadata store's `tb_bot_feedback` table. */
export class KnexFeedbackStore implements FeedbackStore {
  private readonly knex: Knex;
  private readonly table: string;

  constructor(options: KnexFeedbackStoreOptions) {
    this.knex = options.knex;
    this.table = options.tableName ?? 'tb_bot_feedback';
  }

  /** Records a vote; the same user voting again on the same answer replaces the earlier vote. */
  async record(entry: FeedbackEntry): Promise<void> {
    try {
      await this.knex(this.table)
        .insert({
          answer_id: entry.answerId,
          value: entry.value,
          question: entry.question,
          sql: entry.sql,
          tables: this.knex.raw('?::jsonb', [JSON.stringify(entry.tables)]),
          decision: entry.decision,
          conversation_id: entry.conversationId,
          user_id: entry.userId,
          channel_id: entry.channelId,
          created_at: entry.createdAt,
        })
        .onConflict(['answer_id', 'user_id'])
        .merge();
    } catch (cause) {
      throw new TablebotError('FEEDBACK_STORE_FAILED', `KnexFeedbackStore.record: ${errorMessage(cause)}`, {
        cause,
      });
    }
  }

  /** Entries, newest first. */
  async list(options: FeedbackListOptions = {}): Promise<FeedbackEntry[]> {
    let rows: FeedbackRow[];
    try {
      const query = this.knex<FeedbackRow>(this.table)
        .select(
          'answer_id',
          'value',
          'question',
          'sql',
          'tables',
          'decision',
          'conversation_id',
          'user_id',
          'channel_id',
          'created_at',
        )
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit ?? 100);
      if (options.conversationId !== undefined) query.where('conversation_id', options.conversationId);
      rows = await query;
    } catch (cause) {
      throw new TablebotError('FEEDBACK_STORE_FAILED', `KnexFeedbackStore.list: ${errorMessage(cause)}`, {
        cause,
      });
    }
    return rows.map((r) => ({
      answerId: r.answer_id,
      value: r.value,
      question: r.question,
      sql: r.sql,
      tables: toStringArray(r.tables),
      decision: r.decision,
      conversationId: r.conversation_id,
      userId: r.user_id,
      channelId: r.channel_id,
      createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    }));
  }
}
