import { trainBayes, type TrainedBayes } from './bayes';
import { createFeatureExtractor } from './features';
import type { KnowledgeBase } from './knowledge';
import type { Topic } from './knowledgeSchema';
import { escapeRegExp, normalise, words, type NormalisedText } from './text';

export const OUT_OF_SCOPE = 'out-of-scope';

export interface Candidate {
  readonly topic: string;
  /** In [0, 1]; the candidates' scores need not add up to 1. */
  readonly score: number;
}

export type Evidence =
  | { readonly kind: 'code'; readonly value: string; readonly topic: string }
  | { readonly kind: 'event-id'; readonly value: number; readonly topic: string }
  | { readonly kind: 'url'; readonly value: string; readonly topic: string }
  | { readonly kind: 'signature'; readonly coverage: number; readonly topic: string }
  | { readonly kind: 'foreign-error'; readonly value: string };

export interface CauseHint {
  readonly cause: string;
  /** `cue`: the message said so; `only-cause`: the topic has a single documented cause. */
  readonly reason: 'cue' | 'only-cause';
}

export type OutOfScopeReason = 'empty' | 'foreign-error' | 'not-app-proxy' | 'low-confidence';

export type Recognition =
  | {
      readonly decision: 'match';
      readonly topic: string;
      readonly score: number;
      readonly cause: CauseHint | undefined;
      readonly candidates: readonly Candidate[];
      readonly evidence: readonly Evidence[];
    }
  | {
      readonly decision: 'ambiguous';
      /** Up to three topics, in the order to offer them (not always by score). */
      readonly candidates: readonly Candidate[];
      readonly evidence: readonly Evidence[];
    }
  | {
      readonly decision: 'out-of-scope';
      readonly reason: OutOfScopeReason;
      readonly candidates: readonly Candidate[];
      readonly evidence: readonly Evidence[];
    };

export interface Recogniser {
  recognise(message: string): Recognition;
  /** The cause the message itself reveals for a topic, if any. */
  detectCause(topicId: string, message: string): CauseHint | undefined;
}

/**
 * How sure the recogniser must be. Chosen by sweeping each value over our own held-out phrasings
 * and the dev set (`npm run eval -- --sweep FILE`), taking the middle of the range where top-1
 * and out-of-scope recall both stay at their best, rather than the single best point:
 * - `relevance`: the in-scope vs out-of-scope classifier's probability that a message is about
 *   Application Proxy at all; `relevanceNoDomain` is the bar for messages with no App Proxy word.
 * - `accept`: the topic classifier's top probability for a confident match.
 * - `ambiguousMargin`: a runner-up this close to the leader makes the bot ask which one.
 * - `floor`: below this no single error stands out, and the general checks are offered first.
 * - `temperature`s soften naive Bayes, which is overconfident, so that a close second shows.
 */
export interface Thresholds {
  readonly relevance: number;
  readonly relevanceNoDomain: number;
  readonly accept: number;
  readonly ambiguousMargin: number;
  readonly floor: number;
  readonly topicTemperature: number;
  readonly relevanceTemperature: number;
  readonly signatureCoverage: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  relevance: 0.6,
  relevanceNoDomain: 0.9,
  accept: 0.5,
  ambiguousMargin: 0.2,
  floor: 0.15,
  topicTemperature: 2.5,
  relevanceTemperature: 4,
  signatureCoverage: 0.6,
};

// natural's Bayes multiplies probabilities before it takes logs; a few dozen features already
// decide every case, and more would underflow on long pastes.
const MAX_CLASSIFIER_FEATURES = 48;
const SHINGLE = 3;
const CUE_BONUS = 0.15;
// A cause is stated near the start of a message; cues need not scan the rest of a 20 KB paste.
const CUE_SCAN_CHARS = 4000;
const IN_SCOPE = 'in-scope';

// Error identifiers the guide never prints: next to a familiar frame they mean a different,
// undocumented error (e.g. "... Please try again later ... ConnectorError:Unauthorized").
const FOREIGN_ERROR_PATTERNS: readonly RegExp[] = [
  /\b[a-z]+error\s*:\s*[a-z]+/g,
  /\bstatus code\s*:?\s*\d{3}\b/g,
  /\b(?:bad gateway|gateway time-?out|service unavailable|internal server error|backendunavailable|sslcertificateerror)\b/g,
];

const shingleAt = (tokens: readonly string[], i: number): string => tokens.slice(i, i + SHINGLE).join(' ');

function shingles(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + SHINGLE <= tokens.length; i++) out.push(shingleAt(tokens, i));
  return out;
}

