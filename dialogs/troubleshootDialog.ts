import { randomUUID } from 'node:crypto';
import { CardFactory, type Activity, type TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// By module path: the package's entry also loads every prompt and its Recognizers-Text language
// models, ~350 ms of start-up time for classes this bot does not use.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { createConversation, type Conversation } from '../src/engine/conversation/core';
import type { Reply } from '../src/engine/conversation/reply';
import type { CaseState, Input } from '../src/engine/conversation/state';
import type { KnowledgeBase } from '../src/engine/knowledge';
import type { Recogniser } from '../src/engine/recogniser';
import { UnknownPositionError } from '../src/engine/walk';
import { cardToText, isAnswerSubmit, questionCard, type AdaptiveCard } from './cards';
import { channelSupportsCards, channelSupportsUpdates } from './channel';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';

export interface TroubleshootDeps {
  readonly kb: KnowledgeBase;
  readonly recogniser: Recogniser;
}

/** What the dialog keeps between turns (plain JSON): the case, and the card on screen. */
interface Saved {
  case?: CaseState;
  /** Carried by the buttons, so a click on an older card is recognised as stale. */
  key?: string;
  /** The card's activity id, to take its buttons off once answered (where the channel allows). */
  cardActivityId?: string;
  /** The reply that card showed, to draw it again as answered. */
  shown?: Reply;
}

/**
 * The conversation as one dialog that stores the case and renders what the conversation core
 * (src/engine/conversation) says: each turn, the message becomes an input, the core decides, and
 * the reply becomes one card (or text where cards can't be shown). No flow logic lives here.
 */
export class TroubleshootDialog extends Dialog<Saved> {
  private readonly kb: KnowledgeBase;
  private readonly core: Conversation;

  constructor(deps: TroubleshootDeps) {
    super(TROUBLESHOOT_DIALOG);
    this.kb = deps.kb;
    this.core = createConversation(deps.kb, deps.recogniser);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.turn(dc, {});
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    return this.turn(dc, (dc.activeDialog?.state ?? {}) as Saved);
  }

  private async turn(dc: DialogContext, saved: Saved): Promise<DialogTurnResult> {
    const input = inputOf(dc.context.activity, saved.key);
    const { state, reply } = this.core.next(saved.case, input);
    if (input.kind === 'choice' && saved.shown) await this.markAnswered(dc.context, saved, input.index);
    const next: Saved = { ...(state ? { case: state } : {}) };
    if (!reply.question && state?.pending) {
      // Said something in passing ("take your time"): the card on screen still stands.
      if (saved.key) next.key = saved.key;
      if (saved.cardActivityId) next.cardActivityId = saved.cardActivityId;
      if (saved.shown) next.shown = saved.shown;
    }
    if (reply.question) {
      // Asked again: the buttons of the card already shown still count.
      next.key = reply.again && saved.key ? saved.key : randomUUID();
      if (reply.again && saved.cardActivityId) next.cardActivityId = saved.cardActivityId;
    }
    const sentId = await this.send(dc.context, reply, next.key);
    if (reply.question) {
      next.shown = reply;
      if (sentId && reply.again !== 'brief') next.cardActivityId = sentId;
    }
    if (!state) return dc.endDialog();
    // Begun or continued, this dialog is the active one: its state is what the next turn reads.
    dc.activeDialog!.state = next;
    return Dialog.EndOfTurn;
  }

  /** Sends the reply as one message; returns its activity id where the channel gives one. */
  private async send(
    context: TurnContext,
    reply: Reply,
    key: string | undefined,
  ): Promise<string | undefined> {
    if (!reply.question) {
      await context.sendActivity({ text: reply.lead.join('\n\n'), ...tagged(context, reply) });
      return undefined;
    }
    const card = this.cardOf(reply, key ?? '');
    if (!channelSupportsCards(context.activity.channelId)) {
      await context.sendActivity({
        text: cardToText(card),
        inputHint: 'expectingInput',
        ...tagged(context, reply),
      });
      return undefined;
    }
    const sent = await context.sendActivity({
      attachments: [CardFactory.adaptiveCard(card)],
      inputHint: 'expectingInput',
      ...tagged(context, reply),
    });
    // With expectReplies there is no message to edit later.
    return context.activity.deliveryMode !== 'expectReplies' ? sent?.id : undefined;
  }

  /** Where the channel allows it, the answered card loses its buttons, so it can't be clicked twice. */
  private async markAnswered(context: TurnContext, saved: Saved, index: number): Promise<void> {
    const label = saved.shown?.question?.choices[index]?.label;
    if (
      !saved.cardActivityId ||
      !saved.shown ||
      label === undefined ||
      context.activity.deliveryMode === 'expectReplies' ||
      !channelSupportsUpdates(context.activity.channelId)
    )
      return;
    try {
      await context.updateActivity({
        id: saved.cardActivityId,
        type: 'message',
        attachments: [CardFactory.adaptiveCard(this.cardOf(saved.shown, saved.key ?? '', label))],
      });
    } catch {
      // The card stays as it was; a later click on it is caught as stale.
    }
  }

  private cardOf(reply: Reply, key: string, answered?: string): AdaptiveCard {
    const question = reply.question!;
    const fix = reply.fix ? this.fixOf(reply.fix.topic, reply.fix.cause) : undefined;
    return questionCard({
      question: question.text,
      labels: question.choices.map((c) => c.label),
      answerFor: key,
      ...(question.details ? { details: question.details } : {}),
      ...(question.command ? { command: question.command.run } : {}),
      ...(fix ? { fix } : {}),
      ...(reply.lead.length ? { lead: reply.lead } : {}),
      ...(answered !== undefined ? { answered } : {}),
    });
  }

  private fixOf(topicId: string, causeId: string) {
    const topic = this.kb.topics.get(topicId);
    const cause = topic?.causes.find((c) => c.id === causeId);
    if (!topic || !cause) throw new UnknownPositionError(`topic '${topicId}' has no cause '${causeId}'`);
    return { topic, cause };
  }
}

/** The turn's message as the core's input: a click on the card on screen, an older one, or text. */
function inputOf(activity: Partial<Activity>, key: string | undefined): Input {
  const { value, text } = activity;
  if (isAnswerSubmit(value))
    return value.answerFor === key ? { kind: 'choice', index: value.choice } : { kind: 'stale-click' };
  // Something else a card sent, with no text: with a question on screen, not an answer to it;
  // without one, a click on a card whose flow has ended.
  if (!(text ?? '').trim() && value !== undefined && !key) return { kind: 'stale-click' };
  return { kind: 'text', text: text ?? '' };
}

/** What the reply is about, for the conversation eval and tests; Teams gets nothing extra. */
function tagged(context: TurnContext, reply: Reply): Partial<Activity> {
  if (context.activity.channelId === 'msteams') return {};
  return { channelData: { troubleshooter: { reply: reply.kind, ...(reply.about ?? {}) } } };
}
