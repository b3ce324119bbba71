// What the recogniser says about a message, and the thresholds it decides by.

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
  /** A guided check's output whose outcome shows the problem (`value` is the check, `outcome` its finding). */
  | {
      readonly kind: 'check-output';
      readonly value: string;
      readonly outcome: string;
      readonly topic: string;
    }
  | { readonly kind: 'foreign-error'; readonly value: string };

export interface CauseHint {
  readonly cause: string;
  /** `cue`: the message said so; `only-cause`: the topic has a single documented cause. */
  readonly reason: 'cue' | 'only-cause';
}

export type OutOfScopeReason =
  | 'empty'
  | 'foreign-error'
  | 'not-app-proxy'
  | 'low-confidence'
  | 'neighbour'
  /** A how-to, pricing or roadmap question: nothing to troubleshoot. */
  | 'not-a-problem';

/** Another product whose errors look like application proxy's, and what in the message says so. */
export interface NeighbourHint {
  readonly id: string;
  /** The tell-tale signals found, as matched. */
  readonly signals: readonly string[];
  /** Where in the message its first signal is (characters into the normalised text). */
  readonly firstAt: number;
}

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
      /** Set when the message is about one of the neighbours (the reason is then `neighbour`). */
      readonly neighbour?: NeighbourHint;
      readonly candidates: readonly Candidate[];
      readonly evidence: readonly Evidence[];
    };

/**
 * How sure the recogniser must be. Chosen by sweeping each value over our own held-out phrasings
 * and the dev set (`npm run sweep -- FILE`), taking the middle of the range where top-1 and
 * out-of-scope recall both stay at their best, rather than the single best point:
 * - `relevance`: the bar for the classifier's probability that a message is about application
 *   proxy at all, for a message that names application proxy itself; `relevanceDomain` for one
 *   that only uses its vocabulary (connector, Kerberos, SPN, published); `relevanceNoDomain` for
 *   one with neither.
 * - `accept`: the topic classifier's top probability for a confident match; a message that names
 *   application proxy is also matched when its leader has `acceptDominant` and `dominance` times
 *   the runner-up's score.
 * - `ambiguousMargin`: a runner-up this close to the leader makes the bot ask which one.
 * - `floor`: below this no single error stands out, and the general checks are offered first.
 * - `askNamed`: a message that names application proxy but falls short of `relevance` is still
 *   asked about ("which of these?") when its leading topic has this score.
 * - `temperature`s soften naive Bayes, which is overconfident, so that a close second shows.
 * - `signatureCoverage`: how much of an error text's distinctive 3-grams a paste must have.
 */
export interface Thresholds {
  readonly relevance: number;
  readonly relevanceDomain: number;
  readonly relevanceNoDomain: number;
  readonly accept: number;
  readonly acceptDominant: number;
  readonly dominance: number;
  readonly ambiguousMargin: number;
  readonly floor: number;
  readonly askNamed: number;
  readonly topicTemperature: number;
  readonly relevanceTemperature: number;
  readonly signatureCoverage: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  relevance: 0.6,
  relevanceDomain: 0.6,
  relevanceNoDomain: 0.9,
  accept: 0.5,
  acceptDominant: 0.15,
  dominance: 3,
  ambiguousMargin: 0.2,
  floor: 0.15,
  askNamed: 0.3,
  topicTemperature: 2.5,
  relevanceTemperature: 4,
  signatureCoverage: 0.6,
};