function urlFragments(url: string): string[] {
  const bare = url.toLowerCase().replace(/^https?:\/\//, '');
  const fragments = new Set<string>([bare]);
  const host = bare.split('/')[0] ?? '';
  if (host.includes(':')) fragments.add(host);
  const lastSegment = bare.split('/').filter(Boolean).pop() ?? '';
  if (lastSegment !== host && lastSegment.length >= 8) fragments.add(lastSegment);
  return [...fragments];
}

function softmax(logs: ReadonlyMap<string, number>, temperature: number): Map<string, number> {
  const top = Math.max(...logs.values());
  const out = new Map<string, number>();
  let total = 0;
  for (const [label, l] of logs) {
    const e = Math.exp((l - top) / temperature);
    out.set(label, e);
    total += e;
  }
  for (const [label, e] of out) out.set(label, e / total);
  return out;
}

interface SignatureMatch {
  readonly topic: string;
  readonly coverage: number;
  /** The message has the last distinctive words of the error text, which tell look-alikes apart. */
  readonly tail: boolean;
}

export function createRecogniser(kb: KnowledgeBase, thresholds: Thresholds = DEFAULT_THRESHOLDS): Recogniser {
  const extractor = createFeatureExtractor(kb.lexicon);
  const topics = [...kb.topics.values()];
  const gate = new Map<string, RegExp>(
    topics.flatMap((t) =>
      t.signatures.onlyWith ? [[t.id, new RegExp(t.signatures.onlyWith, 'i')] as const] : [],
    ),
  );

  // --- exact signals -------------------------------------------------------------------------
  const codeToTopic = new Map<string, string>();
  const eventIdToTopic = new Map<number, string>();
  const urlToTopic = new Map<string, string>();
  for (const topic of topics) {
    for (const code of topic.signatures.codes) codeToTopic.set(code.toLowerCase(), topic.id);
    for (const id of topic.signatures.eventIds) eventIdToTopic.set(id, topic.id);
    for (const url of topic.signatures.urls) for (const f of urlFragments(url)) urlToTopic.set(f, topic.id);
  }
  const eventIdPattern = eventIdToTopic.size
    ? new RegExp(`(?<![0-9])(${[...eventIdToTopic.keys()].join('|')})(?![0-9])`, 'g')
    : undefined;
  const urlPattern = urlToTopic.size
    ? new RegExp(
        [...urlToTopic.keys()]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      )
    : undefined;

  // Signature texts are compared as plain word 3-grams (no stemming, no synonyms): this is the
  // "did they paste the product's own words" check. Only 3-grams that a single topic's texts
  // contain count, so the shared frames ("Connector registration failed: Make sure you…") don't.
  const owners = new Map<string, Set<string>>();
  const perTopicTexts = topics.map((t) => ({
    topic: t.id,
    texts: t.signatures.texts.map((text) => shingles(words(normalise(text).text))),
  }));
  for (const { topic, texts } of perTopicTexts)
    for (const s of texts.flat()) owners.set(s, (owners.get(s) ?? new Set()).add(topic));
  const signatureIndex = perTopicTexts.map(({ topic, texts }) => ({
    topic,
    texts: texts
      .map((list) => list.filter((s) => owners.get(s)!.size === 1))
      .filter((list) => list.length > 0),
  }));
  // The first words of the 3-grams that count: a message's other 3-grams are never built.
  const shingleStarts = new Set(
    signatureIndex.flatMap(({ texts }) => texts.flat().map((s) => s.split(' ')[0]!)),
  );

  const cueIndex = new Map(
    topics.map((t) => [
      t.id,
      t.causes.map((c) => ({ cause: c.id, patterns: c.cues.map((s) => new RegExp(s, 'i')) })),
    ]),
  );

  // --- classifiers ---------------------------------------------------------------------------
  // Two naive Bayes models: one asks "is this about Application Proxy at all?" (every topic's
  // phrasings against the out-of-scope ones), the other "which topic?" among the topics alone.
  // One model with "out of scope" as a 19th class let that big class beat whichever topic a
  // vague message was about, because the in-scope evidence was split 18 ways.
  const topicTraining: (readonly [string, string])[] = [];
  for (const topic of topics) {
    for (const text of [...topic.signatures.texts, ...topic.examples])
      topicTraining.push([normalise(text).text, topic.id]);
    topicTraining.push([normalise(`${topic.title}. ${topic.seen}`).text, topic.id]);
  }
  const outOfScopeTraining = kb.outOfScope.examples.map(
    (text) => [normalise(text).text, OUT_OF_SCOPE] as const,
  );
  for (const [text] of [...topicTraining, ...outOfScopeTraining]) extractor.learnVocabulary(text);
  const featuresOf = (text: string) => extractor.features(text);
  const topicModel: TrainedBayes = trainBayes(
    topicTraining.map(([text, label]) => [featuresOf(text), label] as const),
  );
  const relevanceModel: TrainedBayes = trainBayes([
    ...topicTraining.map(([text]) => [featuresOf(text), IN_SCOPE] as const),
    ...outOfScopeTraining.map(([text]) => [featuresOf(text), OUT_OF_SCOPE] as const),
  ]);
  const domainStems = new Set(kb.lexicon.domainWords.flatMap((w) => extractor.stems(normalise(w).text)));

  function exactSignals(n: NormalisedText): Evidence[] {
    const evidence: Evidence[] = [];
    for (const m of n.text.matchAll(/\baadsts\s*-?(\d{5,7})\b/g)) {
      const code = `aadsts${m[1]}`;
      const topic = codeToTopic.get(code);
      evidence.push(
        topic
          ? { kind: 'code', value: code.toUpperCase(), topic }
          : { kind: 'foreign-error', value: code.toUpperCase() },
      );
    }
    const ids = new Set<number>(n.framedEventIds);
    if (eventIdPattern) for (const m of n.text.matchAll(eventIdPattern)) ids.add(Number(m[1]));
    for (const id of ids) {
      const topic = eventIdToTopic.get(id);
      if (topic) evidence.push({ kind: 'event-id', value: id, topic });
    }
    if (urlPattern)
      for (const m of n.text.matchAll(urlPattern)) {
        const topic = urlToTopic.get(m[0]);
        if (topic) evidence.push({ kind: 'url', value: m[0], topic });
      }
    return evidence;
  }

  function signatureMatches(tokens: readonly string[]): SignatureMatch[] {
    const present = new Set<string>();
    for (let i = 0; i + SHINGLE <= tokens.length; i++)
      if (shingleStarts.has(tokens[i]!)) present.add(shingleAt(tokens, i));
    const out: SignatureMatch[] = [];
    for (const { topic, texts } of signatureIndex) {
      let coverage = 0;
      let tail = false;
      for (const text of texts) {
        let hits = 0;
        for (const s of text) if (present.has(s)) hits++;
        // A paste cut off part-way still counts: six distinctive 3-grams are plenty.
        coverage = Math.max(coverage, Math.min(1, hits / Math.min(text.length, 6)));
        if (present.has(text[text.length - 1]!)) tail = true;
      }
      if (coverage > 0) out.push({ topic, coverage, tail });
    }
    return out;
  }

  function detectCauseIn(topicId: string, fullText: string): CauseHint | undefined {
    const text = fullText.length > CUE_SCAN_CHARS ? fullText.slice(0, CUE_SCAN_CHARS) : fullText;
    const causes = cueIndex.get(topicId);
    if (!causes || causes.length === 0) return undefined;
    if (causes.length === 1) return { cause: causes[0]!.cause, reason: 'only-cause' };
    let best: { cause: string; hits: number } | undefined;
    let tie = false;
    for (const { cause, patterns } of causes) {
      const hits = patterns.filter((p) => p.test(text)).length;
      if (hits === 0) continue;
      if (!best || hits > best.hits) {
        best = { cause, hits };
        tie = false;
      } else if (hits === best.hits) tie = true;
    }
    return best && !tie ? { cause: best.cause, reason: 'cue' } : undefined;
  }

  function recognise(message: string): Recognition {
    const n = normalise(typeof message === 'string' ? message : '');
    const tokens = words(n.text);
    if (tokens.length === 0)
      return { decision: 'out-of-scope', reason: 'empty', candidates: [], evidence: [] };

    // Per message, each topic's gate and cue hint are worked out once (the hint is used for the
    // score and again for the winner; the cue patterns are the costliest part of recognition).
    const gates = new Map<string, boolean>();
    const gated = (topic: string) => {
      let open = gates.get(topic);
      if (open === undefined) gates.set(topic, (open = gate.get(topic)?.test(n.text) ?? true));
      return open;
    };
    const hints = new Map<string, CauseHint | undefined>();
    const hintFor = (topic: string) => {
      if (!hints.has(topic)) hints.set(topic, detectCauseIn(topic, n.text));
      return hints.get(topic);
    };
    const evidence = exactSignals(n).filter((e) => e.kind === 'foreign-error' || gated(e.topic));
    for (const pattern of FOREIGN_ERROR_PATTERNS)
      for (const m of n.text.matchAll(pattern)) evidence.push({ kind: 'foreign-error', value: m[0] });
    const foreign = evidence.some((e) => e.kind === 'foreign-error');
    const signatures = signatureMatches(tokens).filter((s) => gated(s.topic));

    // Exact evidence: an error code, event id or documented URL is trusted outright; pasted error
    // text by how much of it is there, unless it lacks its tail and an unknown error stands there.
    const exact = new Map<string, number>();
    for (const e of evidence) if (e.kind !== 'foreign-error') exact.set(e.topic, 0.97);
    for (const s of signatures) {
      if (s.coverage < thresholds.signatureCoverage || (foreign && !s.tail)) continue;
      evidence.push({ kind: 'signature', coverage: s.coverage, topic: s.topic });
      exact.set(s.topic, Math.max(exact.get(s.topic) ?? 0, 0.75 + 0.2 * s.coverage));
    }

    // Each model reads only the first MAX_CLASSIFIER_FEATURES features it knows: in a long paste
    // those come early, so the rest of the text is never stemmed or paired.
    const known: string[] = [];
    const knownToRelevance: string[] = [];
    let domain = false;
    for (const f of extractor.featureStream(n.text)) {
      if (known.length < MAX_CLASSIFIER_FEATURES && topicModel.vocabulary.has(f)) known.push(f);
      if (knownToRelevance.length < MAX_CLASSIFIER_FEATURES && relevanceModel.vocabulary.has(f))
        knownToRelevance.push(f);
      domain ||= domainStems.has(f);
      if (
        domain &&
        known.length >= MAX_CLASSIFIER_FEATURES &&
        knownToRelevance.length >= MAX_CLASSIFIER_FEATURES
      )
        break;
    }
    const topicScores = known.length
      ? softmax(topicModel.logLikelihoods(known), thresholds.topicTemperature)
      : new Map<string, number>();
    const scores = new Map<string, number>();
    for (const topic of topics) {
      if (!gated(topic.id)) continue;
      const partial = signatures.find((s) => s.topic === topic.id)?.coverage ?? 0;
      // Part of an error text, too little to trust alone, still tips the balance; so does a
      // message that states one of the topic's documented causes in so many words.
      const cueBonus = topic.causes.length > 1 && hintFor(topic.id) ? CUE_BONUS : 0;
      const guess = Math.min(0.9, (topicScores.get(topic.id) ?? 0) + 0.3 * partial + cueBonus);
      scores.set(topic.id, Math.max(exact.get(topic.id) ?? 0, guess));
    }
    const candidates = [...scores.entries()]
      .map(([topic, score]) => ({ topic, score }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score);
    const [top, second] = candidates;

    if (exact.size > 0) {
      const exactTop = candidates.filter((c) => exact.has(c.topic));
      // Two different documented errors in one paste: let the user say which one they mean.
      if (exactTop.length > 1 && exactTop[0]!.score - exactTop[1]!.score < 0.05)
        return { decision: 'ambiguous', candidates: exactTop.slice(0, 3), evidence };
      const winner = exactTop[0]!;
      return {
        decision: 'match',
        topic: winner.topic,
        score: winner.score,
        cause: hintFor(winner.topic),
        candidates,
        evidence,
      };
    }

    if (!top)
      return {
        decision: 'out-of-scope',
        reason: foreign ? 'foreign-error' : 'low-confidence',
        candidates,
        evidence,
      };
    if (foreign) return { decision: 'out-of-scope', reason: 'foreign-error', candidates, evidence };
    const relevance = known.length
      ? (softmax(relevanceModel.logLikelihoods(knownToRelevance), thresholds.relevanceTemperature).get(
          IN_SCOPE,
        ) ?? 0)
      : 0;
    if (relevance < (domain ? thresholds.relevance : thresholds.relevanceNoDomain))
      return { decision: 'out-of-scope', reason: 'not-app-proxy', candidates, evidence };
    if (top.score < thresholds.accept) {
      // A vague message about App Proxy ("it's broken", "nothing loads from outside") is as
      // likely a general connector problem as any one error, so the general checks are always
      // among the choices, and first when no single error stands out at all.
      const fallback = candidates.find((c) => c.topic === kb.fallbackTopic) ?? {
        topic: kb.fallbackTopic,
        score: 0,
      };
      const others = candidates.filter((c) => c.topic !== kb.fallbackTopic);
      const topThree = candidates.slice(0, 3);
      const offered =
        top.score < thresholds.floor
          ? [fallback, ...others.slice(0, 2)]
          : topThree.includes(fallback)
            ? topThree
            : [...others.slice(0, 2), fallback];
      return { decision: 'ambiguous', candidates: offered, evidence };
    }
    if (second && top.score - second.score < thresholds.ambiguousMargin)
      return { decision: 'ambiguous', candidates: candidates.slice(0, 3), evidence };
    return {
      decision: 'match',
      topic: top.topic,
      score: top.score,
      cause: hintFor(top.topic),
      candidates,
      evidence,
    };
  }

  return {
    recognise,
    detectCause: (topicId, message) => detectCauseIn(topicId, normalise(message).text),
  };
}

export type { Topic };
