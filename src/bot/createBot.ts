import { ConversationState, type Storage, UserState } from 'botbuilder';
import type { FeedbackStore } from '../store';
import type { Logger } from '../logging';
import type { StoredQueryRunner } from '../pipeline';
import type { AnswerPipeline } from '../pipeline/types';
import { AnswerService } from './answerService';
import type { ConversationData, UserProfile } from './conversationData';
import { ClarifyDialog } from './dialogs/clarifyDialog';
import { MainDialog } from './dialogs/mainDialog';
import { FeedbackRecorder } from './feedbackRecorder';
import { ChartService } from './render/charts/chartService';
import type { ResultFiles } from './render/files/resultFiles';
import { RendererRegistry } from './render/rendererRegistry';
import { TablebotBot } from './tablebotBot';

/** Options for {@link createBot}. */
export interface CreateBotOptions {
  /** The answering pipeline (the seam tests replace). */
  pipeline: AnswerPipeline;
  /** Where conversation and user state live (a `KnexStorage` in production, `MemoryStorage` in tests). */
  storage: Storage;
  feedbackStore: FeedbackStore;
  logger: Logger;
  /** Rows shown in a chat message before the rest is cut with a note. @default 10 */
  maxRowsShown?: number;
  /** Renderer per channel. @default Adaptive Cards for Teams/Web Chat/Direct Line/Emulator, mrkdwn for Slack, else plain text */
  renderers?: RendererRegistry;
  /** A turn's time budget; past it the user gets a clear message and the conversation goes on. @default 30000 */
  turnTimeoutMs?: number;
  /** Draw charts for answers whose shape has one (line over time, bars per category). @default true */
  charts?: boolean;
  /** Where CSV downloads and chart pictures are published behind signed links; none: no links. */
  files?: ResultFiles;
  /** Runs an answer's SQL again for "More rows" and downloads; none: no "More rows". */
  storedQueries?: StoredQueryRunner;
  /** ISO 4217 code for money columns whose name names no currency. */
  currency?: string;
}

/**
 * Wires tablebot's bot: state, the answer service, the dialogs and the feedback recorder.
 * @returns the bot (an `ActivityHandler`); pass `bot.run(context)` to the adapter's `process`.
 */
export function createBot(options: CreateBotOptions): TablebotBot {
  const conversationState = new ConversationState(options.storage);
  const userState = new UserState(options.storage);
  const conversationData = conversationState.createProperty<ConversationData>('conversationData');
  const userProfile = userState.createProperty<UserProfile>('userProfile');
  const logger = options.logger.child({ component: 'bot' });
  const answers = new AnswerService({
    pipeline: options.pipeline,
    logger,
    conversationData,
    userProfile,
    renderers: options.renderers ?? new RendererRegistry(),
    maxRowsShown: options.maxRowsShown ?? 10,
    ...(options.charts === false ? {} : { charts: new ChartService({ logger, files: options.files }) }),
    ...(options.files ? { files: options.files } : {}),
    ...(options.storedQueries ? { storedQueries: options.storedQueries } : {}),
    ...(options.currency ? { currency: options.currency } : {}),
  });
  const dialog = new MainDialog({
    answers,
    clarifyDialog: new ClarifyDialog({ answers }),
    conversationData,
    logger,
  });
  const feedback = new FeedbackRecorder({ store: options.feedbackStore, conversationData, logger });
  return new TablebotBot({
    conversationState,
    userState,
    dialog,
    feedback,
    userProfile,
    logger,
    turnTimeoutMs: options.turnTimeoutMs,
  });
}
