// Which parts of a message are denied: "he is not a guest, a regular employee" denies "a guest";
// "internal user, not external" denies "external"; "we are not behind a proxy" denies "behind a
// proxy". A small NegEx-style scope: a negation word denies what follows it up to the end of its
// clause (a comma, a full stop, "but"...) or a few words, whichever comes first.

const NEGATIONS =
  /\b(?:not|no|never|without|nothing|none|neither|nor|nobody|cannot|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|won'?t|haven'?t|hasn'?t|hadn'?t|shouldn'?t|wouldn'?t|can'?t|couldn'?t|ruled out|rule out|excluded?)\b/g;
// Where a negation's reach ends: punctuation, or a word that turns the sentence.
const SCOPE_END =
  /[.,;:!?()\n]| [-–—] |\b(?:but|however|though|although|except|instead|rather|yet|so|because|and then)\b/g;
const MAX_SCOPE_WORDS = 6;

// Negations that deny nothing that follows: "not sure", "no idea", "can't tell", "not only".
const NOT_A_DENIAL = /^(?:not sure|no idea|not certain|can'?t tell|cannot tell|not only|no longer)\b/;

export interface Span {
  readonly start: number;
  readonly end: number;
  /** The span denies its first character too (a clause said to be fine, from its start). */
  readonly covers?: true;
}

// A clause that ends by saying its subject is fine ("links inside the text seem fine") denies that
// subject, as a negation before it would: it is the part of the page that does *not* fail.
const SAID_FINE =
  /\b(?:seems?|looks?|are|is|was|were)(?: all| still| totally| perfectly| completely)? (?:fine|ok|okay|good|normal|unaffected)\b/g;
const MAX_FINE_CHARS = 60;

// A negation of what something does ("doesn't allow SHA512", "can't reach the DC", "won't start")
// describes a failure, the very thing cause cues look for: it denies nothing about the cause.
const FAILURE_VERB =
  /^ (?:\S+ )?(?:allow|support|accept|let|permit|trust|reach|resolve|connect|start|run|load|open|work|respond|answer|see|find|get|pass|sync|register|validate|download|talk|contact|show|stay|come|go)\w*\b/;

/**
 * The character ranges of `text` (normalised, lower case) that a negation denies. For reading
 * cause cues (`forCues`), a negated verb of failure denies nothing (see FAILURE_VERB).
 */
export function deniedSpans(text: string, forCues = false): Span[] {
  const spans: Span[] = [];
  const stopAfter = stops(text);
  for (const m of text.matchAll(NEGATIONS)) {
    const from = m.index + m[0].length;
    if (NOT_A_DENIAL.test(text.slice(m.index, m.index + 20))) continue;
    if (forCues && FAILURE_VERB.test(text.slice(from, from + 40))) continue;
    let end = stopAfter(from);
    // At most a few words: "not" in a long sentence doesn't deny all of it.
    const words = SCOPE_WORDS.exec(text.slice(from, Math.min(end, from + MAX_SCOPE_CHARS)));
    if (words && from + words[0].length < end) end = from + words[0].length;
    if (end > from) spans.push({ start: m.index, end });
  }
  // (Not for cause cues: "it works fine inside" is itself a cue of several causes.)
  if (!forCues)
    for (const m of text.matchAll(SAID_FINE)) {
      const start = Math.max(stopBefore(text, m.index), subjectStart(text, m.index));
      if (start < m.index) spans.push({ start, end: m.index, covers: true });
    }
  return spans;
}

/** Where the subject of "... seem fine" at `at` begins: a few words back, not past an "and". */
function subjectStart(text: string, at: number): number {
  const before = text.slice(Math.max(0, at - MAX_FINE_CHARS), at);
  const words = /(?:\S+\s+){1,5}$/.exec(before);
  let start = at - (words ? words[0].length : 0);
  const and = before.lastIndexOf(' and ');
  if (and >= 0) start = Math.max(start, at - before.length + and + 5);
  return start;
}

/** Where the clause that holds `at` begins, looking back no further than a subject can reach. */
function stopBefore(text: string, at: number): number {
  const from = Math.max(0, at - MAX_FINE_CHARS);
  let start = from;
  for (const m of text.slice(from, at).matchAll(SCOPE_END)) start = from + m.index + m[0].length;
  return start;
}

// A negation's words, at most: past this, it reaches no further even in a long word.
const MAX_SCOPE_CHARS = 240;
const SCOPE_WORDS = new RegExp(`^(?:\\s*\\S+){1,${MAX_SCOPE_WORDS}}`);

/** Where the clause that goes on at each position ends: every stop found once, then looked up. */
function stops(text: string): (from: number) => number {
  const at = [...text.matchAll(SCOPE_END)].map((m) => m.index);
  return (from) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return at[lo] ?? text.length;
  };
}
// Words that make what follows a question or a plan, not a fact: "should I reinstall the
// connector?" says nothing about a connector having been removed.
const HYPOTHETICAL =
  /\b(?:should (?:i|we)|shall (?:i|we)|do (?:i|we) (?:need|have) to|would (?:it|that|i|we)|if (?:i|we|you)|whether (?:to|i|we)|can (?:i|we)|could (?:i|we)|will (?:it|they|that)|or should|planning to|thinking of|going to|want to|wants to|about to)\b/g;

