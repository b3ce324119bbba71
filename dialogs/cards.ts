import type { Cause, FixStep, Topic } from '../src/engine/knowledgeSchema';
import { messages } from './messages';

// Adaptive Cards (schema 1.5) built from knowledge, plus a plain-text rendering of any card we
// build, for channels without cards and for the terminal chat. Pure functions of their input.

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium' | 'Large';
  fontType?: 'Monospace';
  isSubtle?: boolean;
  spacing?: 'Small' | 'Medium';
}
export interface Container {
  type: 'Container';
  style?: 'emphasis';
  items: TextBlock[];
}
export type Element = TextBlock | Container;
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
export type Action = SubmitAction | OpenUrlAction;
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

/** A question with one button per choice. `answerFor` ties a click to this very prompt. */
export function questionCard(
  question: string,
  labels: readonly string[],
  answerFor: string,
  details: string[] = [],
): AdaptiveCard {
  return card(
    [text(question, { weight: 'Bolder' }), ...details.map((d) => text(d, { spacing: 'Small' }))],
    labels.map((label, choice) => ({
      type: 'Action.Submit',
      title: label,
      data: { answerFor, choice, label },
    })),
  );
}

/** The same question once answered: the choice made, and no buttons left to click. */
export function answeredCard(question: string, answer: string): AdaptiveCard {
  return card([
    text(question, { weight: 'Bolder' }),
    text(`✔ ${escapeCardText(answer)}`, { isSubtle: true }),
  ]);
}

function stepBlocks(step: FixStep, n: number): Element[] {
  if (typeof step === 'string') return [text(`${n}. ${step}`)];
  const blocks: Element[] = [text(`${n}. ${step.text}`)];
  if (step.powershell)
    blocks.push({
      type: 'Container',
      style: 'emphasis',
      // One block per line: card text is Markdown, where a single newline is only a space.
      items: step.powershell
        .split('\n')
        .map((line) => text(line, { fontType: 'Monospace', spacing: 'Small' })),
    });
  return blocks;
}

export function fixCard(topic: Topic, cause: Cause): AdaptiveCard {
  return card(
    [
      text(topic.title, { weight: 'Bolder', size: 'Medium' }),
      text(`**Likely cause:** ${cause.summary}`),
      text('**Fix**', { spacing: 'Medium' }),
      ...cause.fix.steps.flatMap((step, i) => stepBlocks(step, i + 1)),
    ],
    cause.fix.links.map((link) => ({ type: 'Action.OpenUrl', title: link.title, url: link.url })),
  );
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
    else el.items.forEach(walk);
  };
  c.body.forEach(walk);
  const submits = (c.actions ?? []).filter((a): a is SubmitAction => a.type === 'Action.Submit');
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
