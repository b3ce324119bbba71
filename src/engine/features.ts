import { LRUCache } from 'lru-cache';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import type { Lexicon } from './knowledgeSchema';
import { escapeRegExp, MAX_WORD_CHARS, WORD, words } from './text';

// Word features for the classifier: synonyms folded to one word, typos mended against the
// training vocabulary, Porter stems, stop words dropped, plus adjacent-word pairs.

const MIN_CORRECTABLE_LENGTH = 5;
// The memo caches are bounded in bytes (UTF-16 code units of key and value, and the entry's own
// overhead), not in entries: what a client can add to them is then bounded too.
export const CACHE_BYTES = 4 * 2 ** 20;
const CACHE_ENTRY_OVERHEAD = 80;
const cacheOf = () =>
  new LRUCache<string, string>({
    maxSize: CACHE_BYTES,
    sizeCalculation: (value, key) => 2 * (key.length + value.length) + CACHE_ENTRY_OVERHEAD,
  });

/**
 * A copy of a word that holds no reference to the text it was cut from: V8 keeps a slice of 13 or
 * more characters as a view of its parent, so caching the slice would keep a whole paste alive.
 * Words are ASCII, so a latin1 round trip copies them exactly.
 */
const detached = (word: string): string =>
  word.length < 13 ? word : Buffer.from(word, 'latin1').toString('latin1');

export interface FeatureExtractor {
  /** Stemmed words of normalised text, synonyms folded and typos mended. */
  stems(normalisedText: string): string[];
  /** Stems plus bigrams ("a_b"), deduplicated, in order of first appearance. */
  features(normalisedText: string): string[];
  /**
   * The same features one at a time, worked out as they are taken: a caller that needs only the
   * first few (the classifier reads a bounded number) does not pay for the rest of a long paste.
   */
  featureStream(normalisedText: string): IterableIterator<string>;
  /** Records training text so typos can later be mended towards its words. */
  learnVocabulary(normalisedText: string): void;
  /** Whether the training text has this word. */
  knows(word: string): boolean;
  /** What the memo caches hold now, in bytes as they count them (bounded by CACHE_BYTES each). */
  readonly cachedBytes: number;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export function createFeatureExtractor(lexicon: Lexicon): FeatureExtractor {
  const stopwords = new Set(lexicon.stopwords.map((w) => w.toLowerCase()));
  // Longest phrases first, so "microsoft entra id" wins over "entra".
  const synonymPairs = lexicon.synonyms
    .flatMap((group) => {
      const canonical = group[0]!.toLowerCase();
      return group.slice(1).map((variant) => [variant.toLowerCase(), canonical] as const);
    })
    .sort((a, b) => b[0].length - a[0].length);
  const canonicalOf = new Map(synonymPairs);
  // The words of the synonym phrases: known words, though folding hides them from the vocabulary.
  const synonymWords = new Set(lexicon.synonyms.flat().flatMap((phrase) => words(phrase.toLowerCase())));
  const synonymPattern = synonymPairs.length
    ? new RegExp(`(?<![a-z0-9])(?:${synonymPairs.map(([v]) => escapeRegExp(v)).join('|')})(?![a-z0-9])`, 'g')
    : undefined;

  const vocabulary = new Set<string>();
  // Symmetric-delete index: a word and each of its one-letter deletions point back to the word,
  // so a one-edit typo is found with a few map look-ups instead of comparing against every word.
  const deleteIndex = new Map<string, string>();
  const corrections = cacheOf();
  const stemCache = cacheOf();

  const foldSynonyms = (text: string): string =>
    synonymPattern ? text.replace(synonymPattern, (m) => ` ${canonicalOf.get(m) ?? m} `) : text;

  const correct = (word: string): string => {
    if (vocabulary.has(word) || word.length < MIN_CORRECTABLE_LENGTH || /\d/.test(word)) return word;
    const cached = corrections.get(word);
    if (cached !== undefined) return cached;
    let fixed = deleteIndex.get(word);
    if (!fixed) {
      for (const variant of deletions(word)) {
        fixed = vocabulary.has(variant) ? variant : deleteIndex.get(variant);
        if (fixed) break;
      }
    }
    const result = fixed ?? word;
    corrections.set(detached(word), result === word ? detached(word) : result);
    return result;
  };

  const rawWords = (text: string): string[] => words(foldSynonyms(text));

  const stemOf = (mended: string): string => {
    let stem = stemCache.get(mended);
    if (stem === undefined) {
      // A long paste repeats the same words many times: stem each once.
      stem = detached(PorterStemmer.stem(mended));
      stemCache.set(detached(mended), stem);
    }
    return stem;
  };

  // One word at a time, so a caller that stops early never reads the rest of the text.
  function* stemStream(text: string): IterableIterator<string> {
    for (const [found] of foldSynonyms(text).matchAll(WORD)) {
      if (found.length > MAX_WORD_CHARS) continue;
      // "customer's" is "customer"; a stop word is dropped before it could be "mended" into a
      // word of the vocabulary ("where" into "we're").
      const word = found.endsWith("'s") ? found.slice(0, -2) : found;
      if (stopwords.has(word)) continue;
      const mended = correct(word);
      if (!stopwords.has(mended)) yield stemOf(mended);
    }
  }

  // Order: s0, s0_s1, s1, s1_s2, s2, ...: each word's pair with the one before it comes first.
  function* featureStream(text: string): IterableIterator<string> {
    const seen = new Set<string>();
    let previous: string | undefined;
    for (const stem of stemStream(text)) {
      if (previous !== undefined) {
        const pair = `${previous}_${stem}`;
        if (!seen.has(pair)) {
          seen.add(pair);
          yield pair;
        }
      }
      if (!seen.has(stem)) {
        seen.add(stem);
        yield stem;
      }
      previous = stem;
    }
  }

  return {
    learnVocabulary(text) {
      for (const word of rawWords(text)) {
        if (word.length > MAX_WORD_CHARS || vocabulary.has(word) || stopwords.has(word)) continue;
        vocabulary.add(word);
        if (word.length >= MIN_CORRECTABLE_LENGTH)
          for (const variant of deletions(word))
            if (!deleteIndex.has(variant)) deleteIndex.set(variant, word);
      }
      corrections.clear();
    },
    knows: (word) => vocabulary.has(word) || synonymWords.has(word) || stopwords.has(word),
    stems: (text) => [...stemStream(text)],
    features(text) {
      return [...featureStream(text)];
    },
    featureStream,
    get cachedBytes() {
      return corrections.calculatedSize + stemCache.calculatedSize;
    },
  };
}
