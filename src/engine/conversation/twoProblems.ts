import type { KnowledgeBase } from '../knowledge';
import type { Recogniser, Recognition } from '../recogniser';
import { termPatternOf } from '../recognition/signatures';
import { MAX_ANALYSED_CHARS, normalise } from '../text';
import { exactTopics } from './caseFile';
import { topicOf } from './questions';

// Two problems in one message: which two, in what order, and why that order.

// A second problem told in words is looked for only in a short message of a few sentences.
const MAX_TOLD_CHARS = 1500;
const MAX_TOLD_SENTENCES = 6;
const CONNECTOR_FIRST = new Set(['connector-registration', 'connector-health']);

export function createTwoProblems(kb: KnowledgeBase, recogniser: Recogniser) {
  // "start with the 13019", "the 13022 first": what follows (or precedes "first") names the one.
  const FIRST_WANTED =
    /\b(?:start(?:ing)? with|begin with|first (?:do|look at|fix|the)|(?:do|fix|look at) (?:the )?)\s*([^.!?,;]{1,60}?)(?:\s+first\b|[.!?,;]|$)/;
  const connectorFirst = (a: string, b: string) =>
    CONNECTOR_FIRST.has(topicOf(kb, a).area) && !CONNECTOR_FIRST.has(topicOf(kb, b).area);
  const causesOf = (id: string) => topicOf(kb, id).causes.map((c) => c.id);
  /**
   * Two problems in one message, in the order to take them (the connector's first, else as
   * pasted), or undefined. Two errors that share a cause (12027 is logged with 13019) are one
   * problem, and the recogniser's topic stands.
   */
  function twoProblems(r: Recognition, named: readonly string[], text: string): [string, string] | undefined {
    if (named.length < 2) return undefined;
    if (r.decision !== 'match' && r.decision !== 'ambiguous') return undefined;
    const [a, b] = [named[0]!, named[1]!];
    if (causesOf(a).some((c) => causesOf(b).includes(c))) return undefined;
    // "Start with the 13019, please": the user's order wins.
    const first = userFirst(r, text, a, b);
    if (first) return first === a ? [a, b] : [b, a];
    return connectorFirst(b, a) ? [b, a] : [a, b];
  }
  /** Of two topics, the one the user asked to take first, if they did. */
  function userFirst(r: Recognition, text: string, a: string, b: string): string | undefined {
    const wanted = FIRST_WANTED.exec(text.toLowerCase().slice(0, MAX_ANALYSED_CHARS));
    return wanted ? exactTopics(kb, r, wanted[1]!).find((t) => t === a || t === b) : undefined;
  }
  /** Why that one first. */
  const order = (first: string, second: string, r: Recognition, text: string): string =>
    userFirst(r, text, first, second) === first
      ? 'as you asked'
      : connectorFirst(first, second)
        ? 'since nothing behind the connector works until the connector does'
        : 'in the order you pasted them';

  /**
   * A second problem told in words next to a pasted error: a sentence of its own that names
   * another topic's printed term and states one of its causes ("Connector 1 shows Inactive and
   * its service is stopped. Connector 2 won't install: 'Failed to retrieve the current execution
   * policy…'"). Conservative: both the term and a cause cue must be there. The two come back in
   * the order they were told.
   */
  function withToldInWords(named: readonly string[], text: string): readonly string[] {
    if (named.length !== 1 || text.length > MAX_TOLD_CHARS) return named;
    const sentences = text.split(/(?<=[.!?;])\s+|\n+/).filter((s) => s.trim());
    if (sentences.length < 2 || sentences.length > MAX_TOLD_SENTENCES) return named;
    let exactAt: number | undefined;
    let told: { topic: string; at: number } | undefined;
    sentences.forEach((sentence, at) => {
      const r = recogniser.recognise(sentence);
      if (exactTopics(kb, r, sentence).includes(named[0]!)) {
        exactAt ??= at;
        return;
      }
      if (told || r.decision !== 'match' || r.topic === named[0] || kb.triage.has(r.topic)) return;
      if (r.topic === kb.fallbackTopic || r.cause?.reason !== 'cue') return;
      if (termPatternOf(topicOf(kb, r.topic))?.test(normalise(sentence).text)) told = { topic: r.topic, at };
    });
    if (!told) return named;
    return exactAt !== undefined && exactAt < told.at ? [named[0]!, told.topic] : [told.topic, named[0]!];
  }

  return { twoProblems, order, withToldInWords };
}
