import type { Cause, FixStep, Topic } from '../src/engine/knowledgeSchema';
import { stepsShown } from '../src/engine/conversation/followUp';
import { messages } from './messages';

// Adaptive Cards (schema 1.5) built from knowledge, plus a plain-text rendering of any card we
// build, for channels without cards and for the terminal chat. Pure functions of their input.

export interface TextBlock {
  type: 'TextBlock';
  /** Set on the blocks readers of a card look for (see CARD_IDS). */
  id?: string;
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium' | 'Large';
  fontType?: 'Monospace';
  isSubtle?: boolean;
  spacing?: 'Small' | 'Medium' | 'Large';
}
export interface Container {
  type: 'Container';
  style?: 'emphasis';
  items: TextBlock[];
}
export interface ActionSet {
  type: 'ActionSet';
  actions: Action[];
}
export type Element = TextBlock | Container | ActionSet;
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: AnswerSubmit;
}
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}
/** Unfolds more of the card in place (Teams renders it): the rest of a fix's steps. */
export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: Element[] };
}
export type Action = SubmitAction | OpenUrlAction | ShowCardAction;
export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.5';
  body: Element[];
  actions?: Action[];
}

/** What a button sends back: which prompt it answers and which choice it is. */
export interface AnswerSubmit {
  answerFor: string;
  choice: number;
  /** Shown as the user's reply in clients that echo submits, and used by text-only clients. */
  label: string;
}

export function isAnswerSubmit(value: unknown): value is AnswerSubmit {
  const v = value as Partial<AnswerSubmit> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.answerFor === 'string' &&
    typeof v.choice === 'number' &&
    Number.isInteger(v.choice)
  );
}

const text = (t: string, extra: Partial<TextBlock> = {}): TextBlock => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});

function card(body: Element[], actions: Action[] = []): AdaptiveCard {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

// Teams shows at most six actions in one set; a question with more choices gets its buttons in
// several sets in the card's body instead.
export const MAX_ACTIONS_PER_SET = 6;
const BUTTONS_PER_ROW_WHEN_MANY = 4;

/** Every answer button of a card, in order, wherever the card puts them. */
export function submitActionsOf(c: AdaptiveCard): SubmitAction[] {
  const out: SubmitAction[] = [];
  for (const el of c.body)
    if (el.type === 'ActionSet') for (const a of el.actions) if (a.type === 'Action.Submit') out.push(a);
  for (const a of c.actions ?? []) if (a.type === 'Action.Submit') out.push(a);
  return out;
}

/** Ids of the blocks that say what a card is about, for whatever reads cards back (tests, the dialog eval). */
export const CARD_IDS = { question: 'question', fixTitle: 'fix-title', fixCause: 'fix-cause' } as const;

export interface QuestionCardInput {
  readonly question: string;
  readonly labels: readonly string[];
  /** Ties a click to this very question (see AnswerSubmit). */
  readonly answerFor: string;
  readonly details?: readonly string[];
  /** A command to run and paste back (a guided check), shown as code under the details. */
  readonly command?: string;
  /** Said first, in the same card: what the bot understood, or why it asks again. */
  readonly lead?: readonly string[];
  /** A fix to show above the question (the question is then whether it worked). */
  readonly fix?: { readonly topic: Topic; readonly cause: Cause };
  /** Once answered: the choice made is shown and no buttons are left to click. */
  readonly answered?: string;
}

/** One message per turn: the lead, a fix if there is one, and the question with a button per choice. */
export function questionCard(input: QuestionCardInput): AdaptiveCard {
  const body: Element[] = [
    ...(input.lead ?? []).flatMap(leadBlocks),
    ...(input.fix ? fixBlocks(input.fix.topic, input.fix.cause) : []),
    text(input.question, {
      id: CARD_IDS.question,
      weight: 'Bolder',
      ...(input.fix || input.lead?.length ? { spacing: 'Large' as const } : {}),
    }),
    ...(input.details ?? []).map((d) => text(d, { spacing: 'Small' })),
    ...(input.command ? [commandBlock(input.command)] : []),
  ];
  if (input.answered !== undefined) {
    body.push(text(`✔ ${escapeCardText(input.answered)}`, { isSubtle: true }));
    return card(body);
  }
  const buttons: SubmitAction[] = input.labels.map((label, choice) => ({
    type: 'Action.Submit',
    title: label,
    data: { answerFor: input.answerFor, choice, label },
  }));
  if (buttons.length <= MAX_ACTIONS_PER_SET) return card(body, buttons);
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW_WHEN_MANY)
    body.push({ type: 'ActionSet', actions: buttons.slice(i, i + BUTTONS_PER_ROW_WHEN_MANY) });
  return card(body);
}

