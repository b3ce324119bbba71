import type { ClassifierReading } from '../../../src/engine/recognition/classifiers';
import { decide, type Findings } from '../../../src/engine/recognition/decision';
import { DEFAULT_THRESHOLDS } from '../../../src/engine/recognition/types';

// The decision alone, on findings made up for each case: what each stage's finding does to it.

const reading = (over: Partial<ClassifierReading> = {}): ClassifierReading => ({
  topicScores: new Map([
    ['a', 0.7],
    ['b', 0.1],
  ]),
  relevance: 0.95,
  inScopeShare: 0.9,
  neighbourShare: 0.05,
  neighbourScores: new Map([['n1', 0.9]]),
  domain: true,
  ...over,
});

const findings = (over: Partial<Findings> = {}): Findings => ({
  topics: [{ id: 'a' }, { id: 'b' }, { id: 'fallback' }],
  evidence: [],
  signatures: [],
  terms: new Set(),
  reading: reading(),
  hintFor: () => undefined,
  fallbackTopic: 'fallback',
  neighbours: [],
  anchors: { count: 1, denied: 0, firstAt: 0 },
  notAProblem: false,
  otherProduct: false,
  words: 12,
  complains: true,
  ...over,
});

const decided = (over: Partial<Findings> = {}) => {
  const r = decide(findings(over), DEFAULT_THRESHOLDS);
  if (r.decision === 'match') return r.topic;
  if (r.decision === 'ambiguous') return `ambiguous:${r.candidates.map((c) => c.topic).join(',')}`;
  return r.neighbour ? `neighbour:${r.neighbour.id}` : `out-of-scope:${r.reason}`;
};

