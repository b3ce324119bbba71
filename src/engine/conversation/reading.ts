import { normalise } from '../text';
import { deniedSpans, isDenied, type Span } from './negation';

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
  /** Back to the previous question. */
  | 'back'
  | 'other';

// Said of the app, the connector or the sign-in: it does what it should now.
const SUCCESS = new RegExp(
  [
    String.raw`\b(?:works?|working|worked|fixed|solved|resolved|sorted|sorted out)\b`,
    String.raw`\b(?:that|this|it) did (?:it|the trick)\b|\bdid the trick\b`,
    String.raw`\b(?:all good|good now|fine now|ok now|okay now|problem solved|issue resolved|no more errors?|no errors? (?:any ?more|now))\b`,
    String.raw`\b(?:loads?|loading|opens?|opening|resolves?|validates?|connects?|registers?|starts?|runs?|signs? in|logs? in|comes? up|came up|goes through|went through|is in|are in|'s in|'re in|gets? in|got in|is up|are up|back up|up again)\b(?: \S+){0,4}? (?:now|again|fine|properly|correctly|ok|okay|successfully)\b`,
    String.raw`\b(?:registered|re-?registered|activated|enabled|installed|started)\b.{0,40}\b(?:fine|successfully|without (?:an )?errors?|and (?:it )?(?:works|is active|shows active|went through))\b`,
    String.raw`\b(?:registration|install(?:ation)?|sign-?in|sso|single sign-on) (?:went through|succeeded|completed|is working|works)\b`,
    String.raw`\b(?:error|warning|message|page|prompt|events?) (?:is |are |has |have )?(?:gone|disappeared|stopped|went away)\b`,
    String.raw`\b(?:shows?|showing|is|are) (?:active|healthy|green|online) (?:now|again)\b`,
    String.raw`\bcan (?:sign|log) in (?:now|again)\b`,
    String.raw`\b(?:is|are|shows?|showing|looks?|looking) (?:happy|healthy|green)\b`,
    String.raw`\b(?:\d{4,5}s?|aadsts\d+|errors?|warnings?|messages?|page|prompt|events?|it|that|this|that one|this one|they|those|the \w+)(?:'s| is| are| has| have)? (?:now )?(?:gone|disappeared|stopped|went away|cleared)\b`,
    String.raw`(?:^|[.,;!] ?|\b(?:it|and|then|now|finally|connector) )(?:registered|re-?registered)\b`,
  ].join('|'),
);
const FAILURE =
  /\bstill (?:asks|asking|prompts?|prompting|wants|requests|(?:the|that|this|those|these) (?:\d{4,5}|aadsts\d+|error|errors|one|ones|page|message|warning)\b)|\b(?:failed|fails|failing|errors?) again\b|\bstill\b.{0,30}\b(?:\d{4,5}s?|aadsts\d+|errors?|fail\w*|broken|denied|time[sd]? ?out|401|403|502|504|prompt\w*|inactive|down|same)\b|\b(?:still (?:broken|failing|fails|getting|get|seeing|see|the same|no|not|down|there|shows|showing|says)|same (?:error|problem|issue|thing|page|message)|not fixed|didn'?t (?:help|work|fix|change)|did not (?:help|work|fix|change)|no luck|no change|nothing changed|no difference|persists|doesn'?t work|does not work|not working|still broken)\b/;
const PARTIAL =
  /\b(?:sort of|kind of|partly|partially|somewhat|some users|for some(?: users| people)?|works? for some|half (?:of )?(?:the )?(?:users|people)|a few (?:users|people) still|only for some|mostly|better but|some still)\b/;
