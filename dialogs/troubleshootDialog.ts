import { randomUUID } from 'node:crypto';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
// By module path: the package's entry also loads every prompt and its Recognizers-Text language
// models, ~350 ms of start-up time for classes this bot does not use.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
import type { KnowledgeBase } from '../src/engine/knowledge';
import type { Area, Topic } from '../src/engine/knowledgeSchema';
import type { Recogniser } from '../src/engine/recogniser';
import { MAX_ANALYSED_CHARS, printable } from '../src/engine/text';
import { remainingCauses, startWalk, stepAt, UnknownPositionError } from '../src/engine/walk';
import { didItWorkLabels } from './cards';
import { commandOf, smallTalkOf } from './commands';
import { AREA_LABELS, messages } from './messages';
import { askQuestion, readAnswer, type AskedState, type AskSpec, type Reading } from './questions';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';

/** What we know about the user's case so far; it travels with the questions and ends in the summary. */
export interface CaseFile {
  readonly text: string;
  readonly topic: string;
  readonly answers: { question: string; answer: string }[];
  /** "topic/cause" of every fix shown, in order. */
  readonly tried: string[];
}

/**
 * The question on screen, by reference to the knowledge (its wording and choices are rebuilt
 * each turn, so the saved state stays small and follows knowledge updates).
 */
export type Pending =
  | { readonly kind: 'pick-topic'; readonly text: string; readonly candidates: string[] }
  | { readonly kind: 'area' }
  | { readonly kind: 'topic-in-area'; readonly area: Area }
  | { readonly kind: 'tree'; readonly case: CaseFile; readonly node: string }
  | { readonly kind: 'did-it-work'; readonly case: CaseFile; readonly topic: string; readonly cause: string };

/** What the dialog is started with: a message to understand (this turn's by default), or a question to ask. */
type Start =
  | { readonly understand?: string; readonly ask?: undefined }
  | {
      readonly ask: Pending;
      /** Said before the question, in the same message. */
      readonly lead?: readonly string[];
      /** The question asked again: its key stays, so its card's buttons still count. */
      readonly asked?: AskedState;
    };

interface Waiting {
  pending?: Pending;
  asked?: AskedState;
}

export interface TroubleshootDeps {
  readonly kb: KnowledgeBase;
  readonly recogniser: Recogniser;
  /** Out-of-scope messages in a row, kept across turns. */
  readonly misses: StatePropertyAccessor<number>;
}

const MAX_CASE_TEXT = 2000;

const DID_IT_WORK: AskSpec = {
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
      aliases: ['still broken', 'not fixed', "didn't work", 'did not work', 'still failing', 'same error'],
    },
  ],
};

/**
 * The whole conversation as one two-step waterfall: (1) understand the message or show the next
 * question, (2) read the answer and decide what comes next, then start over at (1) with that.
 * The knowledge says what to ask; this only walks it: name the problem, clarify the cause with
 * the topic's question tree, give fixes until one works, then a case summary. A turn is one
 * resumed step and at most one restarted step, however deep the walk, which keeps turns cheap.
 * Commands (cancel, start over, help) are handled here for every turn, the first one included.
 */
export class TroubleshootDialog extends WaterfallDialog {
  private readonly kb: KnowledgeBase;
  private readonly recogniser: Recogniser;
  private readonly misses: StatePropertyAccessor<number>;

  constructor(deps: TroubleshootDeps) {
    super(TROUBLESHOOT_DIALOG);
    this.kb = deps.kb;
    this.recogniser = deps.recogniser;
    this.misses = deps.misses;
    this.addStep((step) => this.act(step));
    this.addStep((step) => this.answered(step));
  }

  override async beginDialog(dc: DialogContext, options?: Start): Promise<DialogTurnResult> {
    // Started with options means restarted by this dialog, for a message already checked.
    if (!options) {
      const handled = await this.command(dc, false);
      if (handled) return handled;
    }
    return super.beginDialog(dc, options);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    return (await this.command(dc, true)) ?? super.continueDialog(dc);
  }

  /** Cancel, start over and help work on any turn; undefined when the message is none of them. */
  private async command(dc: DialogContext, inFlow: boolean): Promise<DialogTurnResult | undefined> {
    const command = commandOf(dc.context.activity.text);
    if (!command) return undefined;
    await this.misses.set(dc.context, 0);
    switch (command) {
      case 'cancel':
        await dc.context.sendActivity(inFlow ? messages.cancelled : messages.nothingToCancel);
        return dc.endDialog();
      case 'restart':
        await dc.context.sendActivity(`${messages.restarted}\n\n${messages.intro}`);
        return dc.endDialog();
      case 'help': {
        await dc.context.sendActivity(messages.intro);
        const menu: Start = { ask: { kind: 'area' } };
        return inFlow ? dc.replaceDialog(this.id, menu) : super.beginDialog(dc, menu);
      }
    }
  }

