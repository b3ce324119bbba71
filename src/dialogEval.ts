import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import {
  blockText,
  CARD_IDS,
  fixCauseOf,
  submitActionsOf,
  type AdaptiveCard,
  type SubmitAction,
} from '../dialogs/cards';
import { messages } from '../dialogs/messages';
import type { BotApp } from './app';
import { DirectClient } from './directClient';
import { percentile, type LabelledCase } from './engine/evaluate';
import type { KnowledgeBase } from './engine/knowledge';
import type { CheckNode, ChoiceNext, QuestionNode, Topic } from './engine/knowledgeSchema';
import { OUT_OF_SCOPE } from './engine/recogniser';

// Plays labelled cases through the real bot (adapter + dialogs) with a simulated user who sends
// the case's text, picks the labelled topic when asked, answers each clarifying question
// truthfully for the labelled cause (any branch when the case has none), and says "no" to
// "Did that fix it?" once.

export interface DialogSummary {
  cases: number;
  fixReached: number;
  rightFix: number;
  meanQuestions: number;
  p99TurnMs: number;
}

export interface DialogCaseResult {
  readonly case: LabelledCase;
  readonly firstFix: { topic: string; cause: string } | undefined;
  readonly questions: number;
  readonly transcript: string[];
}

const MAX_TURNS = 12;

interface ShownCard {
  card: AdaptiveCard;
  question: string;
  buttons: SubmitAction[];
}

function cardsIn(replies: Partial<Activity>[]): AdaptiveCard[] {
  return replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content as AdaptiveCard),
  );
}

const questionText = (card: AdaptiveCard): string => blockText(card, CARD_IDS.question) ?? '';

function questionOf(card: AdaptiveCard): ShownCard | undefined {
  const buttons = submitActionsOf(card);
  return buttons.length ? { card, question: questionText(card), buttons } : undefined;
}

interface Goal {
  readonly topic: string;
  readonly cause: string | undefined;
}

/** Whether an answer leads (eventually) to the labelled topic, and to its cause when labelled. */
function reaches(topic: Topic, next: ChoiceNext, goal: Goal, seen = new Set<string>()): boolean {
  if (typeof next !== 'string') return next.topic === goal.topic;
  const node = topic.tree.nodes[next];
  if (!node || seen.has(next)) return false;
  seen.add(next);
  if (node.type === 'fix') return topic.id === goal.topic && (!goal.cause || node.cause === goal.cause);
  return node.choices.some((c) => reaches(topic, c.next, goal, seen));
}

/**
 * The truthful answer to a tree question, in whichever topic asks it (a triage question belongs
 * to another topic than the labelled one): the choice that leads to the labelled topic and cause.
 */
function truthfulChoice(kb: KnowledgeBase, question: string, goal: Goal): { index: number; paste?: string } {
  const labelled = kb.topics.get(goal.topic);
  const askers = [...(labelled ? [labelled] : []), ...kb.topics.values()];
  for (const topic of askers) {
    const node = Object.values(topic.tree.nodes).find(
      (n): n is QuestionNode | CheckNode => n.type !== 'fix' && n.text === question,
    );
    if (!node) continue;
    const found = node.choices.findIndex((c) => reaches(topic, c.next, goal));
    const index = found >= 0 ? found : 0;
    // At a check, the truthful answer is the command's output for that outcome, pasted.
    const outcome = node.type === 'check' ? (node.choices[index] as { outcome?: string }).outcome : undefined;
    const check = kb.checks.get((node as CheckNode).check);
    // A log entry is read as an error of its own: the simulated user clicks rather than pastes one.
    const readsAsMessage = check?.outcomes.find((o) => o.id === outcome)?.readAsMessage;
    const sample = outcome && !readsAsMessage ? check?.samples.find((s) => s.outcome === outcome) : undefined;
    return sample ? { index, paste: sample.output } : { index };
  }
  return { index: 0 };
}

/**
 * The first fix is right when it is the labelled topic's (and cause's, when labelled); for a
 * triage topic, which has no fix of its own, when its question led on to one of its topics.
 */
