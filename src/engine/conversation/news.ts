import type { KnowledgeBase } from '../knowledge';
import { normalise, words } from '../text';
import { topicOf } from './questions';
import { meaningOf } from './reading';
import { FAILURE } from './replyPhrases';

// "The licence one is sorted, the timeout ones remain": news on each of two problems in one
// message, told apart by the words of their names (label and title).

/** Said of the one that is still there. */
const REMAINS = /\b(?:remains?|remaining|left|still|persists?|not yet|the rest|continues?|ongoing)\b/;
// Words every name may have, which tell none apart.
const COMMON = new Set(
  'this corporate app cant can accessed access status code the user has with for and one error event connector microsoft entra failed not could'.split(
    ' ',
  ),
);
const CLAUSES = /[.;!?]\s*|,\s*|\s+(?:but|while|whereas)\s+/;

const fold = (word: string) => word.replace(/licen[cs]e/, 'license');
/** A name's words, folded, with "GatewayTimeout" read as "gateway timeout". */
function nameWords(kb: KnowledgeBase, topicId: string): Set<string> {
  const topic = topicOf(kb, topicId);
  const spaced = `${topic.label} ${topic.title}`.replace(/([a-z])([A-Z])/g, '$1 $2');
  return new Set(
    words(normalise(spaced).text)
      .map(fold)
      .filter((w) => w.length >= 3 && !COMMON.has(w.replace(/'/g, ''))),
  );
}

export type Which = 'current' | 'queued';
export interface News {
  /** The one said to be fixed, if a clause says so of exactly one. */
  readonly done?: Which;
  /** The one said to be still there. */
  readonly left?: Which;
}

export function newsOnTwo(kb: KnowledgeBase, text: string, current: string, queued: string): News {
  const mine = nameWords(kb, current);
  const theirs = nameWords(kb, queued);
  const only = (a: Set<string>, b: Set<string>) => new Set([...a].filter((w) => !b.has(w)));
  const currentOnly = only(mine, theirs);
  const queuedOnly = only(theirs, mine);
  let done: Which | undefined;
  let left: Which | undefined;
  for (const clause of normalise(text).text.slice(0, 1000).split(CLAUSES)) {
    const said = new Set(words(clause).map(fold));
    const ofCurrent = [...currentOnly].some((w) => said.has(w));
    const ofQueued = [...queuedOnly].some((w) => said.has(w));
    if (ofCurrent === ofQueued) continue;
    const which: Which = ofCurrent ? 'current' : 'queued';
    if (REMAINS.test(clause) || FAILURE.test(clause)) left ??= which;
    else if (meaningOf(clause) === 'success') done ??= which;
  }
  return { ...(done ? { done } : {}), ...(left ? { left } : {}) };
}
