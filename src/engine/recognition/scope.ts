import type { KnowledgeBase } from '../knowledge';

// Two quick reads of what kind of message this is: does it name application proxy itself (an
// anchor), and is it a question about how to do something, costs or plans rather than a problem.

// Anchors and question words sit in the first lines of a post.
const SCAN_CHARS = 2500;
// A negation denies an anchor when only words of routing stand between them, within one clause:
// "no app proxy", "not published through app proxy", "we don't use app proxy"; not "not working
// through app proxy", whose "not" belongs to "working".
const ROUTING_WORDS = new Set([
  'a',
  'an',
  'the',
  'any',
  'our',
  'through',
  'thru',
  'via',
  'over',
  'behind',
  'using',
  'use',
  'used',
  'uses',
  'go',
  'goes',
  'going',
  'gone',
  'routed',
  'published',
  'publish',
  'publishing',
  'exposed',
  'involve',
  'involved',
  'in',
  'front',
  'of',
  'be',
  'been',
  'even',
]);
const CLAUSE_BREAK = /[.,;:!?()[\]"|/-]/;
// A negation that is the subject of what follows the anchor ("nothing published through app
// proxy opens", "none of the apps behind app proxy load") says everything fails.
const SUBJECT_NEGATIONS = new Set(['nothing', 'none', 'no']);
const OPENS_AFTER =
  /^\W*(?:\w+ ){0,3}?(?:opens?|works?|loads?|is reachable|are reachable|comes? up|responds?|is accessible|are accessible|can be (?:reached|accessed|opened))\b/;
// Every app at once: the connectors or the service, not one app's settings.
const WIDESPREAD =
  /\b(?:no|none of (?:our|the|my)|not a single|every|all(?: of)?(?: our| the| my)?)(?: \w+){0,2} (?:apps?|applications?|sites?|published apps?)\b(?! (?:\w+ )?(?:except|but|apart from|other than)\b)|\bnothing (?:published|works|opens|loads|is reachable)\b|\b(?:everything|all apps?) (?:is|are) (?:down|broken|offline|unreachable)\b/;

export interface Anchors {
  /** Mentions of application proxy itself ("app proxy", "msappproxy.net", …). */
  readonly count: number;
  /** Of those, the ones denied ("no app proxy involved", "not published through app proxy"). */
  readonly denied: number;
  /** Where the first mention that isn't denied starts (the text's length when there is none). */
  readonly firstAt: number;
}

export interface Scope {
  anchors(normalisedText: string): Anchors;
  /** A how-to, pricing or roadmap question with no sign of anything going wrong. */
  notAProblem(normalisedText: string): boolean;
  /** Whether the message names another product that isn't application proxy nor a neighbour. */
  namesOtherProduct(normalisedText: string): boolean;
  /** Whether it says something is broken: "down", "not working", "fails". */
  complains(normalisedText: string): boolean;
  /** Whether it says every app fails at once ("no app works from outside", "all apps are down"). */
  widespread(normalisedText: string): boolean;
}

const BROKEN =
  /\b(?:broken|broke|down|dead|offline|not working|doesn'?t work|does not work|isn'?t working|stopped working|fail\w*|error\w*)\b/;

export function createScope(kb: KnowledgeBase): Scope {
  const compile = (sources: readonly string[]) => sources.map((s) => new RegExp(s, 'i'));
  const anchors = kb.lexicon.anchors.map((s) => new RegExp(s, 'gi'));
  const notPublished = compile(kb.lexicon.notPublished);
  const negations = new Set(kb.lexicon.negations.map((n) => n.toLowerCase()));
  const multiWord = kb.lexicon.negations.filter((n) => n.includes(' ')).map((n) => n.toLowerCase());
  /** Whether the words just before an anchor, in its clause, deny it. */
  const deniedBy = (before: string, after: string): boolean => {
    const clause = (before.split(CLAUSE_BREAK).pop() ?? '').trim();
    const words = clause.split(/\s+/).filter(Boolean);
    // Step back over routing words; what comes before them must be a negation.
    let i = words.length - 1;
    while (i >= 0 && ROUTING_WORDS.has(words[i]!)) i--;
    if (i < 0) return false;
    // "Nothing published through app proxy opens": "nothing" is what fails, not a denial.
    if (SUBJECT_NEGATIONS.has(words[i]!) && OPENS_AFTER.test(after)) return false;
    if (negations.has(words[i]!)) return true;
    const tail = words.slice(Math.max(0, i - 2), i + 1).join(' ');
    return multiWord.some((phrase) => tail.endsWith(phrase));
  };
  const asks = compile(kb.outOfScope.notAProblem.asks);
  const trouble = compile(kb.outOfScope.notAProblem.trouble);
  const denied = kb.outOfScope.notAProblem.denied.map((s) => new RegExp(s, 'gi'));
  const declared = compile(kb.outOfScope.notAProblem.declared);
  const otherProducts = compile(kb.outOfScope.otherProducts);
  const head = (text: string) => (text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text);
  return {
    anchors(text) {
      const t = head(text);
      // Each mention once, however many anchors match it ("app proxy connector" is one).
      const spans: [number, number][] = [];
      for (const a of anchors) for (const m of t.matchAll(a)) spans.push([m.index, m.index + m[0].length]);
      spans.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
      let count = 0;
      let deniedCount = 0;
      let end = -1;
      let firstAt = t.length;
      for (const [start, stop] of spans) {
        if (start < end) continue;
        end = stop;
        count++;
        if (deniedBy(t.slice(Math.max(0, start - 80), start), t.slice(stop, stop + 60))) deniedCount++;
        else firstAt = Math.min(firstAt, start);
      }
      // "Internal users only": an app that isn't published denies application proxy too.
      const unpublished = notPublished.filter((p) => p.test(t)).length;
      return { count: count + unpublished, denied: deniedCount + unpublished, firstAt };
    },
    notAProblem(text) {
      let t = head(text);
      if (declared.some((d) => d.test(t))) return true;
      for (const d of denied) t = t.replace(d, ' ');
      return asks.some((a) => a.test(t)) && !trouble.some((p) => p.test(t));
    },
    namesOtherProduct: (text) => otherProducts.some((p) => p.test(head(text))),
    complains: (text) => BROKEN.test(head(text)),
    widespread: (text) => WIDESPREAD.test(head(text)),
  };
}
