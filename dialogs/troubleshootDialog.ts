import { CardFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { KnowledgeBase } from '../src/engine/knowledge';
import type { Area, Topic } from '../src/engine/knowledgeSchema';
import type { Recogniser } from '../src/engine/recogniser';
import { remainingCauses, startWalk, stepAt, UnknownPositionError } from '../src/engine/walk';
import { AnswerPrompt, type Answer, type AskSpec } from './answerPrompt';
import { cardToText, didItWorkLabels, fixCard, type AdaptiveCard } from './cards';
import { channelSupportsCards } from './channel';
import { commandOf, smallTalkOf } from './commands';
import { AREA_LABELS, messages } from './messages';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';
const MAIN = 'main';
const PICK = 'pick-topic';
const MENU = 'menu';
const TOPIC = 'topic';
const FIX = 'fix';
const ASK = 'ask';

/** What we know about the user's case so far; it travels with the dialogs and ends in the summary. */
export interface CaseFile {
  readonly text: string;
  readonly topic: string;
  readonly answers: { question: string; answer: string }[];
  /** "topic/cause" of every fix shown, in order. */
  readonly tried: string[];
}

/** How a flow ended: done, or interrupted by a message that is a different error. */
export type Outcome = { readonly kind: 'done' } | { readonly kind: 'new-problem'; readonly text: string };

export interface TroubleshootDeps {
  readonly kb: KnowledgeBase;
  readonly recogniser: Recogniser;
  /** Out-of-scope messages in a row, kept across turns. */
  readonly misses: StatePropertyAccessor<number>;
}

interface MainOptions {
  text?: string;
}
interface PickOptions {
  text: string;
  candidates: string[];
}
interface TopicOptions {
  case: CaseFile;
  node: string;
}
interface MenuValues {
  topics?: string[];
}
interface FixValues {
  case?: CaseFile;
}
interface FixOptions {
  case: CaseFile;
  topic: string;
  cause: string;
}

const MAX_CASE_TEXT = 2000;
const DONE: Outcome = { kind: 'done' };

export async function sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  if (channelSupportsCards(context.activity.channelId))
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  else await context.sendActivity(cardToText(card));
}

/**
 * The whole conversation: understand the message, clarify the cause with the topic's question
 * tree, give fixes until one works, then a case summary. Interruptions are handled here, once,
 * for every step and for the first turn.
 */
export class TroubleshootDialog extends ComponentDialog {
  private readonly kb: KnowledgeBase;
  private readonly recogniser: Recogniser;
  private readonly misses: StatePropertyAccessor<number>;

  constructor(deps: TroubleshootDeps) {
    super(TROUBLESHOOT_DIALOG);
    this.kb = deps.kb;
    this.recogniser = deps.recogniser;
    this.misses = deps.misses;
    this.addDialog(new AnswerPrompt(ASK, deps.recogniser));
    this.addDialog(new WaterfallDialog(MAIN, [(s) => this.understand(s), (s) => this.afterFlow(s)]));
    this.addDialog(
      new WaterfallDialog(PICK, [
        (s) => this.askWhichTopic(s),
        (s) => this.pickedTopic(s),
        (s) => this.finish(s),
      ]),
    );
    this.addDialog(
      new WaterfallDialog(MENU, [
        (s) => this.askArea(s),
        (s) => this.askTopicInArea(s),
        (s) => this.startChosenTopic(s),
        (s) => this.finish(s),
      ]),
    );
    this.addDialog(new WaterfallDialog(TOPIC, [(s) => this.askOrFix(s), (s) => this.afterAnswer(s)]));
    this.addDialog(new WaterfallDialog(FIX, [(s) => this.showFix(s), (s) => this.afterFix(s)]));
    this.initialDialogId = MAIN;
  }

