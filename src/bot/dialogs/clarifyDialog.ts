import {
  ComponentDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { AskRequest, Clarification } from '../../pipeline/types';
import type { AnswerService } from '../answerService';
import { CLARIFY_GAVE_UP } from '../messages';
import { type ClarifyPick, ClarifyPrompt, type ClarifyPromptValidations } from './clarifyPrompt';

/** How {@link ClarifyDialog} is begun. */
export interface ClarifyDialogOptions {
  /** The request that came back with a clarifying question. */
  request: AskRequest;
  clarification: Clarification;
  /** Clarifications asked so far for this question (a table, then a column). @default 1 */
  round?: number;
}

/** What {@link ClarifyDialog} ends with. */
export interface ClarifyDialogResult {
  /** Set when the person asked something else instead of choosing: the main dialog answers it. */
  newQuestion?: string;
}

/** Options for {@link ClarifyDialog}. */
export interface ClarifyDialogDependencies {
  answers: AnswerService;
  /** Clarifying questions in a row before giving up. @default 3 */
  maxRounds?: number;
  /** Unrecognised replies to one clarifying question before giving up. @default 3 */
  maxAttempts?: number;
}

/**
 * Asks which reading of an ambiguous question was meant and answers it: re-asks the pipeline with the
 * chosen option's tables as `forceTables` (and its column as `preferColumns`). If that answer needs
 * another clarification (a column after a table), asks again.
 */
export class ClarifyDialog extends ComponentDialog {
  /** Dialog id. */
  static readonly ID = 'ClarifyDialog';
  private static readonly WATERFALL = 'ClarifyDialog.waterfall';
  private static readonly PROMPT = 'ClarifyDialog.prompt';

  private readonly answers: AnswerService;
  private readonly maxRounds: number;

  constructor(dependencies: ClarifyDialogDependencies) {
    super(ClarifyDialog.ID);
    this.answers = dependencies.answers;
    this.maxRounds = dependencies.maxRounds ?? 3;
    const maxAttempts = dependencies.maxAttempts ?? 3;
    const validator = async (prompt: PromptValidatorContext<ClarifyPick>) =>
      prompt.recognized.succeeded || prompt.attemptCount >= maxAttempts;
    this.addDialog(new ClarifyPrompt(ClarifyDialog.PROMPT, validator));
    this.addDialog(
      new WaterfallDialog<ClarifyDialogOptions>(ClarifyDialog.WATERFALL, [
        this.promptStep.bind(this),
        this.answerStep.bind(this),
      ]),
    );
    this.initialDialogId = ClarifyDialog.WATERFALL;
  }

  /** Sends the clarifying question, rendered for the channel. */
  private async promptStep(step: WaterfallStepContext<ClarifyDialogOptions>): Promise<DialogTurnResult> {
    const { request, clarification } = step.options;
    const renderer = this.answers.renderer(step.context);
    const view = { question: request.question, clarification };
    const validations: ClarifyPromptValidations = {
      question: request.question,
      options: clarification.options,
    };
    return step.prompt(ClarifyDialog.PROMPT, {
      prompt: renderer.clarification(view),
      retryPrompt: renderer.clarification({ ...view, retry: true }),
      validations,
    });
  }

  /** Answers with the chosen reading, hands a new question back, or gives up. */
  private async answerStep(step: WaterfallStepContext<ClarifyDialogOptions>): Promise<DialogTurnResult> {
    const pick: ClarifyPick | undefined = step.result;
    if (!pick) {
      await step.context.sendActivity(CLARIFY_GAVE_UP);
      return step.endDialog();
    }
    if (pick.kind === 'newQuestion') {
      const result: ClarifyDialogResult = { newQuestion: pick.text };
      return step.endDialog(result);
    }
    const request: AskRequest = {
      ...step.options.request,
      // an option that restates the question for its reading (a count, a total, a year) asks that instead
      question: pick.option.question ?? pick.question,
      forceTables: pick.option.tables,
      preferColumns: pick.option.column ? [pick.option.column] : step.options.request.preferColumns,
    };
    const outcome = await this.answers.ask(step.context, request);
    const round = step.options.round ?? 1;
    if (outcome.kind === 'clarify') {
      if (round < this.maxRounds) {
        const next: ClarifyDialogOptions = {
          request,
          clarification: outcome.clarification,
          round: round + 1,
        };
        return step.replaceDialog(ClarifyDialog.WATERFALL, next);
      }
      await step.context.sendActivity(CLARIFY_GAVE_UP);
    }
    return step.endDialog();
  }
}
