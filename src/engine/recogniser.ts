import { createCheckReader } from './checks';
import type { KnowledgeBase } from './knowledge';
import { createCauseCues } from './recognition/causeCues';
import { createTypoMender, literalWords } from './recognition/typoMender';
import { createClassifiers } from './recognition/classifiers';
import { decide } from './recognition/decision';
import { createExactSignals } from './recognition/exactSignals';
import { createNeighbourSignals } from './recognition/neighbours';
import { createScope } from './recognition/scope';
import { createSignatureIndex } from './recognition/signatures';
import { DEFAULT_THRESHOLDS, type CauseHint, type Recognition, type Thresholds } from './recognition/types';
import { normalise, words } from './text';

export * from './recognition/types';

// A check's output is the product's own words, like a pasted error text.
const CHECK_OUTPUT_SCORE = 0.95;
// Words around a check's output this sure of a topic decide it over the check's own.
const SURE_WORDS = 0.75;
// Messages up to this long are read with their typos mended too.
const MEND_MAX_CHARS = 1000;

export interface Recogniser {
  recognise(message: string): Recognition;
  /** The cause the message itself reveals for a topic, if any. */
  detectCause(topicId: string, message: string): CauseHint | undefined;
  /**
   * What the message says about where it belongs: whether it names application proxy itself (and
   * doesn't deny it), and whether it names another product. For the conversation to decide
   * whether to ask rather than turn a vague message away.
   */
  context(message: string): { readonly namesAppProxy: boolean; readonly namesOtherProduct: boolean };
  /** The message normalised (its first 2,500 characters), with one-edit typos mended. */
  mend(message: string): string;
}

/**
 * The recognition pipeline: normalise the message; find exact signals (codes, event IDs, URLs,
 * pasted error text), neighbouring products' signals and what kind of message it is; read it with
 * the classifiers; then decide. Each stage is its own module.
 */