const WAIT =
  /\b(?:(?:we|i)'?ll\b.{0,50}\b(?:tomorrow|later|next (?:week|sprint|month|time)|tonight|on monday|in the morning|after lunch|this afternoon)|(?:we|i)'?ll (?:look|check|have a look|test|see)|trying (?:that|it|this|now)|will try|i'?ll try|going to try|gonna try|let me (?:try|check|test|ask|see)|give me (?:a|an|\d+|some)|one (?:sec|second|moment|minute)|brb|checking (?:now|that|it)|need to (?:get|raise|ask|wait|talk|check|find)|asking (?:the|our|my)|will (?:check|ask|report back|let you know|test|come back)|get back to you|be right back|back in (?:a|\d+)|raise a change|change window)\b/;
const ACK =
  /^(?:ok(?:ay)?|k|kk|sure|right|got it|understood|alright|noted|cool|great|thanks?|thank you|ty|thx|cheers)(?:\W+(?:thanks?|thank you|then|so|cheers))*\W*$/;
const QUESTION_START =
  /^(?:\W*(?:sorry|hm+|ok|and|also|wait|quick q\w*|question)\W+)*(?:what|whats|what's|where|which|why|how|who|can i|could i|can we|could we|should i|should we|do i|do we|does|is there|is it|are there|what's the|what is|what are|explain|tell me)\b/;
const END_USER = new RegExp(
  [
    String.raw`\bi'?m not (?:it|i\.t\.|an admin|the admin|technical|very technical|in it|an it person)\b`,
    String.raw`\bnot (?:an? )?(?:admin|administrator|technical)\b`,
    String.raw`\bi'?m (?:just )?(?:a|an) (?:normal |regular |ordinary )?(?:user|employee|end user|staff member)\b`,
    String.raw`\bi'?m (?:just )?(?:first line|1st line|on the help ?desk|in (?:sales|finance|hr|marketing|accounts))\b`,
    String.raw`\b(?:don'?t|do not) know what (?:a |an |the )?(?:connector|proxy|app proxy|application proxy|tenant|enterprise app|spn)\b`,
    String.raw`\b(?:idk|no idea) what (?:a |an |the )?(?:connector|proxy)\b`,
    String.raw`\bi just (?:want|need) to (?:open|use|get to|reach|access|log ?in)\b`,
    String.raw`\bwho (?:do|should|can) i (?:call|contact|tell|ask|talk to|speak to)\b`,
    String.raw`\bwhat (?:do|should|can) i (?:tell|say to|send|write to) (?:it|my it|our it|the it|them|helpdesk|the help ?desk|our help ?desk|support|the admins?|our admins?|my admins?|my manager)\b`,
    String.raw`\bwhat to tell (?:it|my it|our it|the it|helpdesk|the help ?desk|support|the admins?)\b`,
    String.raw`\b(?:send|forward|pass|give) (?:it |this |that )?(?:on )?to (?:our|the|my) (?:help ?desk|it|admins?|support|server team|service desk)\b`,
    String.raw`\bwrite (?:it|this|that) up\b`,
    String.raw`\bsomething i can (?:send|forward|give|pass on|paste)\b`,
    String.raw`\bcan'?t (?:touch|change|access) (?:ad|active directory|the server|the servers|azure|entra|the admin)\b`,
    String.raw`\b(?:don'?t|do not) have (?:access to )?(?:any )?admin\b`,
    String.raw`\bno admin (?:rights|access)\b`,
  ].join('|'),
);
const BACK = /^(?:back|go back|previous|previous question|undo|wrong button|oops,? (?:go )?back)\W*$/;

/** Whether the pattern is found outside any denied part ("it doesn't work" is not "work"). */
function statesMatch(text: string, pattern: RegExp, spans: readonly Span[]): boolean {
  const global = new RegExp(pattern.source, 'g');
  for (const m of text.matchAll(global)) if (!isDenied(spans, m.index)) return true;
  return false;
}

export function meaningOf(message: string): Meaning {
  const text = normalise(message).text;
  if (!text) return 'other';
  if (BACK.test(text)) return 'back';
  if (END_USER.test(text)) return 'end-user';
  if (ACK.test(text)) return 'ack';
  const spans = deniedSpans(text);
  const failed = FAILURE.test(text) || /^(?:no|nope|nah|negative)\b/.test(text);
  const succeeded = !failed && statesMatch(text, SUCCESS, spans);
  if (PARTIAL.test(text)) return 'partial';
  // "It loads but still asks for a password": what follows "but" decides.
  if (
    succeeded &&
    /\bbut\b.{0,60}\b(?:not|no|still|error|fail\w*|can'?t|doesn'?t|won'?t|broken|same|again|inactive|offline|stopped|denied|401|403|502|504|time[sd]? ?out)\b/.test(
      text,
    )
  )
    return 'failure';
  if (succeeded) return 'success';
  if (failed) return 'failure';
  if (WAIT.test(text)) return 'wait';
  if (text.endsWith('?') || QUESTION_START.test(text)) return 'question';
  return 'other';
}

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
  const text = normalise(message).text;
  return (
    meaningOf(message) === 'success' &&
    /\b(?:now|again|fixed|solved|resolved|sorted|did the trick|did it|gone)\b/.test(text) &&
    text.split(' ').length > 5
  );
};

/** "Same error", "still the same": the fix changed nothing the user can see. */
export const saysSame = (message: string): boolean =>
  /\b(?:same|unchanged|identical|nothing changed|no change|no difference)\b/.test(normalise(message).text);

export type { Span };