describe('the decision', () => {
  it('matches the leading topic of a message about application proxy', () => {
    expect(decided()).toBe('a');
  });

  it('trusts an event ID over the classifiers', () => {
    expect(decided({ evidence: [{ kind: 'event-id', value: 13020, topic: 'b' }] })).toBe('b');
  });

  it('asks which one when two documented errors are pasted together', () => {
    expect(
      decided({
        evidence: [
          { kind: 'event-id', value: 13020, topic: 'b' },
          { kind: 'event-id', value: 13019, topic: 'a' },
        ],
      }),
    ).toMatch(/^ambiguous:/);
  });

  it('takes a message that reads like nothing of ours as out of scope', () => {
    expect(
      decided({
        anchors: { count: 0, denied: 0, firstAt: 0 },
        reading: reading({ relevance: 0.3, domain: false }),
      }),
    ).toBe('out-of-scope:not-app-proxy');
  });

  it('asks about a post that names application proxy but reads unlike ours, when a topic stands out', () => {
    // Named, relevance under the bar: a leader at askNamed is offered, a weak one is turned away.
    const unlike = (a: number) =>
      decided({
        reading: reading({
          relevance: 0.4,
          topicScores: new Map([
            ['a', a],
            ['b', 0.05],
          ]),
        }),
      });
    expect(unlike(DEFAULT_THRESHOLDS.askNamed)).toBe('ambiguous:a,b');
    expect(unlike(DEFAULT_THRESHOLDS.askNamed - 0.1)).toBe('out-of-scope:not-app-proxy');
    // Not named at all: out of scope, however the topic leads.
    expect(
      decided({
        anchors: { count: 0, denied: 0, firstAt: 0 },
        reading: reading({ relevance: 0.4, domain: false }),
      }),
    ).toBe('out-of-scope:not-app-proxy');
  });

  it('takes a short complaint naming application proxy as a vague one, not as out of scope', () => {
    const vague = (over: Partial<Findings>) =>
      decided({
        words: 4,
        reading: reading({
          relevance: 0.4,
          topicScores: new Map([
            ['a', 0.06],
            ['b', 0.05],
          ]),
        }),
        ...over,
      });
    expect(vague({ complains: true })).toMatch(/^ambiguous:fallback,/);
    // "app proxy problem" says nothing is broken; "app proxy is broken" in forty words is a post.
    expect(vague({ complains: false })).toBe('out-of-scope:not-app-proxy');
    expect(vague({ complains: true, words: 40 })).toBe('out-of-scope:not-app-proxy');
  });

  it('asks for more with the general checks first when no topic stands out', () => {
    const flat = new Map([
      ['a', 0.05],
      ['b', 0.04],
    ]);
    expect(decided({ reading: reading({ topicScores: flat }) })).toBe('ambiguous:fallback,a,b');
  });

  it('offers the general checks first when every app fails at once, whatever leads', () => {
    const weak = new Map([
      ['a', 0.24],
      ['b', 0.09],
      ['fallback', 0.04],
    ]);
    expect(decided({ reading: reading({ topicScores: weak }) })).toBe('ambiguous:a,b,fallback');
    expect(decided({ reading: reading({ topicScores: weak }), widespread: true })).toBe(
      'ambiguous:fallback,a,b',
    );
  });

  describe('a neighbour', () => {
    const wap = { id: 'n1', signals: ['web application proxy', 'wap'], firstAt: 0 };
    const adfs = { id: 'n1', signals: ['ad fs'], firstAt: 0 };

    it("claims a message that doesn't name application proxy", () => {
      expect(decided({ anchors: { count: 0, denied: 0, firstAt: 0 }, neighbours: [adfs] })).toBe(
        'neighbour:n1',
      );
    });

    it('claims an event ID of ours when it has more than one signal and nothing names us', () => {
      const evidence = [{ kind: 'event-id' as const, value: 13019, topic: 'a' }];
      expect(decided({ anchors: { count: 0, denied: 0, firstAt: 0 }, neighbours: [wap], evidence })).toBe(
        'neighbour:n1',
      );
      expect(decided({ anchors: { count: 0, denied: 0, firstAt: 0 }, neighbours: [adfs], evidence })).toBe(
        'a',
      );
    });

    it('leaves a message that names application proxy to us while a topic stands out', () => {
      expect(decided({ anchors: { count: 1, denied: 0, firstAt: 0 }, neighbours: [adfs] })).toBe('a');
    });

    it('claims a post that opens on the other product and names application proxy once, later', () => {
      const wapLater = { ...wap, firstAt: 0 };
      expect(decided({ anchors: { count: 1, denied: 0, firstAt: 60 }, neighbours: [wapLater] })).toBe(
        'neighbour:n1',
      );
      // Opening on application proxy, or one signal only, or evidence of ours: still ours.
      expect(
        decided({ anchors: { count: 1, denied: 0, firstAt: 0 }, neighbours: [{ ...wap, firstAt: 60 }] }),
      ).toBe('a');
      expect(decided({ anchors: { count: 1, denied: 0, firstAt: 60 }, neighbours: [adfs] })).toBe('a');
      const evidence = [{ kind: 'event-id' as const, value: 13019, topic: 'a' }];
      expect(
        decided({ anchors: { count: 1, denied: 0, firstAt: 60 }, neighbours: [wapLater], evidence }),
      ).toBe('a');
      // Named twice, it is a post about both.
      expect(decided({ anchors: { count: 2, denied: 0, firstAt: 60 }, neighbours: [wapLater] })).toBe('a');
    });

    it('claims a message that names application proxy once but is full of its signals', () => {
      const many = { id: 'n1', signals: ['data gateway', 'power bi', 'pbiegwservice'], firstAt: 0 };
      expect(decided({ anchors: { count: 1, denied: 0, firstAt: 0 }, neighbours: [many] })).toBe(
        'neighbour:n1',
      );
    });
  });

  it('takes a message that says application proxy is not involved, and has nothing of ours, as out of scope', () => {
    expect(decided({ anchors: { count: 1, denied: 1, firstAt: 0 } })).toBe('out-of-scope:not-app-proxy');
    // An event ID of ours still counts.
    const evidence = [{ kind: 'event-id' as const, value: 13020, topic: 'b' }];
    expect(decided({ anchors: { count: 1, denied: 1, firstAt: 0 }, evidence })).toBe('b');
  });

  it('takes a message naming another product, with nothing of ours, as out of scope', () => {
    expect(decided({ anchors: { count: 0, denied: 0, firstAt: 0 }, otherProduct: true })).toBe(
      'out-of-scope:not-app-proxy',
    );
    // Naming application proxy too, the message stays ours.
    expect(decided({ anchors: { count: 1, denied: 0, firstAt: 0 }, otherProduct: true })).toBe('a');
  });

  it('answers a how-to question about application proxy as not a problem, unless it quotes an error', () => {
    expect(decided({ notAProblem: true })).toBe('out-of-scope:not-a-problem');
    expect(
      decided({ notAProblem: true, evidence: [{ kind: 'code', value: 'AADSTS50059', topic: 'b' }] }),
    ).toBe('b');
  });

  it('matches a short message that names application proxy when one topic clearly leads', () => {
    const short = new Map([
      ['a', 0.3],
      ['b', 0.05],
    ]);
    expect(decided({ reading: reading({ topicScores: short }) })).toBe('a');
    expect(
      decided({ anchors: { count: 0, denied: 0, firstAt: 0 }, reading: reading({ topicScores: short }) }),
    ).toMatch(/^ambiguous:/);
  });

  it('lets a product-printed term tip the balance', () => {
    const close = new Map([
      ['a', 0.3],
      ['b', 0.25],
    ]);
    expect(decided({ reading: reading({ topicScores: close }), terms: new Set(['b']) })).toBe('b');
  });
});