  // --- step 1: understand a message, or ask -------------------------------------------------

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const start = step.options as Start;
    const values = step.values as Waiting;
    if (start.ask) {
      values.asked = start.asked ?? { key: randomUUID() };
      await askQuestion(step.context, this.spec(start.ask), values.asked, start.lead);
      return Dialog.EndOfTurn;
    }
    const next = await this.understand(step.context, start.understand);
    // The options are saved with the dialog: the message, possibly a long paste, is not kept.
    delete (start as { understand?: string }).understand;
    if (!next?.ask) return step.endDialog();
    values.pending = next.ask;
    values.asked = { key: randomUUID() };
    await askQuestion(step.context, this.spec(next.ask), values.asked, next.lead);
    return Dialog.EndOfTurn;
  }

  /** The first turn of a problem: what it is, and the first question to ask, if any. */
  private async understand(context: TurnContext, restartedWith?: string): Promise<Start | undefined> {
    const text = restartedWith ?? context.activity.text ?? '';

    if (restartedWith === undefined && !text.trim() && context.activity.value !== undefined) {
      // A click on a card from a conversation flow that has already ended.
      await context.sendActivity(messages.staleClick.replace(/ Here's where we are:$/, ''));
      return undefined;
    }
    const smallTalk = smallTalkOf(text);
    if (smallTalk) {
      await this.misses.set(context, 0);
      await context.sendActivity(smallTalk === 'greeting' ? messages.intro : messages.thanks);
      return undefined;
    }

    const r = this.recogniser.recognise(text);
    if (r.decision === 'match') {
      await this.misses.set(context, 0);
      const topic = this.topic(r.topic);
      const cause = r.cause?.reason === 'cue' ? topic.causes.find((c) => c.id === r.cause?.cause) : undefined;
      const lead = [messages.named(topic.title), ...(cause ? [messages.causeKnown(cause.summary)] : [])];
      const start = startWalk(this.kb, topic.id, r.cause?.cause);
      return this.goTo(this.newCase(text, topic.id), start.nodeId, lead);
    }
    if (r.decision === 'ambiguous') {
      await this.misses.set(context, 0);
      // Kept for the cause cues once a topic is picked; the recogniser reads no further than this.
      const kept = text.slice(0, MAX_ANALYSED_CHARS);
      return { ask: { kind: 'pick-topic', text: kept, candidates: r.candidates.map((c) => c.topic) } };
    }

    if (r.neighbour) {
      // Another product's problem: say which, and where its own troubleshooting is.
      await this.misses.set(context, 0);
      const neighbour = this.kb.neighbours.find((n) => n.id === r.neighbour?.id);
      if (neighbour) {
        await context.sendActivity(messages.neighbour(neighbour.product, neighbour.why, neighbour.links));
        return undefined;
      }
    }
    if (r.reason === 'not-a-problem') {
      await this.misses.set(context, 0);
      await context.sendActivity(messages.notAProblem(this.kb.outOfScope.notAProblem.links));
      return undefined;
    }
    const misses = (await this.misses.get(context, 0)) + 1;
    await this.misses.set(context, misses);
    if (misses >= 2) {
      await this.misses.set(context, 0);
      return { ask: { kind: 'area' }, lead: [messages.outOfScopeAgain] };
    }
    await context.sendActivity(
      r.reason === 'foreign-error' ? messages.outOfScopeForeign : messages.outOfScope,
    );
    return undefined;
  }

  // --- step 2: the answer, and what comes next ----------------------------------------------

  private async answered(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { asked } = step.values as Waiting;
    const pending = (step.values as Waiting).pending ?? (step.options as Start).ask;
    if (!pending || !asked) throw new UnknownPositionError('no question is waiting for an answer');
    const reading = await readAnswer(step.context, this.spec(pending), asked, this.recogniser);
    const next = await this.next(step.context, pending, asked, reading);
    return next ? step.replaceDialog(this.id, next) : step.endDialog();
  }

  private async next(
    context: TurnContext,
    pending: Pending,
    asked: AskedState,
    reading: Reading,
  ): Promise<Start | undefined> {
    switch (reading.kind) {
      case 'new-problem':
        return { understand: reading.text };
      case 'stale':
        return { ask: pending, lead: [messages.staleClick], asked: { ...asked, withoutFix: false } };
      case 'unrecognised':
        // Just the question again: the fix it asks about is right above.
        return { ask: pending, lead: [messages.retry], asked: { ...asked, withoutFix: true } };
    }
    const index = reading.index;
    switch (pending.kind) {
      case 'pick-topic': {
        const topicId = pending.candidates[index];
        if (!topicId) {
          await context.sendActivity(messages.rephrase);
          return undefined;
        }
        const topic = this.topic(topicId);
        const start = startWalk(
          this.kb,
          topic.id,
          this.recogniser.detectCause(topic.id, pending.text)?.cause,
        );
        return this.goTo(this.newCase(pending.text, topic.id), start.nodeId);
      }
      case 'area':
        return { ask: { kind: 'topic-in-area', area: this.areas()[index]! } };
      case 'topic-in-area': {
        const topic = this.topicsIn(pending.area)[index]!;
        return this.goTo(this.newCase(`(chosen from the menu: ${topic.label})`, topic.id), topic.tree.start, [
          messages.named(topic.title),
        ]);
      }
      case 'tree': {
        const at = stepAt(this.kb, pending.case.topic, pending.node);
        if (at.kind !== 'question')
          throw new UnknownPositionError(`node '${pending.node}' is not a question`);
        const choice = at.question.choices[index]!;
        const next: CaseFile = {
          ...pending.case,
          answers: [...pending.case.answers, { question: at.question.text, answer: choice.label }],
        };
        if (typeof choice.next === 'string') return this.goTo(next, choice.next);
        // A triage answer names the topic: go on with its tree, as if the message had named it.
        const topic = this.topic(choice.next.topic);
        const start = startWalk(this.kb, topic.id, this.recogniser.detectCause(topic.id, next.text)?.cause);
        return this.goTo({ ...next, topic: topic.id }, start.nodeId, [messages.named(topic.title)]);
      }
      case 'did-it-work':
        return this.afterFix(context, pending.case, index === 0);
    }
  }

  // --- the question tree and its fixes --------------------------------------------------------

  /** The tree's question at `node`, or the fix there (with "did that fix it?"). */
  private goTo(c: CaseFile, node: string, lead: readonly string[] = []): Start {
    const at = stepAt(this.kb, c.topic, node);
    if (at.kind === 'question') return { ask: { kind: 'tree', case: c, node }, lead };
    return this.showFix(c, at.topic.id, at.cause.id, lead);
  }

  private showFix(c: CaseFile, topicId: string, causeId: string, lead: readonly string[] = []): Start {
    const tried: CaseFile = { ...c, tried: [...c.tried, `${topicId}/${causeId}`] };
    return { ask: { kind: 'did-it-work', case: tried, topic: topicId, cause: causeId }, lead };
  }

  private async afterFix(context: TurnContext, c: CaseFile, worked: boolean): Promise<Start | undefined> {
    if (worked) {
      await context.sendActivity(messages.fixed);
      return undefined;
    }
    const next = this.nextFix(c);
    if (next) {
      return this.showFix(c, next.topic, next.cause, [
        next.topic === c.topic ? messages.nextCause : messages.generalChecks,
      ]);
    }
    await context.sendActivity(`${messages.summaryIntro}\n\n${this.caseSummary(c)}`);
    return undefined;
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
    const reported = printable(c.text).replace(/`/g, "'").replace(/\s+/g, ' ').trim().slice(0, MAX_CASE_TEXT);
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

  // --- what each pending question looks like ----------------------------------------------------

  private spec(pending: Pending): AskSpec {
    switch (pending.kind) {
      case 'pick-topic': {
        const topics = pending.candidates.map((id) => this.topic(id));
        return {
          question: messages.whichTopic,
          details: topics.map((t, i) => `${i + 1}. ${t.title}`),
          choices: [
            // "Not sure" is a fair answer: the general checks, when they are offered.
            ...topics.map((t) => ({
              label: t.label,
              aliases: [t.title],
              ...(t.id === this.kb.fallbackTopic ? { means: 'unsure' as const } : {}),
            })),
            {
              label: messages.noneOfThese,
              means: 'no',
              aliases: ['none', 'neither', 'none of them', 'something else', 'other', 'no'],
            },
          ],
        };
      }
      case 'area':
        return {
          question: messages.menuQuestion,
          choices: this.areas().map((a) => ({ label: AREA_LABELS[a] })),
        };
      case 'topic-in-area': {
        const topics = this.topicsIn(pending.area);
        return {
          question: messages.menuTopicQuestion(AREA_LABELS[pending.area]),
          details: topics.map((t, i) => `${i + 1}. ${t.title}`),
          choices: topics.map((t) => ({ label: t.label, aliases: [t.title] })),
        };
      }
      case 'tree': {
        const at = stepAt(this.kb, pending.case.topic, pending.node);
        if (at.kind !== 'question')
          throw new UnknownPositionError(`node '${pending.node}' is not a question`);
        return { question: at.question.text, choices: at.question.choices };
      }
      case 'did-it-work': {
        const topic = this.topic(pending.topic);
        const cause = topic.causes.find((x) => x.id === pending.cause);
        if (!cause) throw new UnknownPositionError(`topic '${topic.id}' has no cause '${pending.cause}'`);
        return { ...DID_IT_WORK, fix: { topic, cause } };
      }
    }
  }

  private areas(): Area[] {
    const present = new Set([...this.kb.topics.values()].map((t) => t.area));
    return (Object.keys(AREA_LABELS) as Area[]).filter((a) => present.has(a));
  }

  private topicsIn(area: Area): Topic[] {
    const topics = [...this.kb.topics.values()].filter((t) => t.area === area);
    if (!topics.length) throw new UnknownPositionError(`no topic is in area '${area}'`);
    return topics;
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