export function createRecogniser(kb: KnowledgeBase, thresholds: Thresholds = DEFAULT_THRESHOLDS): Recogniser {
  const topics = [...kb.topics.values()];
  // A topic's context gate: what a message must say (onlyWith) and must not say (notWith) for the
  // topic to be recognised at all.
  const gate = new Map(
    topics.flatMap((t) => {
      const { onlyWith, notWith } = t.signatures;
      if (!onlyWith && !notWith) return [];
      const must = onlyWith ? new RegExp(onlyWith, 'i') : undefined;
      const mustNot = notWith ? new RegExp(notWith, 'i') : undefined;
      return [
        [t.id, (text: string) => (must?.test(text) ?? true) && !(mustNot?.test(text) ?? false)] as const,
      ];
    }),
  );
  const exactSignals = createExactSignals(topics);
  const signatureIndex = createSignatureIndex(topics);
  const causeCues = createCauseCues(topics);
  const classifiers = createClassifiers(kb);
  // Cue patterns are written in correct spelling: they also read the text with its typos mended.
  const typos = createTypoMender(
    topics.flatMap((t) => t.causes.flatMap((c) => [...c.cues, ...c.rulesOut].flatMap(literalWords))),
    (word) => classifiers.extractor.knows(word),
  );
  // Typed words have typos, pasted ones don't: a long paste is read as it is (reading every cue
  // twice over a 20 KB paste would cost more than the typos it could mend).
  const mend = (normalisedText: string) =>
    normalisedText.length <= MEND_MAX_CHARS ? typos.mend(normalisedText) : normalisedText.slice(0, 2500);
  const neighbourSignals = createNeighbourSignals(kb.neighbours);
  const scope = createScope(kb);
  const checkReader = createCheckReader(kb.checks);
  const temperatures = { topic: thresholds.topicTemperature, relevance: thresholds.relevanceTemperature };

  /**
   * A guided check's output pasted on its own ("Stopped WAPCSvc", "No such SPN found."): the
   * problem and cause its outcome shows, under the topic the words name when that topic has the
   * same cause, unless the paste names another documented error exactly.
   */
  function withCheckOutput(message: string, r: Recognition): Recognition {
    const output = checkReader.identify(message);
    const shows = output?.outcome.shows;
    if (!output || !shows) return r;
    // A general command's output is ours only when the words around it are (they name application
    // proxy, or read as the very problem the output shows).
    const text = normalise(message).text;
    const wordsAgree =
      r.candidates[0]?.topic === shows.topic &&
      r.candidates[0].score >= SURE_WORDS &&
      !scope.namesOtherProduct(text);
    if (!output.check.appProxyOnly && r.decision !== 'match' && !wordsAgree && !namesAppProxy(text)) return r;
    // The words' topic when they name it for sure (an exact signal, or a confident reading) and it
    // has the cause the output shows; otherwise the topic the check's outcome is documented under.
    const sure =
      r.decision === 'match' &&
      (r.score >= SURE_WORDS || r.evidence.some((e) => e.kind !== 'foreign-error' && e.topic === r.topic));
    const topic =
      sure && kb.topics.get(r.topic)?.causes.some((c) => c.id === shows.cause) ? r.topic : shows.topic;
    if (r.evidence.some((e) => e.kind !== 'foreign-error' && e.topic !== topic)) return r;
    return {
      decision: 'match',
      topic,
      score: CHECK_OUTPUT_SCORE,
      cause: { cause: shows.cause, reason: 'cue' },
      candidates: [{ topic, score: CHECK_OUTPUT_SCORE }, ...r.candidates.filter((c) => c.topic !== topic)],
      evidence: [
        ...r.evidence,
        { kind: 'check-output', value: output.check.id, outcome: output.outcome.id, topic },
      ],
    };
  }

  /** Whether normalised text names application proxy itself, and doesn't deny it. */
  const namesAppProxy = (text: string): boolean => {
    const { count, denied } = scope.anchors(text);
    return count > denied;
  };

  function recognise(message: string): Recognition {
    const r = recogniseText(message);
    return typeof message !== 'string' || (r.decision === 'out-of-scope' && r.reason === 'empty')
      ? r
      : withCheckOutput(message, r);
  }

  function recogniseText(message: string): Recognition {
    const n = normalise(typeof message === 'string' ? message : '');
    const tokens = words(n.text);
    if (tokens.length === 0)
      return { decision: 'out-of-scope', reason: 'empty', candidates: [], evidence: [] };

    // Per message, each topic's gate and cue hint are worked out once.
    const gates = new Map<string, boolean>();
    const open = (topic: string) => {
      let isOpen = gates.get(topic);
      if (isOpen === undefined) gates.set(topic, (isOpen = gate.get(topic)?.(n.text) ?? true));
      return isOpen;
    };
    const hints = new Map<string, CauseHint | undefined>();
    let mended: string | undefined;
    const hintFor = (topic: string) => {
      if (!hints.has(topic)) hints.set(topic, causeCues.detect(topic, n.text, (mended ??= mend(n.text))));
      return hints.get(topic);
    };

    return decide(
      {
        topics: topics.filter((t) => open(t.id)),
        // A code whose topic's context is missing (AADSTS50126 outside a connector registration)
        // is another sign-in's error here.
        evidence: exactSignals
          .find(n)
          .map((e) =>
            e.kind === 'foreign-error' || open(e.topic)
              ? e
              : { kind: 'foreign-error', value: 'value' in e ? String(e.value) : e.topic },
          ),
        signatures: signatureIndex.match(tokens).filter((s) => open(s.topic)),
        terms: signatureIndex.terms(n.text),
        reading: classifiers.read(n, temperatures),
        hintFor,
        fallbackTopic: kb.fallbackTopic,
        neighbours: neighbourSignals.find(n.text),
        anchors: scope.anchors(n.text),
        notAProblem: scope.notAProblem(n.text),
        otherProduct: scope.namesOtherProduct(n.text),
        words: tokens.length,
        complains: scope.complains(n.text),
        widespread: scope.widespread(n.text),
      },
      thresholds,
    );
  }

  return {
    recognise,
    detectCause: (topicId, message) => {
      const { text } = normalise(message);
      return causeCues.detect(topicId, text, mend(text));
    },
    mend: (message) => mend(normalise(message).text),
    context(message) {
      const { text } = normalise(message);
      return {
        namesAppProxy: namesAppProxy(text),
        namesOtherProduct: scope.namesOtherProduct(text) || neighbourSignals.find(text).length > 0,
      };
    },
  };
}
