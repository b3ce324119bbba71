import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createSignatureIndex } from '../../../src/engine/recognition/signatures';
import { normalise, words } from '../../../src/engine/text';

const kb = loadKnowledge(defaultKnowledgeDir());
const index = createSignatureIndex([...kb.topics.values()]);
const match = (text: string) => index.match(words(normalise(text).text));

describe('pasted error texts', () => {
  it('finds a whole error text with its tail', () => {
    const found = match(kb.topics.get('registration-denied')!.signatures.texts[0]!);
    expect(found).toContainEqual({ topic: 'registration-denied', coverage: 1, tail: true });
  });

  it('gives a paste cut off part-way partial coverage and no tail', () => {
    // A topic whose error texts don't end where another of them does, so half a text lacks every tail.
    const topic = [...kb.topics.values()].find((t) => {
      const texts = t.signatures.texts.map((x) => normalise(x).text);
      return (
        texts.length > 1 &&
        texts.every((a) => texts.every((b) => a === b || !b.startsWith(a.slice(0, a.length / 2))))
      );
    })!;
    const text = topic.signatures.texts[0]!;
    const found = match(text.slice(0, Math.floor(text.length / 2))).find((m) => m.topic === topic.id);
    expect(found?.tail).toBe(false);
    expect(found?.coverage).toBeGreaterThan(0);
  });

  it('ignores the frame several errors share', () => {
    expect(match("This corporate app can't be accessed")).toEqual([]);
  });
});

describe('product-printed terms', () => {
  it('points a status name or number at its topic', () => {
    expect(index.terms(normalise('users get a 504 from home').text)).toEqual(
      new Set(['status-gateway-timeout']),
    );
    expect(index.terms(normalise('Bad Gateway again').text)).toEqual(new Set(['status-bad-gateway']));
  });

  it('matches whole words only', () => {
    expect(index.terms(normalise('ticket 15042 and a forbiddenfruit').text)).toEqual(new Set());
  });
});
