import { randomUUID } from 'node:crypto';
import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { AnswerPipeline, AskRequest, AskResult, Clarification } from '../pipeline/types';
import {
  type ConversationData,
  emptyConversationData,
  emptyUserProfile,
  findAnswer,
  rememberAnswer,
  type UserProfile,
} from './conversationData';
import { FAILED, NO_SQL_FOR_ANSWER, NO_SQL_YET } from './messages';
import type { RendererRegistry } from './render/rendererRegistry';
import { identityFromActivity } from './userIdentity';
import type { ResultRenderer } from './render/types';

/** Options for {@link AnswerService}. */
export interface AnswerServiceOptions {
  pipeline: AnswerPipeline;
  logger: Logger;
  conversationData: StatePropertyAccessor<ConversationData>;
  userProfile: StatePropertyAccessor<UserProfile>;
  renderers: RendererRegistry;
  /** Rows shown in a chat message before the rest is cut with a note. */
  maxRowsShown: number;
}

/** What came of asking the pipeline. */
export type AskOutcome =
  | { kind: 'answered'; result: AskResult }
  | { kind: 'clarify'; result: AskResult; clarification: Clarification }
  | { kind: 'failed' };

/**
 * The bot's one way to the answering pipeline, shared by the dialogs: shows a typing indicator, asks,
 * remembers the answer in conversation state, and sends it rendered for the channel. Pipeline failures
 * become a friendly message (and a log line with the conversation id), never a stack trace.
 */
export class AnswerService {
  private readonly options: AnswerServiceOptions;

  constructor(options: AnswerServiceOptions) {
    this.options = options;
  }

  /** The renderer for this turn's channel. */
  renderer(context: TurnContext): ResultRenderer {
    return this.options.renderers.forChannel(context.activity.channelId);
  }

  /** Conversation state for this turn. */
  conversation(context: TurnContext): Promise<ConversationData> {
    return this.options.conversationData.get(context, emptyConversationData());
  }

  /**
   * Asks the pipeline and sends the answer or decline. A clarifying question is returned, not sent: the
   * caller prompts for it.
   */
  async ask(context: TurnContext, request: AskRequest): Promise<AskOutcome> {
    await context.sendActivity({ type: ActivityTypes.Typing });
    const profile = await this.options.userProfile.get(context, emptyUserProfile());
    profile.firstSeenAt ??= new Date().toISOString();
    profile.questionCount = (profile.questionCount ?? 0) + 1;
    const log = this.options.logger.child({ conversationId: context.activity.conversation?.id });

    let result: AskResult;
    try {
      result = await this.options.pipeline.ask({
        ...request,
        identity: request.identity ?? identityFromActivity(context.activity),
      });
    } catch (error) {
      log.error({ err: error }, 'AnswerService.ask: the pipeline failed');
      await context.sendActivity(FAILED);
      return { kind: 'failed' };
    }
    log.info(
      { decision: result.decision, tables: result.tables, error: result.error, ms: result.timings?.total },
      'answered a question',
    );
    if (result.decision === 'clarify' && result.clarification && result.clarification.options.length > 0) {
      return { kind: 'clarify', result, clarification: result.clarification };
    }

    const answerId = randomUUID();
    const conversation = await this.conversation(context);
    rememberAnswer(conversation, {
      answerId,
      question: request.question,
      decision: result.decision,
      tables: result.tables,
      sql: result.sql,
      at: new Date().toISOString(),
    });
    await context.sendActivity(
      this.renderer(context).answer({
        answerId,
        result,
        maxRows: this.options.maxRowsShown,
        locale: context.activity.locale,
      }),
    );
    return { kind: 'answered', result };
  }

  /** Sends the SQL of an answer (by id, from a button) or of the last answer. */
  async showSql(context: TurnContext, answerId?: string): Promise<void> {
    const conversation = await this.conversation(context);
    const answer = answerId ? findAnswer(conversation, answerId) : conversation.lastAnswer;
    if (!answer) {
      await context.sendActivity(NO_SQL_YET);
      return;
    }
    await context.sendActivity(answer.sql ? this.renderer(context).sql(answer.sql) : NO_SQL_FOR_ANSWER);
  }
}
