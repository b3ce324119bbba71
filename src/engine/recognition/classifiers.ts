import { trainBayes, type TrainedBayes } from '../bayes';
import { createFeatureExtractor, type FeatureExtractor } from '../features';
import type { KnowledgeBase } from '../knowledge';
import { normalise, type NormalisedText } from '../text';
import { OUT_OF_SCOPE } from './types';

// Naive Bayes models over the knowledge's phrasings: one asks "is this about application proxy,
// a neighbouring product, or something else?" (every topic's phrasings as one class, every
// neighbour's as another, the out-of-scope ones as the third), one "which topic?" among the
// topics alone, and one "which neighbour?" among the neighbours. One model with "out of scope"
// as one more topic let that big class beat whichever topic a vague message was about, because
// the in-scope evidence was split across every topic.

// natural's Bayes multiplies probabilities before it takes logs; a few dozen features already
// decide every case, and more would underflow on long pastes.
const MAX_CLASSIFIER_FEATURES = 48;
const IN_SCOPE = 'in-scope';
const NEIGHBOUR = 'neighbour';

export interface ClassifierReading {
  /** Each topic's softened probability; empty when the message has no word the model knows. */
  readonly topicScores: ReadonlyMap<string, number>;
  /**
   * The probability that the message is about application proxy rather than something unrelated,
   * in [0, 1]; the neighbours are left out of this one (they share its vocabulary: connectors,
   * agents, proxies) and weighed only where their signals are found.
   */
  readonly relevance: number;
  /** The three-way shares: application proxy, a neighbouring product. */
  readonly inScopeShare: number;
  readonly neighbourShare: number;
  /** Each neighbour's softened probability, among the neighbours alone. */
  readonly neighbourScores: ReadonlyMap<string, number>;
  /** Whether the message has a word that ties it to application proxy. */
  readonly domain: boolean;
}

export interface Classifiers {
  read(n: NormalisedText, temperatures: { topic: number; relevance: number }): ClassifierReading;
  readonly extractor: FeatureExtractor;
}

export function softmax(logs: ReadonlyMap<string, number>, temperature: number): Map<string, number> {
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

export function createClassifiers(kb: KnowledgeBase): Classifiers {
  const extractor = createFeatureExtractor(kb.lexicon);
  const topicTraining: (readonly [string, string])[] = [];
  for (const topic of kb.topics.values()) {
    for (const text of [...topic.signatures.texts, ...topic.examples])
      topicTraining.push([normalise(text).text, topic.id]);
    topicTraining.push([normalise(`${topic.title}. ${topic.seen}`).text, topic.id]);
  }
  const outOfScopeTraining = kb.outOfScope.examples.map(
    (text) => [normalise(text).text, OUT_OF_SCOPE] as const,
  );
  const neighbourTraining = kb.neighbours.flatMap((n) =>
    [...n.examples, `${n.product}. ${n.why}`].map((text) => [normalise(text).text, n.id] as const),
  );
  for (const [text] of [...topicTraining, ...outOfScopeTraining, ...neighbourTraining])
    extractor.learnVocabulary(text);
  const featuresOf = (text: string) => extractor.features(text);
  const topicModel: TrainedBayes = trainBayes(
    topicTraining.map(([text, label]) => [featuresOf(text), label] as const),
  );
  const relevanceModel: TrainedBayes = trainBayes([
    ...topicTraining.map(([text]) => [featuresOf(text), IN_SCOPE] as const),
    ...outOfScopeTraining.map(([text]) => [featuresOf(text), OUT_OF_SCOPE] as const),
    ...neighbourTraining.map(([text]) => [featuresOf(text), NEIGHBOUR] as const),
  ]);
  const neighbourModel: TrainedBayes | undefined = neighbourTraining.length
    ? trainBayes(neighbourTraining.map(([text, label]) => [featuresOf(text), label] as const))
    : undefined;
  const domainStems = new Set(kb.lexicon.domainWords.flatMap((w) => extractor.stems(normalise(w).text)));

  return {
    extractor,
    read(n, temperatures) {
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
        ? softmax(topicModel.logLikelihoods(known), temperatures.topic)
        : new Map<string, number>();
      const shares = knownToRelevance.length
        ? softmax(relevanceModel.logLikelihoods(knownToRelevance), temperatures.relevance)
        : undefined;
      const inScopeShare = known.length ? (shares?.get(IN_SCOPE) ?? 0) : 0;
      const outOfScopeShare = shares?.get(OUT_OF_SCOPE) ?? 0;
      const relevance = inScopeShare > 0 ? inScopeShare / (inScopeShare + outOfScopeShare) : 0;
      const neighbourShare = shares?.get(NEIGHBOUR) ?? 0;
      const neighbourScores =
        neighbourModel && knownToRelevance.length
          ? softmax(neighbourModel.logLikelihoods(knownToRelevance), temperatures.topic)
          : new Map<string, number>();
      return { topicScores, relevance, inScopeShare, neighbourShare, neighbourScores, domain };
    },
  };
}
