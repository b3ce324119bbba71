import { normalise } from '../text';
import { saysSolved } from './reading';
import { OWN_DEED } from './replyPhrases';

// Fixed while we talked: what, said at a question, tells that the problem is gone rather than
// answering it ("re-exported the cert with its key, site comes up now"), and what only sounds so
// ("both connectors show active" answers "is one Active?").

// A success told at a question, short enough not to be an answer full of facts.
const SHORT_SUCCESS_WORDS = 12;
// ...and told as a change ("it's fine now", "never mind"), not as a test's result: "it loads fine
// on the connector" answers the question on screen.
const CHANGED = /\b(?:now|again|never ?mind|nvm|any ?more|already|by itself|itself|sorted|fixed|resolved)\b/;

// A connector's or service's status ("shows active", "is running") said as the only good news.
const STATUS_WORDS =
  /\b(?:(?:shows?|showing|is|are|reports?|went|flipped (?:back )?to|back to)\s+)?(?:active|running|green|healthy|online)(?: again| now)?\b/g;
/** Whether the success in the text is only a status: without it, nothing says it's solved. */
export const onlyAStatus = (text: string): boolean =>
  !saysSolved(normalise(text).text.replace(STATUS_WORDS, ' '));
// ...unless the user changed something and the connector came back: "the service was stopped,
// started it and now it shows active" is a fix they made, not the answer "it's running".
const CONNECTOR_UP = /\b(?:active|green|healthy|online)\b/;
export const fixedTheConnector = (text: string): boolean => {
  const lower = normalise(text).text;
  return OWN_DEED.test(lower) && CONNECTOR_UP.test(lower) && CHANGED.test(lower);
};

/** "Never mind, it's working now": short, and told as a change. */
export const wentAwayInShort = (text: string): boolean =>
  text.split(/\s+/).length <= SHORT_SUCCESS_WORDS && CHANGED.test(normalise(text).text);
