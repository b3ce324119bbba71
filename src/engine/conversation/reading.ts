import { normalise } from '../text';
import { deniedSpans, isDenied, type Span } from './negation';
import {
  ACK,
  BACK,
  DEED,
  END_RESULT,
  END_USER,
  MICROSOFT_CASE,
  NEWS_OF_TROUBLE,
  NOT_TRIED_YET,
  SAYS_END_USER,
  TO_A_COLLEAGUE,
  PERSON,
  FAILURE,
  LATER,
  PARTIAL,
  QUESTION_START,
  RESULT,
  SOLVED,
  SUCCESS,
  TROUBLE,
  WAIT,
} from './replyPhrases';

// What a reply means, before it is taken as an answer: "ok, trying that now" is not "yes";
// "sort of, works for some users" is not "it works"; "what does SPN mean?" is not an answer at
// all. Read on the normalised text, with negation in view ("doesn't work" is not "works").

export type Meaning =
  /** The user says the problem is solved. */
  | 'success'
  /** The fix didn't help. */
  | 'failure'
  /** It helped some of the way. */
  | 'partial'
  /** They are off trying it, and will come back. */
  | 'wait'
  /** "ok", "thanks", "got it": heard, no news. */
  | 'ack'
  /** A question of their own. */
  | 'question'
  /** Someone using the app, not its admin. */
  | 'end-user'
  /** They ask for a person to take the case. */
  | 'person'
  /** Back to the previous question. */
  | 'back'
  | 'other';

/** Whether the pattern is found outside any denied part ("it doesn't work" is not "work"). */
function statesMatch(text: string, pattern: RegExp, spans: readonly Span[]): boolean {
  const global = new RegExp(pattern.source, 'g');
  for (const m of text.matchAll(global)) if (!isDenied(spans, m.index)) return true;
  return false;
}

export function meaningOf(message: string): Meaning {
  const text = normalise(message).text.slice(0, 2000);
  if (!text) return 'other';
  if (BACK.test(text)) return 'back';
  // "I'm just a user, I'll open a ticket with IT": what to tell IT, not a case for Microsoft.
  if (PERSON.test(text) && !(SAYS_END_USER.test(text) && !MICROSOFT_CASE.test(text))) return 'person';
  if (TO_A_COLLEAGUE.test(text) && !text.endsWith('?')) return 'wait';
  if (END_USER.test(text)) return 'end-user';
  // "then it should work", "we'll see if it works": a result expected is not one had.
  const spans = [...deniedSpans(text), ...expectedSpans(text)];
  const succeeded =
    statesMatch(text, SUCCESS, spans) || statesMatch(text, SOLVED, spans) || reportsResult(text);
  const failed = FAILURE.test(text);
  // A question of their own comes first: "how long until it works?" is not "it works".
  if (text.endsWith('?') && (ASKS.test(text) || (!failed && !succeeded))) return 'question';
  // "Why does that even happen? It worked on the LAN": a question first, whatever follows.
  if (QUESTION_START.test(text) && /^[^.!\n]{0,200}\?/.test(text)) return 'question';
  // "Before I answer: which log holds the reason? The installer only shows this box.": a question
  // of its own sentence, in a message that reports nothing.
  if (!failed && !succeeded && asksInASentence(text)) return 'question';
  // "Not sure how to verify the SPN, can you tell me the command": a question without its mark.
  if (!failed && !succeeded && ASKS_WITHOUT_MARK.test(text)) return 'question';
  // "Not yet, still waiting on the firewall team": nothing tried, so nothing failed.
  if (!succeeded && NOT_TRIED_YET.test(text) && !NEWS_OF_TROUBLE.test(text)) return 'wait';
  // "No. The window opens and closes again": the no decides.
  if (
    /^(?:\W*(?:hmm+|ugh|well|unfortunately|sadly|sorry)\W+)*(?:no|nope|nah|not (?:fixed|resolved|really)|didn'?t (?:work|help|fix it))\b(?! (?:more|longer|errors?|issues?|problems?))/.test(
      text,
    )
  )
    return 'failure';
  if (PARTIAL.test(text) || (succeeded && failed)) return 'partial';
  if (failed) return 'failure';
  if (succeeded) return STARTS_WAIT.test(text) ? 'wait' : 'success';
  // A long message full of facts is an answer, whatever plans it mentions along the way, unless
  // it ends on one ("... that's a weekend job. Back Monday.").
  if (
    (WAIT.test(text) && (text.split(' ').length <= 25 || STARTS_WAIT.test(text))) ||
    LATER.test(lastSentence(text))
  )
    return 'wait';
  if (QUESTION_START.test(text)) return 'question';
  if (text.split(' ').length <= 10 && ACK.test(text)) return 'ack';
  if (
    STARTS_YES.test(text) &&
    /\b(?:finally|cheers|thanks?|thank you|perfect|great|awesome|brilliant|excellent)\b|!/.test(text)
  )
    return 'success';
  return 'other';
}

