import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createClassifiers } from '../../../src/engine/recognition/classifiers';
import { DEFAULT_THRESHOLDS } from '../../../src/engine/recognition/types';
import { normalise } from '../../../src/engine/text';

const kb = loadKnowledge(defaultKnowledgeDir());
const classifiers = createClassifiers(kb);
const read = (text: string) =>
  classifiers.read(normalise(text), {
    topic: DEFAULT_THRESHOLDS.topicTemperature,
    relevance: DEFAULT_THRESHOLDS.relevanceTemperature,
  });
const leader = (scores: ReadonlyMap<string, number>) => [...scores].sort((a, b) => b[1] - a[1])[0]?.[0];

describe('the classifiers', () => {
  it('read an application proxy problem as ours and name its topic', () => {
    const r = read('the connector shows inactive in the admin center since the firewall change');
    expect(r.relevance).toBeGreaterThan(0.8);
    expect(r.domain).toBe(true);
    expect(leader(r.topicScores)).toBe('connector-inactive');
  });

  it('read an unrelated message as not ours', () => {
    const r = read('how do I bake sourdough bread at home');
    expect(r.relevance).toBeLessThan(0.7);
    expect(r.domain).toBe(false);
  });

  it("read a neighbour's problem as a neighbour's and tell which", () => {
    const r = read('the pass-through authentication agent shows inactive on the Entra Connect page');
    expect(r.neighbourShare).toBeGreaterThan(r.inScopeShare);
    expect(leader(r.neighbourScores)).toBe('entra-connect-agents');
  });

  it('read nothing from a message with no word they know', () => {
    const r = read('zzzq xxyv');
    expect(r.topicScores.size).toBe(0);
    expect(r.relevance).toBe(0);
  });

  it('give probabilities that add up to one', () => {
    const r = read('registration failed with one or more errors occurred');
    const total = [...r.topicScores.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 6);
  });
});
