import type { Recognition } from '../recogniser';
import { normalise } from '../text';
import { messages } from './messages';
import type { Deps, Moves, Outcome } from './moves';
import { deniedSpans } from './negation';
import { topicOf } from './questions';
import { kept, type CaseState } from './state';

// A status code the user takes back mid-case ("actually it's BadGateway"): that topic, over.

// Words that take back what was said before: "sorry, it's Bad Gateway", "I checked again".
const STATUS_CORRECTION =
  /\b(?:actually|sorry|my (?:bad|mistake)|correction|i was wrong|i misread|wrong (?:code|status|error|one)|checked (?:again|the screenshot|once more)|looked again|it (?:really |actually )?says|the page (?:really |actually )?says)\b/;
// A status seen while testing from inside ("it's a 403 from the connector server") is an answer.
const TESTED_INSIDE = /\b(?:on|from) (?:the |a |our |each )?connector\b|\binternal url\b/;

export function createStatusCorrection(
  deps: Deps,
  moves: Moves,
  namesItsStatus: (topic: string, text: string) => boolean,
): (state: CaseState, text: string, r: Recognition) => Outcome | undefined {
  const { kb, recogniser } = deps;
  /**
   * "Sorry, I checked the screenshot again, it's BadGateway": another status the page prints,
   * said as a correction, starts that topic over. Mid-case it is ours even without a word of
   * application proxy, which a first message would need.
   */
  function statusCorrected(state: CaseState, text: string, r: Recognition): Outcome | undefined {
    const current = state.problem?.topic;
    const lower = normalise(text).text;
    if (!current || !STATUS_CORRECTION.test(lower) || TESTED_INSIDE.test(lower)) return undefined;
    // "No forbidden or anything" names no status.
    let said = lower;
    for (const span of deniedSpans(lower))
      said = said.slice(0, span.start) + ' '.repeat(span.end - span.start) + said.slice(span.end);
    const named = r.candidates.find((c) => namesItsStatus(c.topic, said))?.topic;
    if (!named || named === current || kb.triage.has(named) || namesItsStatus(current, said))
      return undefined;
    return moves.startProblem(
      kept(state),
      text,
      named,
      [messages.named(topicOf(kb, named).title)],
      recogniser.detectCause(named, text)?.cause,
    );
  }
  return statusCorrected;
}