  protected async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc, false)) ?? super.onBeginDialog(innerDc, options);
  }

  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc, true)) ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(dc: DialogContext, inFlow: boolean): Promise<DialogTurnResult | undefined> {
    const { activity } = dc.context;
    if (activity.type !== 'message') return undefined;
    const command = commandOf(activity.text);
    if (!command) return undefined;
    await dc.cancelAllDialogs();
    await this.misses.set(dc.context, 0);
    switch (command) {
      case 'cancel':
        await dc.context.sendActivity(inFlow ? messages.cancelled : messages.nothingToCancel);
        return { status: DialogTurnStatus.complete };
      case 'restart':
        await dc.context.sendActivity(`${messages.restarted}\n\n${messages.intro}`);
        return { status: DialogTurnStatus.complete };
      case 'help':
        await dc.context.sendActivity(messages.intro);
        return dc.beginDialog(MENU);
    }
  }

  // --- first turn of a problem ---------------------------------------------------------------

  private async understand(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const options = (step.options ?? {}) as MainOptions;
    const text = options.text ?? context.activity.text ?? '';

    if (!options.text && !text.trim() && context.activity.value !== undefined) {
      // A click on a card from a conversation flow that has already ended.
      await context.sendActivity(messages.staleClick.replace(/ Here's where we are:$/, ''));
      return step.endDialog(DONE);
    }
    const smallTalk = smallTalkOf(text);
    if (smallTalk) {
      await this.misses.set(context, 0);
      await context.sendActivity(smallTalk === 'greeting' ? messages.intro : messages.thanks);
      return step.endDialog(DONE);
    }

    const r = this.recogniser.recognise(text);
    if (r.decision === 'match') {
      await this.misses.set(context, 0);
      const topic = this.topic(r.topic);
      const cause = r.cause?.reason === 'cue' ? topic.causes.find((c) => c.id === r.cause?.cause) : undefined;
      await context.sendActivity(
        cause
          ? `${messages.named(topic.title)}\n\n${messages.causeKnown(cause.summary)}`
          : messages.named(topic.title),
      );
      const start = startWalk(this.kb, topic.id, r.cause?.cause);
      return step.beginDialog(TOPIC, {
        case: this.newCase(text, topic.id),
        node: start.nodeId,
      } satisfies TopicOptions);
    }
    if (r.decision === 'ambiguous') {
      await this.misses.set(context, 0);
      return step.beginDialog(PICK, {
        text,
        candidates: r.candidates.map((c) => c.topic),
      } satisfies PickOptions);
    }

    const misses = (await this.misses.get(context, 0)) + 1;
    await this.misses.set(context, misses);
    if (misses >= 2) {
      await this.misses.set(context, 0);
      await context.sendActivity(messages.outOfScopeAgain);
      return step.beginDialog(MENU);
    }
    await context.sendActivity(
      r.reason === 'foreign-error' ? messages.outOfScopeForeign : messages.outOfScope,
    );
    return step.endDialog(DONE);
  }

  private async afterFlow(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const outcome = step.result as Outcome | undefined;
    if (outcome?.kind === 'new-problem')
      return step.replaceDialog(MAIN, { text: outcome.text } satisfies MainOptions);
    return step.endDialog(DONE);
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog((step.result as Outcome | undefined) ?? DONE);
  }

  // --- "which of these is it?" ---------------------------------------------------------------

  private async askWhichTopic(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { candidates } = step.options as PickOptions;
    const topics = candidates.map((id) => this.topic(id));
    const spec: AskSpec = {
      question: messages.whichTopic,
      details: topics.map((t, i) => `${i + 1}. ${t.title}`),
      choices: [
        ...topics.map((t) => ({ label: t.label, aliases: [t.title] })),
        { label: messages.noneOfThese, aliases: ['none', 'neither', 'something else', 'other'] },
      ],
      allowNewProblem: true,
    };
    return step.prompt(ASK, AnswerPrompt.options(spec));
  }

  private async pickedTopic(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { text, candidates } = step.options as PickOptions;
    const answer = step.result as Answer;
    if (answer.kind === 'new-problem') return this.leaveFor(step, answer.text);
    const topicId = candidates[answer.index];
    if (!topicId) {
      await step.context.sendActivity(messages.rephrase);
      return step.endDialog(DONE);
    }
    const topic = this.topic(topicId);
    const start = startWalk(this.kb, topic.id, this.recogniser.detectCause(topic.id, text)?.cause);
    return step.beginDialog(TOPIC, {
      case: this.newCase(text, topic.id),
      node: start.nodeId,
    } satisfies TopicOptions);
  }

  // --- the topic menu ------------------------------------------------------------------------

  private areas(): Area[] {
    const present = new Set([...this.kb.topics.values()].map((t) => t.area));
    return (Object.keys(AREA_LABELS) as Area[]).filter((a) => present.has(a));
  }

  private async askArea(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const spec: AskSpec = {
      question: messages.menuQuestion,
      choices: this.areas().map((a) => ({ label: AREA_LABELS[a] })),
      allowNewProblem: true,
    };
    return step.prompt(ASK, AnswerPrompt.options(spec));
  }

  private async askTopicInArea(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as Answer;
    if (answer.kind === 'new-problem') return this.leaveFor(step, answer.text);
    const area = this.areas()[answer.index]!;
    const topics = [...this.kb.topics.values()].filter((t) => t.area === area);
    (step.values as MenuValues).topics = topics.map((t) => t.id);
    const spec: AskSpec = {
      question: messages.menuTopicQuestion(AREA_LABELS[area]),
      details: topics.map((t, i) => `${i + 1}. ${t.title}`),
      choices: topics.map((t) => ({ label: t.label, aliases: [t.title] })),
      allowNewProblem: true,
    };
    return step.prompt(ASK, AnswerPrompt.options(spec));
  }

  private async startChosenTopic(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as Answer;
    if (answer.kind === 'new-problem') return this.leaveFor(step, answer.text);
    const topic = this.topic((step.values as MenuValues).topics![answer.index]!);
    await step.context.sendActivity(messages.named(topic.title));
    return step.beginDialog(TOPIC, {
      case: this.newCase(`(chosen from the menu: ${topic.label})`, topic.id),
      node: topic.tree.start,
    } satisfies TopicOptions);
  }

  // --- the question tree -----------------------------------------------------------------------

  private async askOrFix(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as TopicOptions;
    const at = stepAt(this.kb, options.case.topic, options.node);
    if (at.kind === 'fix')
      return step.beginDialog(FIX, {
        case: options.case,
        topic: at.topic.id,
        cause: at.cause.id,
      } satisfies FixOptions);
    const spec: AskSpec = {
      question: at.question.text,
      choices: at.question.choices.map((c) => ({
        label: c.label,
        aliases: c.aliases,
        ...(c.means ? { means: c.means } : {}),
      })),
      allowNewProblem: true,
    };
    return step.prompt(ASK, AnswerPrompt.options(spec));
  }

  private async afterAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as TopicOptions;
    const at = stepAt(this.kb, options.case.topic, options.node);
    if (at.kind === 'fix') return step.endDialog((step.result as Outcome | undefined) ?? DONE);
    const answer = step.result as Answer;
    if (answer.kind === 'new-problem') return this.leaveFor(step, answer.text);
    const choice = at.question.choices[answer.index]!;
    const next: CaseFile = {
      ...options.case,
      answers: [...options.case.answers, { question: at.question.text, answer: choice.label }],
    };
    return step.replaceDialog(TOPIC, { case: next, node: choice.next } satisfies TopicOptions);
  }

  // --- fixes, one at a time, until one works ---------------------------------------------------

  private async showFix(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as FixOptions;
    const topic = this.topic(options.topic);
    const cause = topic.causes.find((c) => c.id === options.cause);
    if (!cause) throw new UnknownPositionError(`topic '${topic.id}' has no cause '${options.cause}'`);
    await sendCard(step.context, fixCard(topic, cause));
    (step.values as FixValues).case = {
      ...options.case,
      tried: [...options.case.tried, `${topic.id}/${cause.id}`],
    };
    const spec: AskSpec = {
      question: messages.didItWork,
      choices: [
        {
          label: didItWorkLabels[0],
          means: 'yes',
          aliases: ['fixed', 'it works', 'solved', 'that did it', 'worked'],
        },
        {
          label: didItWorkLabels[1],
          means: 'no',
          aliases: [
            'still broken',
            'not fixed',
            "didn't work",
            'did not work',
            'still failing',
            'same error',
          ],
        },
      ],
      allowNewProblem: true,
    };
    return step.prompt(ASK, AnswerPrompt.options(spec));
  }

  private async afterFix(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as Answer;
    const current = (step.values as FixValues).case!;
    if (answer.kind === 'new-problem') return this.leaveFor(step, answer.text);
    if (answer.index === 0) {
      await step.context.sendActivity(messages.fixed);
      return step.endDialog(DONE);
    }
    const next = this.nextFix(current);
    if (next) {
      await step.context.sendActivity(
        next.topic === current.topic ? messages.nextCause : messages.generalChecks,
      );
      return step.replaceDialog(FIX, { case: current, ...next } satisfies FixOptions);
    }
    await step.context.sendActivity(`${messages.summaryIntro}\n\n${this.caseSummary(current)}`);
    return step.endDialog(DONE);
  }

  /** The topic's other causes in order of likelihood, then the general connector checks. */
  private nextFix(c: CaseFile): { topic: string; cause: string } | undefined {
    const tried = c.tried;
    const untried = (topic: Topic) =>
      remainingCauses(topic, []).filter((cause) => !tried.includes(`${topic.id}/${cause.id}`));
    const own = untried(this.topic(c.topic))[0];
    if (own) return { topic: c.topic, cause: own.id };
    const general = untried(this.topic(this.kb.fallbackTopic))[0];
    return general ? { topic: this.kb.fallbackTopic, cause: general.id } : undefined;
  }

  private caseSummary(c: CaseFile): string {
    const topic = this.topic(c.topic);
    const reported = c.text.replace(/`/g, "'").replace(/\s+/g, ' ').trim().slice(0, MAX_CASE_TEXT);
    const fixes = c.tried.map((key) => {
      const [topicId, causeId] = key.split('/') as [string, string];
      const t = this.topic(topicId);
      return t.causes.find((x) => x.id === causeId)!;
    });
    const links = [...new Set(fixes.flatMap((f) => f.fix.links.map((l) => l.url)))];
    const lines = [
      'Microsoft Entra application proxy: troubleshooting summary',
      `Reported: ${reported}`,
      `Identified as: ${topic.title} [${topic.id}]`,
      ...(c.answers.length
        ? ['Answers given:', ...c.answers.map((a) => `- ${a.question} -> ${a.answer}`)]
        : []),
      'Fixes tried, none of which solved it:',
      ...fixes.map((f) => `- ${f.summary}`),
      'References:',
      ...links.map((l) => `- ${l}`),
    ];
    return ['```', ...lines, '```'].join('\n');
  }

  /** Ends this flow so the main dialog starts over with the new error the user typed. */
  private leaveFor(step: WaterfallStepContext, text: string): Promise<DialogTurnResult> {
    return step.endDialog({ kind: 'new-problem', text } satisfies Outcome);
  }

  private topic(id: string): Topic {
    const topic = this.kb.topics.get(id);
    if (!topic) throw new UnknownPositionError(`unknown topic '${id}'`);
    return topic;
  }

  private newCase(text: string, topic: string): CaseFile {
    return { text: text.slice(0, MAX_CASE_TEXT), topic, answers: [], tried: [] };
  }
}
