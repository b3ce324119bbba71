import { CardFactory, type TurnContext } from 'botbuilder';
import type { Cause, Topic } from '../src/engine/knowledgeSchema';
import type { Recogniser } from '../src/engine/recogniser';
import { matchChoice } from '../src/engine/walk';
import { cardToText, isAnswerSubmit, questionCard, type AdaptiveCard } from './cards';
import { channelSupportsCards, channelSupportsUpdates } from './channel';

// Asking a question and reading its answer: a card button, or typing "2", "yes", "nope" or words
// of an option. Nothing here is stored: the dialog keeps only where it is (see PendingQuestion)
// and rebuilds the question from the knowledge each turn, which keeps the saved state small.

/** One option of a question: what the button says, and what typed answers should pick it. */
export interface AskChoice {
  readonly label: string;
  readonly aliases?: readonly string[];
  readonly means?: 'yes' | 'no' | 'unsure';
}

export interface AskSpec {
  readonly question: string;
  readonly details?: readonly string[];
  readonly choices: readonly AskChoice[];
  /** A fix shown above the question, in the same card. */
  readonly fix?: { readonly topic: Topic; readonly cause: Cause };
}

/** What the dialog stores about the question on screen (plain JSON). */
export interface AskedState {
  /** Carried by the buttons, so a click on an older card is recognised and ignored. */
  readonly key: string;
  /** The card's activity id, to take its buttons off once answered (where the channel allows). */
  cardActivityId?: string;
  /** What the card said before the question, kept to show it again in the answered card. */
  lead?: string[];
  /** The card left out the fix (asked again after an answer that picked no option). */
  withoutFix?: boolean;
}

export type Reading =
  | { readonly kind: 'choice'; readonly index: number; readonly label: string }
  | { readonly kind: 'new-problem'; readonly text: string }
  | { readonly kind: 'stale' }
  | { readonly kind: 'unrecognised' };

const cardOf = (spec: AskSpec, asked: AskedState, answered?: string): AdaptiveCard =>
  questionCard({
    question: spec.question,
    labels: spec.choices.map((c) => c.label),
    answerFor: asked.key,
    ...(spec.details ? { details: spec.details } : {}),
    ...(spec.fix && !asked.withoutFix ? { fix: spec.fix } : {}),
    ...(asked.lead?.length ? { lead: asked.lead } : {}),
    ...(answered !== undefined ? { answered } : {}),
  });

/**
 * Sends the question as one message: a card, or numbered text where cards can't be shown. What
 * comes before it this turn (what the bot understood, a fix, why it asks again) is in the same
 * message, so a turn is one message.
 */
export async function askQuestion(
  context: TurnContext,
  spec: AskSpec,
  asked: AskedState,
  lead: readonly string[] = [],
): Promise<void> {
  if (lead.length) asked.lead = [...lead];
  else delete asked.lead;
  const card = cardOf(spec, asked);
  if (channelSupportsCards(context.activity.channelId)) {
    const sent = await context.sendActivity({
      attachments: [CardFactory.adaptiveCard(card)],
      inputHint: 'expectingInput',
    });
    // With expectReplies there is no message to edit later.
    if (sent?.id && context.activity.deliveryMode !== 'expectReplies') asked.cardActivityId = sent.id;
  } else {
    await context.sendActivity({ text: cardToText(card), inputHint: 'expectingInput' });
  }
}

/**
 * What this turn's message says about the question. A message that is clearly a different error,
 * not an answer, is a `new-problem`, so the user never has to cancel before pasting the next error.
 */
export async function readAnswer(
  context: TurnContext,
  spec: AskSpec,
  asked: AskedState,
  recogniser: Recogniser,
): Promise<Reading> {
  const { value, text } = context.activity;
  if (isAnswerSubmit(value)) {
    if (value.answerFor !== asked.key || !spec.choices[value.choice]) return { kind: 'stale' };
    return chosen(context, spec, asked, value.choice);
  }

  const typed = (text ?? '').trim();
  if (!typed) return { kind: 'unrecognised' };
  const index = matchChoice(
    { type: 'question', text: spec.question, choices: spec.choices.map(toChoice) },
    typed,
  );
  if (index !== undefined) return chosen(context, spec, asked, index);

  const r = recogniser.recognise(typed);
  const specific = r.evidence.some((e) => e.kind !== 'foreign-error');
  if (r.decision === 'match' || (r.decision === 'ambiguous' && specific))
    return { kind: 'new-problem', text: typed };
  return { kind: 'unrecognised' };
}

async function chosen(
  context: TurnContext,
  spec: AskSpec,
  asked: AskedState,
  index: number,
): Promise<Reading> {
  const label = spec.choices[index]!.label;
  // Where the channel allows it, the answered card loses its buttons, so it can't be clicked twice.
  if (
    asked.cardActivityId &&
    context.activity.deliveryMode !== 'expectReplies' &&
    channelSupportsUpdates(context.activity.channelId)
  ) {
    try {
      await context.updateActivity({
        id: asked.cardActivityId,
        type: 'message',
        attachments: [CardFactory.adaptiveCard(cardOf(spec, asked, label))],
      });
    } catch {
      // The card stays as it was; a later click on it is caught as stale.
    }
  }
  return { kind: 'choice', index, label };
}

const toChoice = (c: AskChoice, i: number) => ({
  label: c.label,
  aliases: [...(c.aliases ?? [])],
  next: String(i),
  ...(c.means ? { means: c.means } : {}),
});
