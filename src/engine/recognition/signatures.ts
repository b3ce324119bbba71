import type { Topic } from '../knowledgeSchema';
import { escapeRegExp, normalise, words } from '../text';

// "Did they paste the product's own words?": error texts compared as plain word 3-grams (no
// stemming, no synonyms). Only 3-grams that a single topic's texts contain count, so the frames
// several errors share ("Connector registration failed: Make sure you…") don't.

const SHINGLE = 3;
// A paste cut off part-way still counts: six distinctive 3-grams are plenty.
const ENOUGH_SHINGLES = 6;

const shingleAt = (tokens: readonly string[], i: number): string => tokens.slice(i, i + SHINGLE).join(' ');

function shingles(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + SHINGLE <= tokens.length; i++) out.push(shingleAt(tokens, i));
  return out;
}

export interface SignatureMatch {
  readonly topic: string;
  /** How much of the topic's best-matching error text is there, in [0, 1]. */
  readonly coverage: number;
  /** The message has the last distinctive words of the error text, which tell look-alikes apart. */
  readonly tail: boolean;
}

export interface SignatureIndex {
  match(tokens: readonly string[]): SignatureMatch[];
  /** The topics whose product-printed terms ("bad gateway", "504") the normalised text has. */
  terms(normalisedText: string): Set<string>;
}

/** One pattern for the topic's product-printed terms, on word boundaries of normalised text. */
export function termPatternOf(topic: Topic): RegExp | undefined {
  const { terms } = topic.signatures;
  if (!terms.length) return undefined;
  const alternatives = terms.map((term) => escapeRegExp(normalise(term).text)).join('|');
  return new RegExp(`(?<![a-z0-9])(?:${alternatives})(?![a-z0-9])`);
}

export function createSignatureIndex(topics: readonly Topic[]): SignatureIndex {
  const owners = new Map<string, Set<string>>();
  const perTopicTexts = topics.map((t) => ({
    topic: t.id,
    texts: t.signatures.texts.map((text) => shingles(words(normalise(text).text))),
  }));
  for (const { topic, texts } of perTopicTexts)
    for (const s of texts.flat()) owners.set(s, (owners.get(s) ?? new Set()).add(topic));
  const index = perTopicTexts.map(({ topic, texts }) => ({
    topic,
    texts: texts
      .map((list) => list.filter((s) => owners.get(s)!.size === 1))
      .filter((list) => list.length > 0),
  }));
  // The first words of the 3-grams that count: a message's other 3-grams are never built.
  const shingleStarts = new Set(index.flatMap(({ texts }) => texts.flat().map((s) => s.split(' ')[0]!)));

  const termPatterns = topics.flatMap((t) => {
    const pattern = termPatternOf(t);
    return pattern ? [{ topic: t.id, pattern }] : [];
  });

  return {
    terms(text) {
      return new Set(termPatterns.filter(({ pattern }) => pattern.test(text)).map(({ topic }) => topic));
    },
    match(tokens) {
      const present = new Set<string>();
      for (let i = 0; i + SHINGLE <= tokens.length; i++)
        if (shingleStarts.has(tokens[i]!)) present.add(shingleAt(tokens, i));
      const out: SignatureMatch[] = [];
      for (const { topic, texts } of index) {
        let coverage = 0;
        let tail = false;
        for (const text of texts) {
          let hits = 0;
          for (const s of text) if (present.has(s)) hits++;
          coverage = Math.max(coverage, Math.min(1, hits / Math.min(text.length, ENOUGH_SHINGLES)));
          if (present.has(text[text.length - 1]!)) tail = true;
        }
        if (coverage > 0) out.push({ topic, coverage, tail });
      }
      return out;
    },
  };
}
