import { MAX_WORD_CHARS, WORD } from '../text';

// Cue and ruling patterns are written in correct spelling; people type "registraton windw closed by
// itsef". The mender mends a word one edit away from a word the patterns use, so they read it as
// meant. It mends towards the patterns' own words only, and never a word the training text knows:
// "nearly" must not become "yearly" nor "display" "displays".

const MIN_LENGTH = 5;

/** The literal words of a regular expression's source ("(?:closed|shut) by itself" → closed, shut, itself). */
export function literalWords(source: string): string[] {
  // Escapes (\b, \w, \s, \d) and character classes are not words of the pattern.
  const plain = source.replace(/\\[a-zA-Z]/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  return (plain.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length >= MIN_LENGTH);
}

export interface TypoMender {
  /** The normalised text with each one-edit typo of a pattern word mended; the rest unchanged. */
  mend(normalisedText: string): string;
}

export function createTypoMender(targets: Iterable<string>, knows: (word: string) => boolean): TypoMender {
  const words = new Set(targets);
  // Symmetric delete: each target and its one-letter deletions point back to the target.
  const byDeletion = new Map<string, string | null>();
  const index = (key: string, word: string) => {
    const seen = byDeletion.get(key);
    // Two targets behind one key: no single mending, so none.
    byDeletion.set(key, seen === undefined || seen === word ? word : null);
  };
  for (const w of words) {
    index(w, w);
    for (let i = 0; i < w.length; i++) index(w.slice(0, i) + w.slice(i + 1), w);
  }
  const mended = new Map<string, string>();

  function mendWord(word: string): string {
    if (word.length < MIN_LENGTH || word.length > MAX_WORD_CHARS || words.has(word) || /[\d']/.test(word))
      return word;
    const known = mended.get(word);
    if (known !== undefined) return known;
    // The word with a letter missing ("windw"), one too many ("closd" is both), or swapped nearby.
    let found: string | null | undefined = byDeletion.get(word);
    for (let i = 0; found === undefined && i < word.length; i++)
      found = byDeletion.get(word.slice(0, i) + word.slice(i + 1));
    // Typos rarely touch the first letter; a known word is no typo.
    const result = found && found[0] === word[0] && !knows(word) ? found : word;
    if (mended.size < 20_000) mended.set(word, result);
    return result;
  }

  return { mend: (text) => text.replace(WORD, mendWord) };
}