export function isRightFix(kb: KnowledgeBase, r: DialogCaseResult): boolean {
  const fix = r.firstFix;
  if (!fix) return false;
  const triage = kb.triage.get(r.case.topic);
  if (triage) return r.questions > 0 && triage.includes(fix.topic);
  return fix.topic === r.case.topic && (!r.case.cause || fix.cause === r.case.cause);
}

export async function evaluateDialogs(
  app: BotApp,
  cases: readonly LabelledCase[],
): Promise<{ summary: DialogSummary; results: DialogCaseResult[] }> {
  const inScope = cases.filter((c) => c.topic !== OUT_OF_SCOPE);
  // Each run's conversations are new ones, even when the same bot plays several sets.
  const run = randomUUID().slice(0, 8);
  const turnMs: number[] = [];
  const results: DialogCaseResult[] = [];
  const fixByCard = new Map<string, { topic: string; cause: string }>();
  for (const topic of app.kb.topics.values())
    for (const cause of topic.causes)
      fixByCard.set(`${topic.title}\u0000${cause.summary}`, { topic: topic.id, cause: cause.id });

  for (const [i, c] of inScope.entries()) {
    const client = new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      conversationId: `eval-${run}-${i}`,
      channelId: 'test',
    });
    const transcript: string[] = [];
    const timed = async (send: () => Promise<Partial<Activity>[]>) => {
      const started = process.hrtime.bigint();
      const replies = await send();
      turnMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      return replies;
    };
    let replies = await timed(() => client.say(c.text));
    transcript.push(`user: ${c.text.slice(0, 80)}`);
    let firstFix: { topic: string; cause: string } | undefined;
    let questions = 0;

    for (let turn = 0; turn < MAX_TURNS && !firstFix; turn++) {
      const cards = cardsIn(replies);
      for (const card of cards) {
        const fix = fixByCard.get(
          `${blockText(card, CARD_IDS.fixTitle) ?? ''}\u0000${fixCauseOf(card) ?? ''}`,
        );
        if (fix && !firstFix) firstFix = fix;
      }
      // Someone who said they can't change settings gets the likely cause to pass on, not the steps.
      for (const r of replies) {
        const tag = (
          r.channelData as { troubleshooter?: { reply?: string; topic?: string; cause?: string } } | undefined
        )?.troubleshooter;
        if (!firstFix && tag?.reply === 'hand-off' && tag.topic && tag.cause)
          firstFix = { topic: tag.topic, cause: tag.cause };
      }
      if (firstFix) {
        transcript.push(`bot: fix ${firstFix.topic}/${firstFix.cause}`);
        await timed(() => client.say('no'));
        break;
      }
      const asked = cards.map(questionOf).find((q) => q !== undefined);
      if (!asked) break;
      questions++;
      let choice: number;
      if (asked.question === messages.whichTopic) {
        const wanted = app.kb.topics.get(c.topic)?.label;
        const index = asked.buttons.findIndex((b) => b.title === wanted);
        choice = index >= 0 ? index : asked.buttons.length - 1;
      } else {
        const truthful = truthfulChoice(app.kb, asked.question, { topic: c.topic, cause: c.cause });
        if (truthful.paste !== undefined) {
          const paste = truthful.paste;
          transcript.push(`bot: ${asked.question} / user pastes: ${paste.slice(0, 60)}`);
          replies = await timed(() => client.say(paste));
          continue;
        }
        choice = truthful.index;
      }
      const button = asked.buttons[choice]!;
      transcript.push(`bot: ${asked.question} / user clicks: ${button.title}`);
      replies = await timed(() => client.click(button.data));
    }
    results.push({ case: c, firstFix, questions, transcript });
  }

  const reached = results.filter((r) => r.firstFix);
  const right = results.filter((r) => isRightFix(app.kb, r));
  const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
  const sorted = [...turnMs].sort((a, b) => a - b);
  return {
    summary: {
      cases: results.length,
      fixReached: round(reached.length / Math.max(1, results.length)),
      rightFix: round(right.length / Math.max(1, results.length)),
      meanQuestions: round(results.reduce((n, r) => n + r.questions, 0) / Math.max(1, results.length), 2),
      p99TurnMs: round(percentile(sorted, 99), 2),
    },
    results,
  };
}
