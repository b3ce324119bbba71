import { CACHE_BYTES, createFeatureExtractor } from '../../src/engine/features';
import { loadKnowledge } from '../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../src/engine/paths';
import { MAX_WORD_CHARS, normalise } from '../../src/engine/text';

const kb = loadKnowledge(defaultKnowledgeDir());

describe('feature extraction', () => {
  const extractor = createFeatureExtractor(kb.lexicon);
  extractor.learnVocabulary(normalise('the connector cannot register with the service').text);

  it('gives each stem, then its pair with the next stem, once each, in order of first appearance', () => {
    const text = normalise(
      'Connector registration failed; connector registration failed again' /* again: a stop word */,
    ).text;
    const stems = extractor.stems(text);
    expect(stems.slice(0, 3)).toEqual(['connector', 'regist', 'fail']);
    expect(extractor.features(text)).toEqual([
      'connector',
      'connector_regist',
      'regist',
      'regist_fail',
      'fail',
      'fail_connector',
    ]);
  });

  it('streams the same features one at a time, and a caller may stop early', () => {
    const text = normalise(`The conector cannot regster. ${'heartbeat ok queue empty. '.repeat(500)}`).text;
    expect([...extractor.featureStream(text)]).toEqual(extractor.features(text));
    const first: string[] = [];
    for (const f of extractor.featureStream(text)) {
      first.push(f);
      if (first.length === 5) break;
    }
    // Typos mended towards the learned vocabulary, stop words dropped.
    expect(first).toEqual(['connector', 'connector_cannot', 'cannot', 'cannot_regist', 'regist']);
  });

  it('drops a stop word before mending typos, so "where" is never taken for a word it is one letter from', () => {
    const withNear = createFeatureExtractor(kb.lexicon);
    // "we're" is one deletion away from "where"; neither should come out of "where".
    withNear.learnVocabulary(normalise("we're behind a proxy, the connector works").text);
    expect(withNear.stems(normalise('a use case where the connector fails').text)).toEqual([
      'us',
      'case',
      'connector',
      'fail',
    ]);
  });

  it('reads a possessive as its word: "customer\'s F5" is the customer\'s', () => {
    expect(extractor.stems(normalise("the customer's F5").text)).toEqual(
      extractor.stems(normalise('the customer F5').text),
    );
  });
});

describe('bounds on what a message can cost', () => {
  const extractor = createFeatureExtractor(kb.lexicon);
  extractor.learnVocabulary('connector registration failed');

  it('neither stems nor mends a word longer than MAX_WORD_CHARS', () => {
    // natural's Porter stemmer and the typo mender are quadratic in a word's length.
    expect(extractor.features(`${'b'.repeat(20_000)}y`)).toEqual([]);
    expect(extractor.features(`connector ${'q'.repeat(MAX_WORD_CHARS + 1)}`)).toEqual(['connector']);
  });

  it('keeps its memo caches within their byte budget whatever words arrive', () => {
    for (let i = 0; i < 120_000; i++) extractor.features(`word${i}abcdefghijklmnopqrstuvwxyz0123456789`);
    expect(extractor.cachedBytes).toBeLessThanOrEqual(2 * CACHE_BYTES);
    expect(extractor.cachedBytes).toBeGreaterThan(CACHE_BYTES / 2);
  });
});
