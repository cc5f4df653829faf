import { randomUUID } from 'node:crypto';
import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { StoredQueryRunner } from '../pipeline';
import type { AnswerPipeline, AskRequest, AskResult, Clarification } from '../pipeline/types';
import {
  type AnswerRecord,
  type ConversationData,
  emptyConversationData,
  emptyUserProfile,
  findAnswer,
  rememberAnswer,
  type UserProfile,
} from './conversationData';
import {
  FAILED,
  MORE_ROWS_FAILED,
  NO_MORE_ROWS_FOR_ANSWER,
  NO_MORE_ROWS_YET,
  NO_SQL_FOR_ANSWER,
  NO_SQL_YET,
} from './messages';
import type { ChartService } from './render/charts/chartService';
import type { ResultFiles } from './render/files/resultFiles';
import type { RendererRegistry } from './render/rendererRegistry';
import { identityFromActivity } from './userIdentity';
import type { AnswerView, RenderedResult, ResultRenderer } from './render/types';

/** Options for {@link AnswerService}. */
export interface AnswerServiceOptions {
  pipeline: AnswerPipeline;
  logger: Logger;
  conversationData: StatePropertyAccessor<ConversationData>;
  userProfile: StatePropertyAccessor<UserProfile>;
  renderers: RendererRegistry;
  /** Rows shown in a chat message before the rest is cut with a note. */
  maxRowsShown: number;
  /** Draws charts for answers whose shape has one; none: tables only. */
  charts?: ChartService;
  /** Publishes CSV downloads of cut results behind signed links; none: no download link. */
  files?: ResultFiles;
  /** Runs an answer's SQL again for "More rows"; none: "More rows" pages through the rows held. */
  storedQueries?: StoredQueryRunner;
  /** ISO 4217 code for money columns whose name names no currency. */
  currency?: string;
}

/** Which of a result's candidate sources the answer came from. */
function answerSourceId(result: AskResult): string | undefined {
  return (result.candidates.find((c) => result.tables.includes(c.table)) ?? result.candidates[0])?.sourceId;
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
    const record: AnswerRecord = {
      answerId,
      question: request.question,
      decision: result.decision,
      tables: result.tables,
      sql: result.sql,
      ...(result.reading ? { reading: result.reading } : {}),
      sourceId: answerSourceId(result),
      rowCount: result.rowCount,
      truncated: result.truncated,
      shownRows: Math.min(result.rows?.length ?? 0, this.options.maxRowsShown),
      at: new Date().toISOString(),
    };
    rememberAnswer(conversation, record);
    const chart = await this.options.charts?.chartFor({
      result,
      locale: context.activity.locale,
      currency: this.options.currency,
    });
    await context.sendActivity(
      this.renderer(context).answer({
        ...this.view(context, answerId, result, record),
        ...(chart ? { chart } : {}),
      }),
    );
    return { kind: 'answered', result };
  }

  /**
   * Sends the next page of an answer's rows (by id and first row, from a button; or the last answer after
   * what was shown), reading the rows again with the answer's stored SQL through the guard and executor.
   */
  async moreRows(context: TurnContext, page: { answerId?: string; offset?: number }): Promise<void> {
    const conversation = await this.conversation(context);
    const record = page.answerId ? findAnswer(conversation, page.answerId) : conversation.lastAnswer;
    if (!record) {
      await context.sendActivity(NO_MORE_ROWS_YET);
      return;
    }
    if (!record.sql || !record.sourceId || !this.options.storedQueries) {
      await context.sendActivity(NO_MORE_ROWS_FOR_ANSWER);
      return;
    }
    await context.sendActivity({ type: ActivityTypes.Typing });
    const runner = this.options.storedQueries;
    const offset = Math.max(0, page.offset ?? record.shownRows ?? this.options.maxRowsShown);
    let rows;
    try {
      // One row over the cap (the guard's own LIMIT lifted) tells "exactly the cap" from "more than that".
      const read = await runner.run(
        { sql: record.sql, sourceId: record.sourceId, tables: record.tables },
        { maxRows: runner.rowCap + 1 },
      );
      const over = read.rows.length > runner.rowCap;
      rows = {
        columns: read.columns,
        rows: over ? read.rows.slice(0, runner.rowCap) : read.rows,
        rowCount: Math.min(read.rowCount, runner.rowCap),
        truncated: read.truncated || over,
      };
    } catch (error) {
      this.options.logger.warn(
        { err: error, conversationId: context.activity.conversation?.id },
        'AnswerService.moreRows: the stored query could not be run again',
      );
      await context.sendActivity(MORE_ROWS_FAILED);
      return;
    }
    // State round-trips through storage as JSON: the last answer and its copy in the recent list are two objects.
    const shownRows = Math.max(record.shownRows ?? 0, offset + this.options.maxRowsShown);
    for (const copy of [findAnswer(conversation, record.answerId), conversation.lastAnswer]) {
      if (copy?.answerId === record.answerId) copy.shownRows = shownRows;
    }
    const result: RenderedResult = {
      decision: 'answer',
      candidates: [],
      tables: record.tables,
      sql: record.sql,
      columns: rows.columns,
      rows: rows.rows,
      rowCount: rows.rowCount,
      // Shaped like the first page: a result that was cut then is not re-sorted now.
      truncated: rows.truncated || Boolean(record.truncated && (record.rowCount ?? 0) > rows.rows.length),
      clarification: null,
      message: '',
      reason: 'more rows',
      error: null,
      timings: { embed: 0, retrieve: 0, generate: 0, execute: 0, total: 0 },
    };
    await context.sendActivity(
      this.renderer(context).answer({ ...this.view(context, record.answerId, result, record), offset }),
    );
  }

  /** The view of an answer, with a CSV link when the result is cut and the bot publishes files. */
  private view(
    context: TurnContext,
    answerId: string,
    result: RenderedResult,
    record: AnswerRecord,
  ): AnswerView {
    const held = result.rows?.length ?? 0;
    const cut = result.truncated || Math.max(held, result.rowCount ?? 0) > this.options.maxRowsShown;
    const files = this.options.files;
    const csvUrl =
      cut && files && record.sql && record.sourceId
        ? files.publishCsv(answerId, {
            sql: record.sql,
            sourceId: record.sourceId,
            tables: record.tables,
            question: record.question,
          })
        : undefined;
    return {
      answerId,
      result,
      maxRows: this.options.maxRowsShown,
      locale: context.activity.locale,
      ...(this.options.currency ? { currency: this.options.currency } : {}),
      ...(csvUrl ? { csvUrl } : {}),
      pageable: Boolean(this.options.storedQueries && record.sql && record.sourceId),
    };
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
