import { problemOf, topicOf } from './questions';
import { noted, nextFix } from './caseFile';
import { messages } from './messages';
import type { BaseMoves, Deps, Outcome } from './moves';
import { say } from './reply';
import { kept, type CaseState, type Tried } from './state';

// How a fix ends: it didn't work (file what was said, then the next cause, or what the user's
// output shows), or it did (close the case, and take up a second problem if one is waiting).

export function createEndings(deps: Deps, moves: BaseMoves) {
  const { kb, inference } = deps;
  const { showFix, outOfFixes, done, startProblem } = moves;

  /** A fix that didn't work (or only partly): file what was said, then the next cause. */
  function afterFailure(
    state: CaseState,
    outcome: Tried['outcome'],
    said: string | undefined,
    lead: readonly string[],
  ): Outcome {
    let problem = problemOf(state);
    const last = problem.tried.length - 1;
    problem = {
      ...problem,
      tried: problem.tried.map((t, i) =>
        i === last && t.outcome === 'pending'
          ? { ...t, outcome, ...(said ? { said: said.slice(0, 300) } : {}) }
          : t,
      ),
    };
    if (said) problem = noted(kb, inference, problem, said);
    // "Still broken. Stopped WAPCSvc ...": a command's output tells the next cause outright.
    const shown = said ? deps.checks.identify(said) : undefined;
    const shows = shown?.outcome.shows;
    if (shown && shows && !problem.tried.some((t) => t.cause === shows.cause)) {
      const topic = kb.topics.get(problem.topic)?.causes.some((c) => c.id === shows.cause)
        ? problem.topic
        : shows.topic;
      return showFix({ ...state, problem }, problem, topic, shows.cause, [
        ...lead,
        messages.fromTheOutputOf(shown.check.title, shown.outcome.label),
      ]);
    }
    // Everything left ruled out by what was said: the documented causes still come before a
    // ticket (what was said may be mistaken: "she's in the group" when she isn't).
    const next = nextFix(kb, problem) ?? nextFix(kb, problem, true);
    if (!next) return outOfFixes(state, problem, lead);
    const step = next.topic === problem.topic ? messages.nextCause : messages.generalChecks;
    return showFix({ ...state, problem }, problem, next.topic, next.cause, [...lead, step]);
  }

  /**
   * The fix worked: close the case, and go on with a second problem if one is waiting. `inHand`:
   * the user is off applying it and asks about the other one meanwhile.
   */
  function fixed(state: CaseState, said?: string, inHand = false): Outcome {
    const problem = problemOf(state);
    const queued = state.queued;
    if (!queued) return done(state, say('fixed', messages.fixed), problem);
    const rest: CaseState = kept(state);
    const cause = deps.recogniser.detectCause(queued.topic, queued.text)?.cause;
    const title = topicOf(kb, queued.topic).title;
    const notes = said ? [said.slice(0, 400)] : [];
    const next = startProblem(
      rest,
      queued.text,
      queued.topic,
      [inHand ? messages.meanwhileOther : messages.fixedThenOther, messages.nowTheOther(title)],
      cause,
      notes,
    );
    // One message says both: this one is closed, and here is the other.
    if (inHand) return next;
    return {
      ...next,
      reply: { ...next.reply, kind: next.reply.kind === 'question' ? 'fixed' : next.reply.kind },
    };
  }

  return { afterFailure, fixed };
}
