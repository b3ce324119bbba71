import type { KnowledgeBase } from './knowledge';
import type { Cause, CheckNode, Choice, QuestionNode, Topic } from './knowledgeSchema';
import { normalise, words } from './text';

// Walking a topic's question tree: pure functions over the knowledge, so the dialog layer only
// shows what these return and stores the position they give.

export type Step =
  | {
      readonly kind: 'question';
      readonly topic: Topic;
      readonly nodeId: string;
      readonly question: QuestionNode;
      /** Set when the question is a check: the command whose pasted output answers it. */
      readonly check?: CheckNode;
    }
  | { readonly kind: 'fix'; readonly topic: Topic; readonly nodeId: string; readonly cause: Cause };

/** An answer that names another topic: the conversation goes on with that topic's tree. */
export interface Jump {
  readonly kind: 'jump';
  readonly from: Topic;
  readonly to: Topic;
}

export class UnknownPositionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownPositionError';
  }
}

function topicOf(kb: KnowledgeBase, topicId: string): Topic {
  const topic = kb.topics.get(topicId);
  if (!topic) throw new UnknownPositionError(`unknown topic '${topicId}'`);
  return topic;
}

export function stepAt(kb: KnowledgeBase, topicId: string, nodeId: string): Step {
  const topic = topicOf(kb, topicId);
  const node = topic.tree.nodes[nodeId];
  if (!node) throw new UnknownPositionError(`topic '${topicId}' has no node '${nodeId}'`);
  if (node.type === 'question') return { kind: 'question', topic, nodeId, question: node };
  // A check asks its question too, for those who answer rather than paste.
  if (node.type === 'check')
    return {
      kind: 'question',
      topic,
      nodeId,
      question: { type: 'question', text: node.text, choices: node.choices },
      check: node,
    };
  const cause = topic.causes.find((c) => c.id === node.cause);
  if (!cause) throw new UnknownPositionError(`topic '${topicId}' has no cause '${node.cause}'`);
  return { kind: 'fix', topic, nodeId, cause };
}

/** The fix node for a cause, or undefined if the topic's tree has none. */
export function fixNodeFor(topic: Topic, causeId: string): string | undefined {
  return Object.entries(topic.tree.nodes).find(([, n]) => n.type === 'fix' && n.cause === causeId)?.[0];
}

/** Where a conversation about a topic starts: at the fix when the cause is already known. */
export function startWalk(kb: KnowledgeBase, topicId: string, knownCause?: string): Step {
  const topic = topicOf(kb, topicId);
  const fixNode = knownCause ? fixNodeFor(topic, knownCause) : undefined;
  return stepAt(kb, topicId, fixNode ?? topic.tree.start);
}

/** Where an answer leads: the next question or fix of the same tree, or another topic. */
export function answerQuestion(
  kb: KnowledgeBase,
  topicId: string,
  nodeId: string,
  choiceIndex: number,
): Step | Jump {
  const step = stepAt(kb, topicId, nodeId);
  if (step.kind !== 'question')
    throw new UnknownPositionError(`node '${nodeId}' of '${topicId}' is not a question`);
  const choice = step.question.choices[choiceIndex];
  if (!choice)
    throw new UnknownPositionError(`question '${nodeId}' of '${topicId}' has no choice ${choiceIndex}`);
  const next = choice.next;
  if (typeof next === 'string') return stepAt(kb, topicId, next);
  return { kind: 'jump', from: step.topic, to: topicOf(kb, next.topic) };
}

/** The node a choice leads to in its own tree, or undefined when it leads to another topic. */
export const nodeAfter = (choice: Choice): string | undefined =>
  typeof choice.next === 'string' ? choice.next : undefined;

/** The choices, in order, that lead from the tree's start to the first leaf `wanted` accepts. */
type Leaf = { readonly cause: string } | { readonly topic: string };