/** The text of the block with this id, if the card has one. */
export function blockText(c: AdaptiveCard, id: string): string | undefined {
  for (const el of c.body) if (el.type === 'TextBlock' && el.id === id) return el.text;
  return undefined;
}

/** Code to run, as monospace lines: card text is Markdown, where a single newline is only a space. */
function commandBlock(code: string): Element {
  return {
    type: 'Container',
    style: 'emphasis',
    items: code.split('\n').map((line) => text(line, { fontType: 'Monospace', spacing: 'Small' })),
  };
}

function stepBlocks(step: FixStep, n: number): Element[] {
  if (typeof step === 'string') return [text(`${n}. ${step}`)];
  const blocks: Element[] = [text(`${n}. ${step.text}`)];
  if (step.powershell) blocks.push(commandBlock(step.powershell));
  return blocks;
}

function fixBlocks(topic: Topic, cause: Cause): Element[] {
  const steps = cause.fix.steps;
  const shown = stepsShown(steps.length);
  const blocks: Element[] = [
    text(topic.title, { id: CARD_IDS.fixTitle, weight: 'Bolder', size: 'Medium' }),
    text(`**Likely cause:** ${cause.summary}`, { id: CARD_IDS.fixCause }),
    ...(cause.context ? [text(cause.context, { isSubtle: true })] : []),
    text('**Fix**', { spacing: 'Medium' }),
    ...steps.slice(0, shown).flatMap((step, i) => stepBlocks(step, i + 1)),
  ];
  if (shown < steps.length)
    blocks.push({
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.ShowCard',
          title: messages.allSteps(steps.length - shown),
          card: {
            type: 'AdaptiveCard',
            body: steps.slice(shown).flatMap((step, i) => stepBlocks(step, shown + i + 1)),
          },
        },
      ],
    });
  if (cause.fix.links.length)
    blocks.push({
      type: 'ActionSet',
      actions: cause.fix.links.map((link) => ({ type: 'Action.OpenUrl', title: link.title, url: link.url })),
    });
  return blocks;
}

/** A lead paragraph: Markdown text, with any fenced code as monospace lines (card text has no code blocks). */
function leadBlocks(line: string): Element[] {
  const parts = line.split(/```\n?/);
  return parts.flatMap((part, i): Element[] => {
    const body = part.replace(/\n$/, '');
    if (!body.trim()) return [];
    if (i % 2 === 0) return [text(body)];
    return [
      {
        type: 'Container',
        style: 'emphasis',
        items: body.split('\n').map((l) => text(l, { fontType: 'Monospace', spacing: 'Small' })),
      },
    ];
  });
}

/** The cause a fix card (or a question card with a fix) shows, as written in the knowledge. */
export function fixCauseOf(c: AdaptiveCard): string | undefined {
  return blockText(c, CARD_IDS.fixCause)?.replace(/^\*\*Likely cause:\*\* /, '');
}

/**
 * Adaptive Card text is Markdown: anything a user typed that we show again is escaped so it
 * cannot turn into links, images, mentions or formatting.
 */
export function escapeCardText(input: string): string {
  return input
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Plain text for any card above: for channels without cards and for the terminal chat. */
export function cardToText(c: AdaptiveCard): string {
  const lines: string[] = [];
  const walk = (el: Element) => {
    if (el.type === 'TextBlock') lines.push(el.fontType === 'Monospace' ? indent(el.text) : el.text);
    else if (el.type === 'Container') el.items.forEach(walk);
    else
      for (const l of el.actions) {
        if (l.type === 'Action.OpenUrl') lines.push(`${l.title}: ${l.url}`);
        // Text has nothing to unfold: the rest is there on request.
        else if (l.type === 'Action.ShowCard') lines.push(messages.allStepsInText(l.title));
      }
  };
  c.body.forEach(walk);
  const submits = submitActionsOf(c);
  const links = (c.actions ?? []).filter((a): a is OpenUrlAction => a.type === 'Action.OpenUrl');
  submits.forEach((a, i) => lines.push(`  ${i + 1}) ${a.title}`));
  for (const l of links) lines.push(`${l.title}: ${l.url}`);
  return lines.join('\n');
}

const indent = (code: string) =>
  code
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

export const didItWorkLabels = [messages.yes, messages.no] as const;