// Words that make what follows in their clause a result hoped for, not one seen.
const EXPECTED =
  /\b(?:should|shall|will|would|'ll|might|may|hopefully|fingers crossed|hope|expect|(?:see|check|test|find out|know) (?:if|whether)|to see)\b/g;

// A result in the past, before the trouble: "SSO worked perfectly before the change".
const HISTORY =
  /\b(?:(?:sso|single sign-?on|sign-?in|login|registration|install(?:ation)?|it|the app|everything) )?(?:worked|was working|were working|used to work|ran|was fine|were fine)\b(?: \w+){0,3} (?:before|until|till|previously|earlier|in the past|last (?:week|month|year)|yesterday|for (?:years|months)|with the old|on the old)\b/g;

function expectedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(HISTORY))
    spans.push({ start: m.index, end: m.index + m[0].length, covers: true });
  for (const m of text.matchAll(EXPECTED)) {
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 80);
    const stop = rest.search(/[.,;!?]|\bbut\b/);
    spans.push({
      start: m.index,
      end: m.index + m[0].length + (stop < 0 ? rest.length : stop),
      covers: true,
    });
  }
  return spans;
}

// A request for how to do something, asked without a question mark.
const ASKS_WITHOUT_MARK =
  /\b(?:can|could) you (?:tell|show|give|send|explain)\b|\b(?:tell|show) me (?:how|the|which|what|where)\b|\b(?:not sure|no idea|don'?t know|do not know) (?:how|where|which|what command) to\b/;

/** Whether a sentence after the first is a question of its own ("... : which log holds it?"). */
function asksInASentence(text: string): boolean {
  const parts = text.split(/(?<=[.!:;?])\s+/).slice(1, 6);
  return parts.some((p) => p.length <= 200 && p.endsWith('?') && QUESTION_START.test(p));
}

/** A deed and its good result with no trouble word after it ("re-exported it, site loads"), or a short last sentence that is the result. */
function reportsResult(text: string): boolean {
  // What follows a deed in its sentence is its result ("set the timeout to long, exports download
  // now"); the clause after the deed's own, if it has one, since the deed's names the problem.
  let deeds = 0;
  for (const deed of text.matchAll(DEEDS_ALL)) {
    // Bounded: a sentence is read up to 300 characters on, for at most 40 deeds.
    if (++deeds > 40) break;
    const from = deed.index + deed[0].length;
    const sentence = text.slice(from, from + 300).split(/[.!?]\s/)[0]!;
    const brk = sentence.search(/[,;.]\s|\band\b/);
    const result = brk >= 0 ? sentence.slice(brk) : sentence;
    if (RESULT.test(result) && !TROUBLE.test(result)) return true;
  }
  if (TROUBLE.test(text)) return false;
  const sentences = sentencesOf(text);
  const last = sentences[sentences.length - 1] ?? '';
  return sentences.length >= 2 && last.split(' ').length <= 4 && END_RESULT.test(last);
}

const DEEDS_ALL = new RegExp(DEED.source, 'g');

const sentencesOf = (text: string): string[] =>
  text
    .split(/[.!?;]\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
const lastSentence = (text: string): string => sentencesOf(text).pop() ?? text;

const ASKS =
  /^(?:\W*\w+\W+){0,3}?(?:is|are|does|do|did|can|could|should|will|would|has|have|what|whats|where|which|why|how|who|when)\b/;

// "ok, doing the re-register now, wait": still at it, whatever it says after.
const STARTS_WAIT =
  /^(?:\W*(?:ok(?:ay|ey)?|hmm+|fine|cool|sure|alright)\W+)*(?:doing|trying|testing|running|working on|on it)\b/;

// A plain yes or no to "did that fix it?", with nothing but politeness around it.
const FILLER = String.raw`(?:\W+(?:thanks?|thank you|cheers|ty|thx|it did|it does|it is|that did it|perfect|great|awesome|brilliant|all good|mate|so much|a lot))*\W*`;
const BARE_YES = new RegExp(
  String.raw`^(?:yes|yep|yeah|yup|ya|yea|y|correct|sure did|it did|indeed)${FILLER}$`,
);
const BARE_NO = new RegExp(
  String.raw`^(?:no|nope|nah|n|negative|not really|it didn'?t|didn'?t work|did not work|still broken|not fixed|no luck|no,? still broken|no,? didn'?t work|no,? not fixed)\W*$`,
);
const STARTS_YES = /^(?:yes|yep|yeah|yup|ya|yea|correct)\b/;

/** Whether the message is only a yes or only a no ("yes, thanks!", "nope"), or starts with yes. */
export function bareAnswer(message: string): 'yes' | 'no' | 'yes-and-more' | undefined {
  const text = normalise(message).text;
  if (BARE_YES.test(text)) return 'yes';
  if (BARE_NO.test(text)) return 'no';
  return STARTS_YES.test(text) ? 'yes-and-more' : undefined;
}

/** A success said with its result ("fixed it, loads now"), not just a "yes, it loads" to a question. */
export const saysSolved = (message: string): boolean => {
  if (meaningOf(message) !== 'success') return false;
  const text = normalise(message).text.slice(0, 2000);
  return SOLVED.test(text) || reportsResult(text);
};

/** "Same error", "still the same": the fix changed nothing the user can see. */
export const saysSame = (message: string): boolean =>
  /\b(?:same|unchanged|identical|nothing changed|no change|no difference)\b/.test(normalise(message).text);

export type { Span };
