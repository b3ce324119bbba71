import type { KnowledgeBase } from '../knowledge';

// Two quick reads of what kind of message this is: does it name application proxy itself (an
// anchor), and is it a question about how to do something, costs or plans rather than a problem.

// Anchors and question words sit in the first lines of a post.
const SCAN_CHARS = 2500;

export interface Scope {
  /** How often the message names application proxy itself ("app proxy", "msappproxy.net", …). */
  anchors(normalisedText: string): number;
  /** A how-to, pricing or roadmap question with no sign of anything going wrong. */
  notAProblem(normalisedText: string): boolean;
}

export function createScope(kb: KnowledgeBase): Scope {
  const compile = (sources: readonly string[]) => sources.map((s) => new RegExp(s, 'i'));
  const anchors = kb.lexicon.anchors.map((s) => new RegExp(s, 'gi'));
  const asks = compile(kb.outOfScope.notAProblem.asks);
  const trouble = compile(kb.outOfScope.notAProblem.trouble);
  const head = (text: string) => (text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text);
  return {
    anchors(text) {
      const t = head(text);
      let count = 0;
      for (const a of anchors) count += t.match(a)?.length ?? 0;
      return count;
    },
    notAProblem(text) {
      const t = head(text);
      return asks.some((a) => a.test(t)) && !trouble.some((p) => p.test(t));
    },
  };
}
