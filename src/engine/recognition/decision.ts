import type { ClassifierReading } from './classifiers';
import type { Anchors } from './scope';
import type { SignatureMatch } from './signatures';
import type { Candidate, CauseHint, Evidence, NeighbourHint, Recognition, Thresholds } from './types';

// Deciding from what the stages found: exact evidence first, then the classifiers' reading,
// then how sure they are. Pure: everything it weighs is passed in.

const CUE_BONUS = 0.15;
// A status the product prints ("Bad Gateway", "504") points at its topic.
const TERM_BONUS = 0.25;
// How many of the leading topics have their cause cues tried for the bonus.
const CUE_CONTENDERS = 5;
// An error code, event ID or documented URL is trusted outright.
const EXACT_SCORE = 0.97;
// A pasted error text this complete is the product's own words, not a look-alike fragment.
const FULL_PASTE = 0.9;
// A message naming application proxy this short, with no topic standing out, is a vague complaint.
const VAGUE_WORDS = 8;
// A neighbour's signals outnumber the mentions of application proxy by this many: its post.
const DOMINANT_SIGNALS = 2;

export interface Findings {
  /** Topics a message may be recognised as (their `onlyWith` gate is open). */
  readonly topics: readonly { readonly id: string; readonly loggedWith?: readonly string[] }[];
  readonly evidence: readonly Evidence[];
  readonly signatures: readonly SignatureMatch[];
  /** Topics whose product-printed terms ("bad gateway", "504") the message has. */
  readonly terms: ReadonlySet<string>;
  readonly reading: ClassifierReading;
  /** The cause the message states for a topic (worked out on demand: cue patterns cost most). */
  readonly hintFor: (topic: string) => CauseHint | undefined;
  readonly fallbackTopic: string;
  /** Neighbouring products whose tell-tale signals the message has, most signals first. */
  readonly neighbours: readonly NeighbourHint[];
  /** How often the message names application proxy itself, and how often it denies it. */
  readonly anchors: Anchors;
  /** A how-to, pricing or roadmap question rather than a problem. */
  readonly notAProblem: boolean;
  /** The message names another product (not a neighbour) that isn't application proxy. */
  readonly otherProduct: boolean;
  /** How many words the message has. */
  readonly words: number;
  /** The message says something is broken ("down", "not working", "fails"). */
  readonly complains: boolean;
  /** It says every app fails at once: the general checks come first among the choices. */
  readonly widespread?: boolean;
}

/** The neighbour with most signals; a tie goes to the one the neighbour model prefers. */
function strongestNeighbour(
  hints: readonly NeighbourHint[],
  scores: ReadonlyMap<string, number>,
): NeighbourHint {
  const most = hints[0]!.signals.length;
  return hints
    .filter((h) => h.signals.length === most)
    .reduce((a, b) => ((scores.get(b.id) ?? 0) > (scores.get(a.id) ?? 0) ? b : a));
}

