import type { TurnContext } from 'botbuilder';
import {
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import type { ClarificationOption } from '../../pipeline/types';
import { asClarifyData } from '../actions';
import { matchOption } from '../optionMatcher';

/** What the person chose in answer to a clarifying question. */
export type ClarifyPick =
  { kind: 'option'; question: string; option: ClarificationOption } | { kind: 'newQuestion'; text: string };

/** What {@link ClarifyPrompt} needs in `PromptOptions.validations`. */
export interface ClarifyPromptValidations {
  /** The question that was ambiguous. */
  question: string;
  options: ClarificationOption[];
}

/** A reply that matches no option but reads like a question of its own is taken as one. */
const LOOKS_LIKE_QUESTION: RegExp[] = [/\?\s*$/, /^\S+(?:\s+\S+){2,}$/];

function isValidations(value: unknown): value is ClarifyPromptValidations {
  return (
    typeof value === 'object' &&
    value !== null &&
    'question' in value &&
    typeof value.question === 'string' &&
    'options' in value &&
    Array.isArray(value.options)
  );
}

const sameOption = (a: ClarificationOption, b: { tables: string[]; column?: string }) =>
  a.tables.length === b.tables.length &&
  a.tables.every((t, i) => t === b.tables[i]) &&
  (a.column ?? null) === (b.column ?? null);

/**
 * Prompts with a clarifying question (the activity is rendered by the caller, with buttons where the
 * channel has them) and recognises the reply: a button's submitted data, the exact label, a position
 * ("the second one", "2"), or words of an option ("online"). A reply that matches nothing but reads like a
 * new question ends the prompt with that question, so people are never stuck in a menu.
 */
export class ClarifyPrompt extends Prompt<ClarifyPick> {
  constructor(dialogId: string, validator?: PromptValidator<ClarifyPick>) {
    super(dialogId, validator);
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const prompt = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (prompt) await context.sendActivity(prompt);
  }

  protected async onRecognize(
    context: TurnContext,
    _state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<ClarifyPick>> {
    if (!isValidations(options.validations)) {
      throw new TypeError(
        'ClarifyPrompt.onRecognize: PromptOptions.validations must hold the question and options',
      );
    }
    const { question, options: choices } = options.validations;

    // A button: its data names the option (and the question), so a click on an older card works too.
    const data = asClarifyData(context.activity.value);
    if (data) {
      const current = choices.find((o) => sameOption(o, data));
      if (current && data.question === question)
        return { succeeded: true, value: { kind: 'option', question, option: current } };
      const option: ClarificationOption = {
        label: data.label,
        tables: data.tables,
        ...(data.column ? { column: data.column } : {}),
      };
      return { succeeded: true, value: { kind: 'option', question: data.question, option } };
    }

    const text = (context.activity.text ?? '').trim();
    const match = matchOption(text, choices);
    if (match.kind === 'option') {
      return { succeeded: true, value: { kind: 'option', question, option: choices[match.index] } };
    }
    if (LOOKS_LIKE_QUESTION.some((p) => p.test(text))) {
      return { succeeded: true, value: { kind: 'newQuestion', text } };
    }
    return { succeeded: false };
  }
}
