import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createNeighbourSignals } from '../../../src/engine/recognition/neighbours';
import { normalise } from '../../../src/engine/text';

const kb = loadKnowledge(defaultKnowledgeDir());
const signals = createNeighbourSignals(kb.neighbours);
const find = (text: string) => signals.find(normalise(text).text);

describe('neighbour signals', () => {
  it("finds each neighbour's signals in most of its own phrasings", () => {
    for (const n of kb.neighbours) {
      const phrasings = [...n.examples, ...n.heldOut];
      const own = phrasings.filter((p) => find(p)[0]?.id === n.id).length;
      expect([n.id, own / phrasings.length >= 0.8]).toEqual([n.id, true]);
    }
  });

  it("stays quiet on application proxy's own error texts and nearly all of its phrasings", () => {
    const topics = [...kb.topics.values()];
    for (const text of topics.flatMap((t) => t.signatures.texts))
      expect([text, find(text)]).toEqual([text, []]);
    const phrasings = topics.flatMap((t) => [...t.examples, ...t.heldOut]);
    const noisy = phrasings.filter((p) => find(p).length > 0);
    expect(noisy.length / phrasings.length).toBeLessThan(0.02);
  });

  it('puts the neighbour with most signals first', () => {
    const found = find('Web Application Proxy (WAP) in front of AD FS; the data gateway is fine');
    expect(found[0]?.id).toBe('web-application-proxy');
    expect(found[0]!.signals.length).toBeGreaterThan(1);
  });
});
