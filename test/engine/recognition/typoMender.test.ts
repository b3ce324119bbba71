import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createRecogniser } from '../../../src/engine/recogniser';
import { createTypoMender, literalWords } from '../../../src/engine/recognition/typoMender';

describe('literalWords: the words a cue pattern spells out', () => {
  it('skips escapes, classes and short words', () => {
    expect(literalWords(String.raw`\b(?:closed|shut)\b.{0,20}\bby itself\b[a-z]+`)).toEqual([
      'closed',
      'itself',
    ]);
  });
});

describe('createTypoMender', () => {
  const known = new Set(['nearly', 'display']);
  const mender = createTypoMender(['window', 'closed', 'itself', 'yearly', 'displays'], (w) => known.has(w));

  it('mends a letter missing, one too many, or two swapped', () => {
    expect(mender.mend('the windw closd by itsself')).toBe('the window closed by itself');
    expect(mender.mend('the widnow')).toBe('the window');
  });

  it('leaves known words, short words, numbers and first-letter changes alone', () => {
    expect(mender.mend('nearly everyone, display')).toBe('nearly everyone, display');
    expect(mender.mend('clsd 13019 bindow')).toBe('clsd 13019 bindow');
  });

  it('mends nothing when two targets are one edit away', () => {
    const twoWays = createTypoMender(['proxies', 'proxied'], () => false);
    expect(twoWays.mend('proxie')).toBe('proxie');
  });
});

describe('the recogniser reads cues through typos', () => {
  const recogniser = createRecogniser(loadKnowledge(defaultKnowledgeDir()));

  it('"the sign in windw closd by itsef straigt away" states the network cause', () => {
    expect(
      recogniser.detectCause(
        'registration-one-or-more-errors',
        'the sign in windw closd by itsef straigt away',
      )?.cause,
    ).toBe('network-blocked');
  });

  it('"i closd the registraton window by mistake" states the closed-window cause', () => {
    expect(
      recogniser.detectCause('registration-one-or-more-errors', 'i closd the registraton window by mistake')
        ?.cause,
    ).toBe('sign-in-window-closed');
  });
});
