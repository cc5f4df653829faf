import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  ActivityTypes,
  type ConversationState,
  type StatePropertyAccessor,
  TurnContext,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Logger } from '../logging';
import { asFeedbackData, parseFeedbackText } from './actions';
import { emptyUserProfile, type UserProfile } from './conversationData';
import type { MainDialog } from './dialogs/mainDialog';
import type { FeedbackRecorder } from './feedbackRecorder';
import { FAILED, TURN_TIMEOUT, WELCOME, WELCOME_BACK } from './messages';

/** Options for {@link TablebotBot}. */
export interface TablebotBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  feedback: FeedbackRecorder;
  userProfile: StatePropertyAccessor<UserProfile>;
  logger: Logger;
  /**
   * A turn still running after this long gets {@link TURN_TIMEOUT} as its answer and ends, so its
   * conversation (whose turns run one at a time) goes on; the late work is only logged. @default 30000
   */
  turnTimeoutMs?: number;
}

/**
 * tablebot's Bot Framework bot (CoreBot's DialogBot pattern): welcomes people who join, records 👍 / 👎
 * (card submits, Universal Action invokes, typed thumbs) without disturbing a dialog, strips @mentions
 * (Teams) and runs {@link MainDialog} for everything else, then saves conversation and user state.
 */
export class TablebotBot extends ActivityHandler {
  /** Conversation state (dialog stack, last answers). */
  readonly conversationState: ConversationState;
  /** User state (profile). */
  readonly userState: UserState;
  private readonly dialog: MainDialog;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly feedback: FeedbackRecorder;
  private readonly userProfile: StatePropertyAccessor<UserProfile>;
  private readonly logger: Logger;
  private readonly turnTimeoutMs: number;

  constructor(options: TablebotBotOptions) {
    super();
    this.turnTimeoutMs = options.turnTimeoutMs ?? 30_000;
    this.conversationState = options.conversationState;
    this.userState = options.userState;
    this.dialog = options.dialog;
    this.dialogState = this.conversationState.createProperty<DialogState>('dialogState');
    this.feedback = options.feedback;
    this.userProfile = options.userProfile;
    this.logger = options.logger;

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onDialog(async (context, next) => {
      await this.conversationState.saveChanges(context, false);
      await this.userState.saveChanges(context, false);
      await next();
    });
  }

  /**
   * Runs a turn within its time budget: past it, the user gets {@link TURN_TIMEOUT} and the turn ends
   * (the work still running is left to finish or fail on its own bounded waits, and is only logged).
   */
  override async run(context: TurnContext): Promise<void> {
    const turn = this.runGuarded(context);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.turnTimeoutMs);
    });
    try {
      if ((await Promise.race([turn.then(() => 'done' as const), expired])) === 'done') return;
    } finally {
      clearTimeout(timer);
    }
    const conversationId = context.activity.conversation?.id;
    this.logger.warn(
      { conversationId, turnTimeoutMs: this.turnTimeoutMs },
      'TablebotBot.run: the turn ran past its time budget and was answered with a timeout message',
    );
    if (context.activity.type === ActivityTypes.Message) {
      await context
        .sendActivity(TURN_TIMEOUT)
        .catch((error: unknown) =>
          this.logger.error(
            { err: error, conversationId },
            'TablebotBot.run: sending the timeout message failed',
          ),
        );
    }
  }

  /** Runs a turn; an unexpected error becomes a friendly message and a log line, and the dialog restarts. */
  private async runGuarded(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
    } catch (error) {
      const conversationId = context.activity.conversation?.id;
      this.logger.error({ err: error, conversationId }, 'TablebotBot.run: the turn failed');
      try {
        if (context.activity.type === ActivityTypes.Message) await context.sendActivity(FAILED);
        await this.dialogState.delete(context);
        await this.conversationState.saveChanges(context, true);
      } catch (cleanupError) {
        this.logger.error(
          { err: cleanupError, conversationId },
          'TablebotBot.run: recovering from the error failed',
        );
      }
    }
  }

  /** Teams Universal Actions (`Action.Execute`) arrive as invokes; 👍 / 👎 is the one they carry. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const vote = asFeedbackData(invokeValue.action?.data);
    if (!vote) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'NotSupported', message: 'TablebotBot.onAdaptiveCardInvoke: unsupported action' },
      };
    }
    // The acknowledgement goes out as a message; the invoke response only confirms the action.
    await context.sendActivity(await this.feedback.record(context, vote));
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: {} };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (typeof activity.text === 'string') {
      // Teams (and other group chats) put "<at>tablebot</at>" in the text: the question is the rest.
      TurnContext.removeRecipientMention(activity);
      activity.text = activity.text.trim();
    }
    const vote = asFeedbackData(activity.value) ?? parseFeedbackText(activity.text ?? '');
    if (vote) {
      await context.sendActivity(await this.feedback.record(context, vote));
      return;
    }
    await this.dialog.run(context, this.dialogState);
  }

  /**
   * One welcome per join: in a one-to-one chat when the person arrives; in a group chat or Teams channel
   * only when the bot itself is added (not for every new member of the team).
   */
  private async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    const added = activity.membersAdded ?? [];
    const greet = activity.conversation?.isGroup
      ? added.some((m) => m.id === botId)
      : added.some((m) => m.id !== botId);
    if (!greet) return;
    const profile = await this.userProfile.get(context, emptyUserProfile());
    await context.sendActivity(profile.firstSeenAt ? WELCOME_BACK : WELCOME);
    profile.firstSeenAt ??= new Date().toISOString();
  }
}
