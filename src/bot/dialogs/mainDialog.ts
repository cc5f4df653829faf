import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  type DialogContext,
  DialogSet,
  type DialogState,
  type DialogTurnResult,
  DialogTurnStatus,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Logger } from '../../logging';
import type { AskRequest } from '../../pipeline/types';
import { asClarifyData, asMoreRowsData, asShowSqlData } from '../actions';
import type { AnswerService } from '../answerService';
import { type ConversationData, emptyConversationData } from '../conversationData';
import { followUpContext, resolveFollowUp } from '../followUp';
import { type Intent, type IntentName, recognizeIntent } from '../intents';
import {
  CANCELLED,
  EMPTY_MESSAGE,
  GREETING,
  HELP,
  MAX_QUESTION_CHARS,
  NOTHING_TO_CANCEL,
  RESET,
  THANKS,
  tooLong,
} from '../messages';
import { ClarifyDialog, type ClarifyDialogOptions, type ClarifyDialogResult } from './clarifyDialog';

/** Options for {@link MainDialog}. */
export interface MainDialogDependencies {
  answers: AnswerService;
  clarifyDialog: ClarifyDialog;
  conversationData: StatePropertyAccessor<ConversationData>;
  logger: Logger;
}

/** What a command does when it arrives outside a clarification. */
type IntentHandler = (context: TurnContext, intent: Intent) => Promise<void>;

/** What a command does in the middle of a clarification: `end` cancels it, `stay` keeps it waiting. */
type Interruption = 'end' | 'stay';

/**
 * The root dialog: every message is a command (help, cancel, start over, show the SQL, greetings) or a
 * question. Questions are resolved against the last answer (follow-ups), sent to the pipeline, and
 * answered; an ambiguous one begins {@link ClarifyDialog}. Help, cancel, start over and "show the SQL"
 * also interrupt a clarification.
 */
export class MainDialog extends ComponentDialog {
  /** Dialog id. */
  static readonly ID = 'MainDialog';
  private static readonly WATERFALL = 'MainDialog.waterfall';

  private readonly answers: AnswerService;
  private readonly conversationData: StatePropertyAccessor<ConversationData>;
  private readonly logger: Logger;
  private readonly handlers: Record<IntentName, IntentHandler>;
  /** Commands that interrupt a clarification, and whether the clarification survives them. */
  private readonly interruptions: Partial<Record<IntentName, Interruption>> = {
    help: 'stay',
    showSql: 'stay',
    moreRows: 'stay',
    cancel: 'end',
    reset: 'end',
  };

  constructor(dependencies: MainDialogDependencies) {
    super(MainDialog.ID);
    this.answers = dependencies.answers;
    this.conversationData = dependencies.conversationData;
    this.logger = dependencies.logger;
    this.handlers = {
      help: (context) => this.say(context, HELP),
      cancel: (context) => this.say(context, NOTHING_TO_CANCEL),
      reset: (context) => this.reset(context),
      showSql: (context, intent) => this.answers.showSql(context, intent.answerId),
      moreRows: (context, intent) =>
        this.answers.moreRows(context, { answerId: intent.answerId, offset: intent.offset }),
      greeting: (context) => this.say(context, GREETING),
      thanks: (context) => this.say(context, THANKS),
    };
    this.addDialog(dependencies.clarifyDialog);
    this.addDialog(
      new WaterfallDialog(MainDialog.WATERFALL, [this.routeStep.bind(this), this.finalStep.bind(this)]),
    );
    this.initialDialogId = MainDialog.WATERFALL;
  }

  /** Runs the dialog for one turn: continues a waiting clarification or begins anew. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Commands typed while a clarification waits. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  /** Reads the message: a stale clarification button, an empty or huge message, a command, or a question. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const clicked = asClarifyData(context.activity.value);
    if (clicked) {
      return this.askAndClarify(step, {
        question: clicked.question,
        forceTables: clicked.tables,
        ...(clicked.column ? { preferColumns: [clicked.column] } : {}),
      });
    }
    const showSql = asShowSqlData(context.activity.value);
    if (showSql) {
      await this.answers.showSql(context, showSql.answerId);
      return step.endDialog();
    }
    const more = asMoreRowsData(context.activity.value);
    if (more) {
      await this.answers.moreRows(context, { answerId: more.answerId, offset: more.offset });
      return step.endDialog();
    }
    const text = (context.activity.text ?? '').trim();
    if (text.length === 0) return this.endWith(step, EMPTY_MESSAGE);
    if (text.length > MAX_QUESTION_CHARS) return this.endWith(step, tooLong(text.length));
    const intent = recognizeIntent(text);
    if (intent) {
      await this.handlers[intent.name](context, intent);
      return step.endDialog();
    }
    const conversation = await this.conversationData.get(context, emptyConversationData());
    const resolved = resolveFollowUp(text, conversation.lastAnswer);
    if (resolved.changes.length > 0) {
      this.logger.debug(
        { conversationId: context.activity.conversation?.id, changes: resolved.changes },
        'MainDialog: follow-up rewritten',
      );
    }
    return this.askAndClarify(step, {
      question: resolved.question,
      ...followUpContext(text, conversation, resolved.context),
    });
  }

  /** After a clarification: a question typed instead of a choice is answered now. */
  private async finalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result: ClarifyDialogResult | undefined = step.result;
    if (result?.newQuestion) return step.replaceDialog(MainDialog.WATERFALL);
    return step.endDialog();
  }

  private async askAndClarify(step: WaterfallStepContext, request: AskRequest): Promise<DialogTurnResult> {
    const outcome = await this.answers.ask(step.context, request);
    if (outcome.kind !== 'clarify') return step.endDialog();
    const options: ClarifyDialogOptions = { request, clarification: outcome.clarification };
    return step.beginDialog(ClarifyDialog.ID, options);
  }

  /** Handles a command that interrupts a waiting clarification; undefined when the message is not one. */
  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    // "Show SQL" / "More rows" clicked on an earlier card while a clarification waits: answer, keep waiting.
    const value = innerDc.context.activity.value;
    const clicked = asShowSqlData(value) ?? asMoreRowsData(value);
    if (clicked) {
      if (clicked.type === 'showSql') await this.answers.showSql(innerDc.context, clicked.answerId);
      else
        await this.answers.moreRows(innerDc.context, { answerId: clicked.answerId, offset: clicked.offset });
      return Dialog.EndOfTurn;
    }
    const text = innerDc.context.activity.text ?? '';
    if (text.length > MAX_QUESTION_CHARS) return undefined;
    const intent = recognizeIntent(text);
    const interruption = intent ? this.interruptions[intent.name] : undefined;
    if (!intent || !interruption) return undefined;
    if (interruption === 'stay') {
      await this.handlers[intent.name](innerDc.context, intent);
      return Dialog.EndOfTurn;
    }
    await innerDc.cancelAllDialogs();
    if (intent.name === 'reset') await this.reset(innerDc.context);
    else await this.say(innerDc.context, CANCELLED);
    return { status: DialogTurnStatus.complete };
  }

  private async reset(context: TurnContext): Promise<void> {
    await this.conversationData.set(context, emptyConversationData());
    await this.say(context, RESET);
  }

  private async say(context: TurnContext, text: string): Promise<void> {
    await context.sendActivity(text);
  }

  private async endWith(step: WaterfallStepContext, text: string): Promise<DialogTurnResult> {
    await this.say(step.context, text);
    return step.endDialog();
  }
}
