import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { FeedbackStore, FeedbackValue } from '../store';
import type { Logger } from '../logging';
import { type ConversationData, emptyConversationData, findAnswer } from './conversationData';
import { FEEDBACK_DOWN, FEEDBACK_FAILED, FEEDBACK_NOTHING, FEEDBACK_UP } from './messages';

/** Options for {@link FeedbackRecorder}. */
export interface FeedbackRecorderOptions {
  store: FeedbackStore;
  conversationData: StatePropertyAccessor<ConversationData>;
  logger: Logger;
}

/** A vote as it arrived: from a button (with the answer id) or typed (about the last answer). */
export interface FeedbackVote {
  value: FeedbackValue;
  answerId?: string;
}

const ACK: Record<FeedbackValue, string> = { up: FEEDBACK_UP, down: FEEDBACK_DOWN };

/**
 * Stores 👍 / 👎 votes with the question, SQL, tables and decision of the answer they are about (looked up
 * in conversation state by answer id), plus who voted where and when.
 */
export class FeedbackRecorder {
  private readonly options: FeedbackRecorderOptions;

  constructor(options: FeedbackRecorderOptions) {
    this.options = options;
  }

  /**
   * Records a vote.
   * @returns the short acknowledgement to show.
   */
  async record(context: TurnContext, vote: FeedbackVote): Promise<string> {
    const conversation = await this.options.conversationData.get(context, emptyConversationData());
    const answer = vote.answerId
      ? findAnswer(conversation, vote.answerId)
      : conversation.recentAnswers?.at(-1);
    const answerId = vote.answerId ?? answer?.answerId;
    if (!answerId) return FEEDBACK_NOTHING;
    const activity = context.activity;
    try {
      await this.options.store.record({
        answerId,
        value: vote.value,
        question: answer?.question ?? null,
        sql: answer?.sql ?? null,
        tables: answer?.tables ?? [],
        decision: answer?.decision ?? null,
        conversationId: activity.conversation?.id ?? '',
        userId: activity.from?.id ?? '',
        channelId: activity.channelId ?? '',
        createdAt: new Date(),
      });
    } catch (error) {
      this.options.logger.error(
        { err: error, conversationId: activity.conversation?.id },
        'FeedbackRecorder.record: storing feedback failed',
      );
      return FEEDBACK_FAILED;
    }
    return ACK[vote.value];
  }
}
