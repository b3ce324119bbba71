// Turning what users type or paste into comparable text: one place, shared by signature matching,
// cause cues, the classifier and answer matching, so they all see a message the same way.

/** Longer messages are cut before analysis: the error that matters is near the start of a paste. */
export const MAX_ANALYSED_CHARS = 20_000;

/**
 * Words longer than this carry no signal (a base64 blob, a run of one letter) and are not stemmed
 * or mended: the stemmer and the typo mender cost more than linear time in a word's length.
 */
export const MAX_WORD_CHARS = 48;

// Bounded, so a "<" that never closes costs a fixed amount, not a scan to the end of the text.
const MENTION_OPEN = /<at\b[^<>]{0,256}>/gi;
const MENTION_CLOSE = /<\/at\s*>/gi;
const TAG = /<\/?[a-z][^<>]{0,256}>/gi;

const ZERO_WIDTH_AND_CONTROL =
  // Control characters are exactly what this strips.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

// Event Viewer's "Copy details as text" and Get-EventLog / Format-List print these field names;
// their values are framing, not the error.
const FRAMING_FIELD =
  /^\s*(log name|source|date|time ?generated|time ?written|event ?id|instance ?id|index|entry ?type|task category|level|keywords|user ?name|user|computer|category|category ?number|replacement ?strings|machine ?name|op ?code|container ?log|site)\s*:.*$/gim;
const FRAMING_LABEL = /^\s*(description|message)\s*:\s*/gim;
const EVENT_ID_FIELD = /\b(?:event ?id|eventid|instance ?id)\s*[:=]?\s*(\d{4,5})\b/gi;

export interface NormalisedText {
  /** Lower case, straight quotes, "...", framing and markup removed, single spaces. */
  readonly text: string;
  /** Event IDs named by an Event Viewer / Get-EventLog field, e.g. "Event ID: 13020". */
  readonly framedEventIds: readonly number[];
  /** Whether the message looked like a pasted event log entry. */
  readonly framed: boolean;
}

/**
 * The text without Teams mentions (`<at>Name</at>`: the name is not part of the question). One
 * pass: each search starts where the last one ended, and an opening tag with no closing one ends
 * the work, so a text of many "<at" costs linear time (a lazy regex rescanned the rest each time).
 */
export function withoutMentions(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    MENTION_OPEN.lastIndex = from;
    const open = MENTION_OPEN.exec(text);
    if (!open) break;
    MENTION_CLOSE.lastIndex = open.index + open[0].length;
    const close = MENTION_CLOSE.exec(text);
    if (!close) break;
    out += `${text.slice(from, open.index)} `;
    from = close.index + close[0].length;
  }
  return from === 0 ? text : out + text.slice(from);
}

function stripMarkup(raw: string): string {
  return withoutMentions(raw)
    .replace(TAG, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/`+/g, ' ');
}

const capped = (text: string): string =>
  text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;

export function normalise(raw: string): NormalisedText {
  // Cut, normalise, cut again: NFKC can turn one character into several (㋏ into three letters).
  let text = capped(capped(raw).normalize('NFKC')).replace(ZERO_WIDTH_AND_CONTROL, ' ');
  text = stripMarkup(text);

  const framedEventIds: number[] = [];
  for (const match of text.matchAll(EVENT_ID_FIELD)) framedEventIds.push(Number(match[1]));
  const framingLines = text.match(FRAMING_FIELD)?.length ?? 0;
  const framed = framingLines >= 2;
  if (framed) {
    // Keep the Source value: "Microsoft AAD Application Proxy Connector" still says what product this is.
    const source = /^\s*source\s*:(.*)$/im.exec(text)?.[1] ?? '';
    text = `${source}\n${text.replace(FRAMING_FIELD, ' ').replace(FRAMING_LABEL, ' ')}`;
  }

  text = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, framedEventIds, framed };
}

// Terminal escape sequences: CSI (cursor, colours, ESC [ ... final) and OSC (window title, the
// clipboard write of OSC 52: ESC ] ... BEL or ESC \), bounded so an unterminated one costs little.
/* eslint-disable no-control-regex -- control characters are what these find */
const CSI_SEQUENCE = /\u001b\[[0-?]{0,64}[ -/]{0,16}[@-~]/g;
const OSC_SEQUENCE = /\u001b\][^\u0007\u001b]{0,4096}(?:\u0007|\u001b\\)?/g;
// The rest of C0 (but tab and newline), DEL, C1, bidi embeddings, overrides and isolates,
// direction marks, zero-width characters and the byte-order mark.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

/**
 * Text a user sent, made safe to show again (a case summary, the terminal chat): no escape
 * sequence that could move a cursor, retitle a window or write to the clipboard, and no bidi
 * override that could make the text read other than it is.
 */
export function printable(text: string): string {
  return text.replace(OSC_SEQUENCE, '').replace(CSI_SEQUENCE, '').replace(UNPRINTABLE, '');
}

/** The text with its first letter lower-cased, to go on a sentence: "the likely cause: the ...". */
export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits normalised text into word tokens; keeps codes like "aadsts50059" and hosts' parts whole. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** What {@link words} matches, for callers that walk a text's words one at a time. */
export const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;
