import { randomUUID } from 'node:crypto';
import { CardFactory, type TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import type { Recogniser } from '../src/engine/recogniser';
import { matchChoice } from '../src/engine/walk';
import { answeredCard, cardToText, isAnswerSubmit, questionCard } from './cards';
import { channelSupportsCards, channelSupportsUpdates } from './channel';
import { messages } from './messages';

/** One option of a question: what the button says, and what typed answers should pick it. */
export interface AskChoice {
  readonly label: string;
  readonly aliases?: readonly string[];
  readonly means?: 'yes' | 'no' | 'unsure';
}

/** Everything the prompt needs, kept in dialog state (plain JSON). */
export interface AskSpec {
  readonly question: string;
  readonly details?: readonly string[];
  readonly choices: readonly AskChoice[];
  /** Whether a message that is clearly a new error should leave this question and start over with it. */
  readonly allowNewProblem: boolean;
}

export type Answer =
  | { readonly kind: 'choice'; readonly index: number; readonly label: string }
  | { readonly kind: 'new-problem'; readonly text: string };

interface AskState {
  key?: string;
  cardActivityId?: string;
  lastFailure?: 'stale' | 'unrecognised';
}

const specOf = (options: PromptOptions): AskSpec => options.validations as AskSpec;

/**
 * A question answered by a card button or by typing: "2", "yes", "nope", words of an option.
 * Buttons carry this prompt's key, so a click on an older card is recognised and ignored. A
 * message that is clearly a different error, not an answer, comes back as `new-problem`.
 */
export class AnswerPrompt extends Prompt<Answer> {
  constructor(
    dialogId: string,
    private readonly recogniser: Recogniser,
  ) {
    super(dialogId);
  }

  static options(spec: AskSpec): PromptOptions {
    return { validations: spec };
  }

  protected async onPrompt(
    context: TurnContext,
    state: AskState,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const spec = specOf(options);
    state.key ??= randomUUID();
    if (isRetry)
      await context.sendActivity(state.lastFailure === 'stale' ? messages.staleClick : messages.retry);
    const card = questionCard(
      spec.question,
      spec.choices.map((c) => c.label),
      state.key,
      [...(spec.details ?? [])],
    );
    if (channelSupportsCards(context.activity.channelId)) {
      const sent = await context.sendActivity({
        attachments: [CardFactory.adaptiveCard(card)],
        text: undefined,
        inputHint: 'expectingInput',
      });
      state.cardActivityId = sent?.id;
    } else {
      await context.sendActivity({ text: cardToText(card), inputHint: 'expectingInput' });
    }
  }

  protected async onRecognize(
    context: TurnContext,
    state: AskState,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<Answer>> {
    const spec = specOf(options);
    const { value, text } = context.activity;
    const fail = (why: AskState['lastFailure']) => {
      state.lastFailure = why;
      return { succeeded: false };
    };

    if (isAnswerSubmit(value)) {
      const choice = spec.choices[value.choice];
      if (value.answerFor !== state.key || !choice) return fail('stale');
      return this.chosen(context, state, spec, value.choice);
    }

    const typed = (text ?? '').trim();
    if (!typed) return fail('unrecognised');
    const index = matchChoice(
      { type: 'question', text: spec.question, choices: spec.choices.map(toChoice) },
      typed,
    );
    if (index !== undefined) return this.chosen(context, state, spec, index);

    if (spec.allowNewProblem) {
      const r = this.recogniser.recognise(typed);
      const specific = r.evidence.some((e) => e.kind !== 'foreign-error');
      if (r.decision === 'match' || (r.decision === 'ambiguous' && specific))
        return { succeeded: true, value: { kind: 'new-problem', text: typed } };
    }
    return fail('unrecognised');
  }

  private async chosen(
    context: TurnContext,
    state: AskState,
    spec: AskSpec,
    index: number,
  ): Promise<PromptRecognizerResult<Answer>> {
    const label = spec.choices[index]!.label;
    // Where the channel allows it, the answered card loses its buttons, so it can't be clicked twice.
    if (
      state.cardActivityId &&
      context.activity.deliveryMode !== 'expectReplies' &&
      channelSupportsUpdates(context.activity.channelId)
    ) {
      try {
        await context.updateActivity({
          id: state.cardActivityId,
          type: 'message',
          attachments: [CardFactory.adaptiveCard(answeredCard(spec.question, label))],
        });
      } catch {
        // The card stays as it was; a later click on it is caught as stale.
      }
    }
    return { succeeded: true, value: { kind: 'choice', index, label } };
  }
}

const toChoice = (c: AskChoice, i: number) => ({
  label: c.label,
  aliases: [...(c.aliases ?? [])],
  next: String(i),
  ...(c.means ? { means: c.means } : {}),
});