export function decide(f: Findings, thresholds: Thresholds): Recognition {
  const { evidence, signatures, reading } = f;
  const foreign = evidence.some((e) => e.kind === 'foreign-error');
  const found = [...evidence];

  // Pasted error text counts by how much of it is there, unless it lacks its tail and an unknown
  // error stands beside it.
  const exact = new Map<string, number>();
  for (const e of evidence) if (e.kind !== 'foreign-error') exact.set(e.topic, EXACT_SCORE);
  for (const s of signatures) {
    if (s.coverage < thresholds.signatureCoverage || (foreign && !s.tail)) continue;
    found.push({ kind: 'signature', coverage: s.coverage, topic: s.topic });
    exact.set(s.topic, Math.max(exact.get(s.topic) ?? 0, 0.75 + 0.2 * s.coverage));
  }
  // An event that always comes with another (13019 with 12027) is part of that one's problem.
  const companions = f.topics.flatMap((t) => (exact.has(t.id) ? (t.loggedWith ?? []) : []));
  for (const c of companions) exact.delete(c);

  // Part of an error text, too little to trust alone, still tips the balance; so does a message
  // that states one of the topic's documented causes in so many words. Cue patterns are the
  // costliest part of recognition, so only the leading topics' are tried: a bonus of CUE_BONUS
  // can't lift a topic from further down past the leaders.
  const base = f.topics.map((topic) => {
    const partial = signatures.find((s) => s.topic === topic.id)?.coverage ?? 0;
    const term = f.terms.has(topic.id) ? TERM_BONUS : 0;
    return { topic, base: (reading.topicScores.get(topic.id) ?? 0) + 0.3 * partial + term };
  });
  const leaders = new Set(
    [...base]
      .sort((a, b) => b.base - a.base)
      .slice(0, CUE_CONTENDERS)
      .map((b) => b.topic.id),
  );
  const scores = new Map<string, number>();
  for (const { topic, base: guessed } of base) {
    const cueBonus = leaders.has(topic.id) && f.hintFor(topic.id)?.reason === 'cue' ? CUE_BONUS : 0;
    const guess = Math.min(0.9, guessed + cueBonus);
    scores.set(topic.id, Math.max(exact.get(topic.id) ?? 0, guess));
  }
  const candidates: Candidate[] = [...scores.entries()]
    .map(([topic, score]) => ({ topic, score }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  const [top, second] = candidates;

  // Another product's signals: its problem unless the message is about application proxy too.
  // A message that names application proxy stays ours unless the other product dominates it (many
  // more of its signals than mentions of ours), or no topic stands out and it reads more like the
  // neighbour's. One that doesn't is the neighbour's, unless evidence of ours (an event ID, a
  // code, a whole pasted error text) outweighs a single signal.
  const named = f.anchors.count - f.anchors.denied;
  const ourEvidence = found.some(
    (e) => e.kind !== 'foreign-error' && (e.kind !== 'signature' || e.coverage >= FULL_PASTE),
  );
  const readsLikeNeighbour = reading.neighbourShare > reading.inScopeShare;
  if (f.neighbours.length) {
    const signals = f.neighbours[0]!.signals.length;
    // A post that opens on the other product and names ours once, in passing ("the agents don't
    // show up next to our application proxy connectors"), is about the other product.
    const opensOnNeighbour =
      named === 1 && signals >= DOMINANT_SIGNALS && f.neighbours[0]!.firstAt < f.anchors.firstAt;
    const claimed =
      named > 0
        ? !ourEvidence &&
          (signals >= named + DOMINANT_SIGNALS ||
            opensOnNeighbour ||
            ((top?.score ?? 0) < thresholds.accept && readsLikeNeighbour))
        : !ourEvidence || signals > 1 || readsLikeNeighbour;
    if (claimed)
      return {
        decision: 'out-of-scope',
        reason: 'neighbour',
        neighbour: strongestNeighbour(f.neighbours, reading.neighbourScores),
        candidates,
        evidence: found,
      };
  }

  // Nothing of ours in the message, and it says application proxy isn't involved ("no app proxy
  // or any reverse proxy in between"), or it names another product (nginx, a Citrix gateway).
  if (!ourEvidence && named === 0 && (f.anchors.denied > 0 || f.otherProduct))
    return { decision: 'out-of-scope', reason: 'not-app-proxy', candidates, evidence: found };

  // A question about how to do something, costs or plans in application proxy: only an error it
  // quotes (not a host name it mentions) makes it a problem to troubleshoot.
  const bar =
    named > 0
      ? thresholds.relevance
      : reading.domain
        ? thresholds.relevanceDomain
        : thresholds.relevanceNoDomain;
  if (
    f.notAProblem &&
    (named > 0 || reading.relevance >= bar) &&
    !found.some((e) => e.kind !== 'foreign-error' && e.kind !== 'url')
  )
    return { decision: 'out-of-scope', reason: 'not-a-problem', candidates, evidence: found };

  if (exact.size > 0) {
    const exactTop = candidates.filter((c) => exact.has(c.topic));
    // Two different documented errors in one paste: let the user say which one they mean.
    if (exactTop.length > 1 && exactTop[0]!.score - exactTop[1]!.score < 0.05)
      return { decision: 'ambiguous', candidates: exactTop.slice(0, 3), evidence: found };
    const winner = exactTop[0]!;
    return {
      decision: 'match',
      topic: winner.topic,
      score: winner.score,
      cause: f.hintFor(winner.topic),
      candidates,
      evidence: found,
    };
  }

  if (!top)
    return {
      decision: 'out-of-scope',
      reason: foreign ? 'foreign-error' : 'low-confidence',
      candidates,
      evidence: found,
    };
  if (foreign) return { decision: 'out-of-scope', reason: 'foreign-error', candidates, evidence: found };
  // A post that names application proxy but reads unlike our phrasings (long, about an SPA or a
  // web API, written around its question) is asked about when one topic stands out: "which of
  // these?" with "none of these" costs a click; turning it away loses the user. A short one that
  // says it's broken ("app proxy is broken") is a vague complaint about it, answered below as one.
  if (reading.relevance < bar) {
    if (named > 0 && top.score >= thresholds.askNamed)
      return { decision: 'ambiguous', candidates: candidates.slice(0, 3), evidence: found };
    if (!(named > 0 && f.words <= VAGUE_WORDS && f.complains))
      return { decision: 'out-of-scope', reason: 'not-app-proxy', candidates, evidence: found };
  }
  // A short message that names application proxy gets low probabilities from a classifier with
  // many topics, yet one topic can still clearly lead ("bad gateway on app proxy").
  // So can one whose leader is named by a status the product prints ("users get Bad Gateway").
  const dominant =
    (named > 0 || f.terms.has(top.topic)) &&
    top.score >= thresholds.acceptDominant &&
    top.score >= thresholds.dominance * (second?.score ?? 0);
  if (top.score < thresholds.accept && !dominant) {
    // A vague message about App Proxy ("it's broken", "nothing loads from outside") is as
    // likely a general connector problem as any one error, so the general checks are always
    // among the choices, and first when no single error stands out at all.
    const fallback = candidates.find((c) => c.topic === f.fallbackTopic) ?? {
      topic: f.fallbackTopic,
      score: 0,
    };
    const others = candidates.filter((c) => c.topic !== f.fallbackTopic);
    const topThree = candidates.slice(0, 3);
    const offered =
      top.score < thresholds.floor || f.widespread
        ? [fallback, ...others.slice(0, 2)]
        : topThree.includes(fallback)
          ? topThree
          : [...others.slice(0, 2), fallback];
    return { decision: 'ambiguous', candidates: offered, evidence: found };
  }
  if (!dominant && second && top.score - second.score < thresholds.ambiguousMargin)
    return { decision: 'ambiguous', candidates: candidates.slice(0, 3), evidence: found };
  return {
    decision: 'match',
    topic: top.topic,
    score: top.score,
    cause: f.hintFor(top.topic),
    candidates,
    evidence: found,
  };
}