/** The ranges of `text` that only ask or plan (see HYPOTHETICAL): cues there count for nothing. */
export function hypotheticalSpans(text: string): Span[] {
  const spans: Span[] = [];
  const stopAfter = stops(text);
  for (const m of text.matchAll(HYPOTHETICAL)) {
    const from = m.index + m[0].length;
    const end = stopAfter(from);
    if (end > from) spans.push({ start: m.index, end });
  }
  return spans;
}

// Hedges and questions: "make sure she is assigned", "I think the cert is fine", "is the service
// running?" rule nothing out. (What a user states outright does.)
const HEDGE =
  /\b(?:if|when (?:i|we|you)|whether|how|which|unsure|wonder\w*|maybe|perhaps|check|verify|ensure|make sure|confirm|doubt|hope|assume|think|believe|guess|suppose|probably|might|should|supposed to|need to|not sure|no idea)\b/g;
const QUALIFIED =
  /\b(?:only (?:to|for|from|on|in|with|some|a few|selected|certain|specific)|except|apart from|but not|not for all|partly|partially)\b/g;
const YES_NO_QUESTION =
  /(?:^|[.!?] )(?:does|do|did|is|are|was|were|has|have|can|could|would|will|am)\b[^.!?]{0,80}\?|[^.!?]{0,80}\?/g;

/** The ranges where a statement is only hedged or asked (see HEDGE): no rule-out counts there. */
export function hedgedSpans(text: string): Span[] {
  const spans = hypotheticalSpans(text);
  // A statement narrowed right after ("443 is allowed only to selected destinations") rules
  // out nothing either: from its start to its qualifier.
  for (const m of text.matchAll(QUALIFIED))
    spans.push({ start: Math.max(0, m.index - 60), end: m.index + m[0].length });
  for (const m of text.matchAll(HEDGE))
    spans.push({ start: m.index, end: Math.min(text.length, m.index + m[0].length + 40) });
  for (const m of text.matchAll(YES_NO_QUESTION)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

// Each list of spans as a mask over the text, built once: a long message with hundreds of
// negations is read in linear time, not spans times matches.
const masks = new WeakMap<readonly Span[], { after: Uint8Array; from: Uint8Array }>();
function maskOf(spans: readonly Span[]) {
  let mask = masks.get(spans);
  if (!mask) {
    const size = spans.reduce((n, s) => Math.max(n, s.end), 0) + 1;
    mask = { after: new Uint8Array(size), from: new Uint8Array(size) };
    for (const s of spans) {
      mask.after.fill(1, s.covers ? s.start : s.start + 1, s.end);
      mask.from.fill(1, s.start, s.end);
    }
    masks.set(spans, mask);
  }
  return mask;
}

// Strictly after the negation: a phrase or cue that begins with it ("not running", "no SSO in
// use") says what it says; only what follows another word's negation is denied.
const within = (spans: readonly Span[], at: number): boolean =>
  spans.length > 0 && maskOf(spans).after[at] === 1;
/** Whether `at` lies in one of the spans, its first character included. */
const inside = (spans: readonly Span[], at: number): boolean =>
  spans.length > 0 && maskOf(spans).from[at] === 1;

/** Whether the text at `at` lies in a denied part. */
export const isDenied = within;

export interface CueReading {
  /** Patterns found outside any denied part. */
  readonly stated: number;
  /** Patterns found only inside denied parts. */
  readonly denied: number;
}

/**
 * How many of `patterns` the text states, and how many it only denies; matches in `unasserted`
 * ranges (questions, plans) count as neither.
 */
export function readCues(
  text: string,
  patterns: readonly RegExp[],
  spans = deniedSpans(text),
  unasserted: readonly Span[] = [],
): CueReading {
  let stated = 0;
  let denied = 0;
  for (const pattern of patterns) {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    let sawStated = false;
    let sawDenied = false;
    for (const m of text.matchAll(global)) {
      if (inside(unasserted, m.index)) continue;
      if (within(spans, m.index)) sawDenied = true;
      else sawStated = true;
      if (sawStated) break;
    }
    if (sawStated) stated++;
    else if (sawDenied) denied++;
  }
  return { stated, denied };
}

/** Whether `phrase` appears in the text outside any denied part. */
export function statesPhrase(text: string, phrase: string, spans = deniedSpans(text)): boolean | undefined {
  if (!phrase) return undefined;
  let from = 0;
  let deniedOnly: boolean | undefined;
  for (;;) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return deniedOnly === undefined ? undefined : false;
    const before = at === 0 ? ' ' : text[at - 1]!;
    // A plural counts as the word: "no guests" denies "guest".
    const end =
      at + phrase.length + (/^(?:es|s)(?![a-z0-9])/.exec(text.slice(at + phrase.length))?.[0].length ?? 0);
    const after = text[end] ?? ' ';
    if (/[^a-z0-9]/.test(before) && /[^a-z0-9]/.test(after)) {
      // "Works for everybody else" says the opposite of "everybody".
      if (!within(spans, at) && !/^ (?:else|other)\b/.test(text.slice(end, end + 7))) return true;
      deniedOnly = true;
    }
    from = at + 1;
  }
}
