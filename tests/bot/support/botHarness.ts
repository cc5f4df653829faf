import { type Activity, MemoryStorage, type Storage, TestAdapter } from 'botbuilder';
import { createBot, type CreateBotOptions } from '../../../src/bot/createBot';
import type { FeedbackStore } from '../../../src/store/feedbackStore';
import { InMemoryFeedbackStore } from '../../../src/store/feedbackStoreMemory';
import { silentLogger } from '../../../src/logging';
import type { AnswerPipeline } from '../../../src/pipeline/types';
import { FakePipeline } from './fakePipeline';

/** Options for {@link BotHarness.create}. */
export interface BotHarnessOptions {
  /** @default test (plain text rendering) */
  channelId?: string;
  pipeline?: AnswerPipeline;
  storage?: Storage;
  feedbackStore?: FeedbackStore;
  maxRowsShown?: number;
  /** Conversation id. @default Convo1 */
  conversationId?: string;
  /** A group chat or channel rather than a one-to-one chat. @default false */
  isGroup?: boolean;
  /** The bot's turn budget. @default the bot's default */
  turnTimeoutMs?: number;
  /** Links ("Download CSV", chart pictures) and "More rows". */
  files?: CreateBotOptions['files'];
  storedQueries?: CreateBotOptions['storedQueries'];
}

/** Drives the real bot (createBot) through botbuilder's TestAdapter, one turn at a time. */
export class BotHarness {
  readonly adapter: TestAdapter;
  readonly pipeline: AnswerPipeline;
  readonly feedbackStore: FeedbackStore;

  private constructor(adapter: TestAdapter, pipeline: AnswerPipeline, feedbackStore: FeedbackStore) {
    this.adapter = adapter;
    this.pipeline = pipeline;
    this.feedbackStore = feedbackStore;
  }

  static create(options: BotHarnessOptions = {}): BotHarness {
    const pipeline = options.pipeline ?? new FakePipeline();
    const feedbackStore = options.feedbackStore ?? new InMemoryFeedbackStore();
    const bot = createBot({
      pipeline,
      storage: options.storage ?? new MemoryStorage(),
      feedbackStore,
      logger: silentLogger(),
      maxRowsShown: options.maxRowsShown,
      turnTimeoutMs: options.turnTimeoutMs,
      files: options.files,
      storedQueries: options.storedQueries,
    });
    const id = options.conversationId ?? 'Convo1';
    const adapter = new TestAdapter((context) => bot.run(context), {
      channelId: options.channelId ?? 'test',
      conversation: {
        id,
        name: id,
        isGroup: options.isGroup ?? false,
        conversationType: options.isGroup ? 'channel' : 'personal',
      },
    });
    return new BotHarness(adapter, pipeline, feedbackStore);
  }

  /** Sends text or an activity and returns what the bot sent back in that turn. */
  async say(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> = typeof input === 'string' ? { type: 'message', text: input } : input;
    await this.adapter.processActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }

  /** Like {@link say}, returning only message activities (no typing indicators). */
  async messages(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    return (await this.say(input)).filter((a) => a.type === 'message');
  }

  /** Like {@link say}, returning the text of the message activities. */
  async texts(input: string | Partial<Activity>): Promise<string[]> {
    return (await this.messages(input)).map((a) => a.text ?? '');
  }
}