function pathTo(topic: Topic, wanted: (leaf: Leaf) => boolean): number[] | undefined {
  const search = (nodeId: string, trail: number[]): number[] | undefined => {
    const node = topic.tree.nodes[nodeId];
    if (!node) return undefined;
    if (node.type === 'fix') return wanted(node) ? trail : undefined;
    for (let i = 0; i < node.choices.length; i++) {
      const next = node.choices[i]!.next;
      const found =
        typeof next === 'string' ? search(next, [...trail, i]) : wanted(next) ? [...trail, i] : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return search(topic.tree.start, []);
}

/** The choices, in order, that lead from the tree's start to a cause's fix (for simulated users and tests). */
export const pathToCause = (topic: Topic, causeId: string): number[] | undefined =>
  pathTo(topic, (leaf) => 'cause' in leaf && leaf.cause === causeId);

/** The choices that lead from a triage topic's start to another topic. */
export const pathToTopic = (topic: Topic, targetId: string): number[] | undefined =>
  pathTo(topic, (leaf) => 'topic' in leaf && leaf.topic === targetId);

/** Causes not tried yet, in the topic's order of likelihood. */
export function remainingCauses(topic: Topic, tried: readonly string[]): Cause[] {
  return topic.causes.filter((c) => !tried.includes(c.id));
}

const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'ya',
  'yea',
  'sure',
  'correct',
  'right',
  'true',
  'affirmative',
  'indeed',
  'absolutely',
  'definitely',
]);
const NO = new Set(['no', 'n', 'nope', 'nah', 'not', 'never', 'negative', 'false', 'wrong']);
const UNSURE = new Set(['unsure', 'maybe', 'dunno', 'idk', 'perhaps', 'unknown', 'possibly']);
const ORDINALS: Record<string, number> = {
  first: 0,
  second: 1,
  third: 2,
  fourth: 3,
  one: 0,
  two: 1,
  three: 2,
  four: 3,
};

function polarity(tokens: readonly string[], text: string): 'yes' | 'no' | 'unsure' | undefined {
  if (/\b(not sure|no idea|don'?t know|do not know|can'?t tell|no clue)\b/.test(text)) return 'unsure';
  const first = tokens[0];
  if (first && UNSURE.has(first)) return 'unsure';
  if (first && YES.has(first)) return 'yes';
  if (first && NO.has(first)) return 'no';
  return undefined;
}

interface PreparedPhrase {
  readonly text: string;
  readonly padded: string;
  readonly words: readonly string[];
}

// Labels and aliases come from the knowledge, so there are a few hundred; each is normalised once.
const preparedPhrases = new Map<string, PreparedPhrase>();
const MAX_PREPARED_PHRASES = 5000;

function prepared(phrase: string): PreparedPhrase {
  let p = preparedPhrases.get(phrase);
  if (!p) {
    const text = normalise(phrase).text;
    p = { text, padded: ` ${text} `, words: words(text).filter((w) => w.length > 2) };
    if (preparedPhrases.size >= MAX_PREPARED_PHRASES) preparedPhrases.clear();
    preparedPhrases.set(phrase, p);
  }
  return p;
}

function phraseScore(text: string, padded: string, tokens: ReadonlySet<string>, phrase: string): number {
  const p = prepared(phrase);
  if (!p.text) return 0;
  if (text === p.text) return 3;
  if (padded.includes(p.padded)) return 2;
  if (p.words.length === 0) return 0;
  const overlap = p.words.filter((w) => tokens.has(w)).length / p.words.length;
  return overlap >= 0.6 ? overlap : 0;
}

/**
 * Which choice a typed answer picks: a number ("2"), an ordinal, the label or one of its aliases
 * (whole or mostly), or yes/no/not-sure words for choices that say what they mean. Undefined
 * when the answer picks none, or two equally.
 */
export function matchChoice(question: QuestionNode, answer: string): number | undefined {
  const text = normalise(answer).text.replace(/[.!?]+$/, '');
  if (!text) return undefined;
  const tokens = words(text);
  const numeric = /^(?:option\s*|#)?(\d{1,2})$/.exec(text);
  if (numeric) {
    const index = Number(numeric[1]) - 1;
    return index >= 0 && index < question.choices.length ? index : undefined;
  }
  if (tokens.length <= 3) {
    const ordinal = tokens.map((t) => ORDINALS[t]).find((i) => i !== undefined);
    if (
      ordinal !== undefined &&
      ordinal < question.choices.length &&
      /\b(first|second|third|fourth|option|the)\b/.test(text)
    )
      return ordinal;
  }

  const tokenSet = new Set(tokens);
  const padded = ` ${text} `;
  const scores = question.choices.map((choice: Choice) =>
    Math.max(
      ...[choice.label, ...choice.aliases].map((phrase) => phraseScore(text, padded, tokenSet, phrase)),
    ),
  );
  const best = Math.max(...scores);
  if (best > 0) {
    const winners = scores.flatMap((s, i) => (s === best ? [i] : []));
    if (winners.length === 1) return winners[0];
  }

  const meaning = polarity(tokens, text);
  if (meaning) {
    const index = question.choices.findIndex((c) => c.means === meaning);
    if (index >= 0) return index;
  }
  return undefined;
}
