import type { KnowledgeBase } from '../knowledge';
import type { WindowsError } from '../knowledgeSchema';
import type { Recognition } from '../recogniser';
import { escapeRegExp } from '../text';
import type { CauseRulings, Inference } from './inference';
import type { Problem, Ruling } from './state';
import { emptyIds, idsIn } from './summary';

// The case file: what the user told us, kept from every message, and what it leaves to try.

// What a case keeps of the reported message: as much as the cause cues read (recognition/causeCues.ts).
const MAX_CASE_TEXT = 2500;
const MAX_NOTES = 8;
const MAX_NOTE = 400;
const MAX_WORDS = 160;

export function newProblem(text: string, topic: string, notes: readonly string[] = []): Problem {
  return {
    text: text.slice(0, MAX_CASE_TEXT),
    topic,
    answers: [],
    tried: [],
    ruledOut: [],
    ids: idsIn(text, emptyIds),
    trail: [],
    notes,
  };
}

/** Everything the user said about this problem, to read causes and answers from. */
export const caseText = (problem: Problem): string => [problem.text, ...problem.notes].join('\n');

/** The first Windows status code in the text (hex, name or decimal) that points somewhere for the topic. */
export function windowsErrorIn(kb: KnowledgeBase, text: string, topic: string): WindowsError | undefined {
  const lower = text.slice(0, 20_000).toLowerCase();
  return kb.windowsErrors.find(
    (e) =>
      e.topics.includes(topic) &&
      [e.code, e.name, ...e.also].some((form) =>
        new RegExp(`(?<![0-9a-z_])${escapeRegExp(form.toLowerCase())}(?![0-9a-z_])`).test(lower),
      ),
  );
}

// A long first post tells a story ("I checked it's assigned... it has zero members now"): its
// rule-outs are too easily wrong. Short messages and answers say what they mean.
const MAX_RULING_OUT_TEXT = 600;
export const rulesOutOf = (text: string): boolean => text.length <= MAX_RULING_OUT_TEXT;

/** What the whole case says about the causes of `topic`: the first message, then each answer. */
export function caseRulings(inference: Inference, topic: string, problem: Problem): CauseRulings {
  const stated = new Set<string>();
  const denied = new Set<string>();
  const parts = [
    { text: problem.text, out: rulesOutOf(problem.text) },
    ...problem.notes.map((n) => ({ text: n, out: true })),
  ];
  for (const part of parts) {
    const r = inference.rulings(topic, part.text, part.out);
    // What is said later counts: stated after denied brings a cause back, and the reverse.
    for (const c of r.stated) {
      stated.add(c);
      denied.delete(c);
    }
    for (const c of r.denied) {
      denied.add(c);
      stated.delete(c);
    }
  }
  return { stated: [...stated], denied: [...denied] };
}

/** The causes of `topic` that `text` rules in and out, as rulings to file. */
function rulingsOf(inference: Inference, topic: string, text: string) {
  const { stated, denied } = inference.rulings(topic, text);
  const words = text.replace(/\s+/g, ' ').trim().slice(0, MAX_WORDS);
  const rule = (cause: string): Ruling => ({ cause, words });
  return { stated: stated.map(rule), denied: denied.map(rule) };
}

/** The problem with one more message of the user's filed: its facts, its IDs, its words. */
export function noted(kb: KnowledgeBase, inference: Inference, problem: Problem, text: string): Problem {
  const topics = [problem.topic, kb.fallbackTopic];
  const stated: Ruling[] = [];
  const denied: Ruling[] = [];
  for (const topic of topics) {
    const r = rulingsOf(inference, topic, text);
    stated.push(...r.stated);
    denied.push(...r.denied);
  }
  const said = new Set(stated.map((r) => r.cause));
  const out = new Set(denied.map((r) => r.cause));
  // What is said last counts: a cause ruled out earlier and stated now is back in, and the reverse.
  const ruledOut = [
    ...problem.ruledOut.filter((r) => !said.has(r.cause) && !out.has(r.cause)),
    ...denied.filter((r) => !said.has(r.cause)),
  ];
  const { ruledIn: before, ...rest } = problem;
  const ruledIn = stated[0] ?? (before && !out.has(before.cause) ? before : undefined);
  return {
    ...rest,
    ruledOut,
    ...(ruledIn ? { ruledIn } : {}),
    ids: idsIn(text, problem.ids),
    notes: [...problem.notes, text.slice(0, MAX_NOTE)].slice(-MAX_NOTES),
  };
}

export const isRuledOut = (problem: Problem, cause: string): boolean =>
  problem.ruledOut.some((r) => r.cause === cause);

export const wasTried = (problem: Problem, cause: string): boolean =>
  problem.tried.some((t) => t.cause === cause);

/**
 * What to try next: the topic's causes in order of likelihood (one the user pointed at first),
 * leaving out those tried or ruled out; then the general connector checks the topic calls for.
 */
export function nextFix(
  kb: KnowledgeBase,
  problem: Problem,
  evenRuledOut = false,
): { topic: string; cause: string } | undefined {
  const open = (topic: string, causes: readonly string[]) => {
    const left = causes.filter((c) => !wasTried(problem, c) && (evenRuledOut || !isRuledOut(problem, c)));
    const pointed = problem.ruledIn && left.find((c) => c === problem.ruledIn?.cause);
    const cause = pointed ?? left[0];
    return cause ? { topic, cause } : undefined;
  };
  const topic = kb.topics.get(problem.topic);
  if (!topic) return undefined;
  return (
    open(
      topic.id,
      topic.causes.map((c) => c.id),
    ) ?? (topic.generalChecks.length ? open(kb.fallbackTopic, topic.generalChecks) : undefined)
  );
}

/** Where in the message one of the topic's error texts begins (by its opening words), or -1. */
// Where a pasted error text starts: its first run of this many words found in the message (a
// paste is often only the middle of the text: "...license for Microsoft Entra ID P1 or P2").
const SIGNATURE_WINDOW = 4;

function signatureAt(kb: KnowledgeBase, topic: string, lower: string): number {
  let at = -1;
  for (const text of kb.topics.get(topic)?.signatures.texts ?? []) {
    const ws = text.toLowerCase().split(/\s+/);
    for (let i = 0; i + SIGNATURE_WINDOW <= Math.max(ws.length, SIGNATURE_WINDOW); i++) {
      const found = lower.indexOf(ws.slice(i, i + SIGNATURE_WINDOW).join(' '));
      if (found >= 0 && (at < 0 || found < at)) at = found;
    }
  }
  return at;
}

/**
 * The topics a message names by an exact signal (a code, an event ID, a URL, an error text), in
 * the order the message has them, leaving out triage and general topics, which name no error.
 */
export function exactTopics(kb: KnowledgeBase, r: Recognition, text: string): string[] {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  const found: { topic: string; at: number }[] = [];
  r.evidence.forEach((e, i) => {
    if (e.kind === 'foreign-error') return;
    if (kb.triage.has(e.topic) || e.topic === kb.fallbackTopic) return;
    const at =
      e.kind === 'signature' ? signatureAt(kb, e.topic, lower) : lower.indexOf(String(e.value).toLowerCase());
    found.push({ topic: e.topic, at: at >= 0 ? at : 100_000 + i });
  });
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.topic))];
}
