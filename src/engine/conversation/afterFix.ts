import type { Recognition } from '../recogniser';
import { normalise } from '../text';
import { exactTopics, nextFix, noted } from './caseFile';
import type { Elsewhere } from './answers';
import { messages } from './messages';
import { newsOnTwo } from './news';
import type { Deps, Moves, Outcome } from './moves';
import { bareAnswer, saysSame, type Meaning } from './reading';
import { DID, OWN_DEED, WAIT } from './replyPhrases';
import { problemOf } from './questions';
import { kept, type CaseState, type Pending, type Problem } from './state';
import type { Tools } from './tools';

// After a fix: what the reply says happened. Closed only when the user says it works; a failure
// files what they said and goes on by the evidence; "part of the way" asks what is left.

// "Now the other one", "what about the second error?": the first of two problems is done.
const NEXT_ONE =
  /\b(?:now (?:the |for the )?(?:other|second|next)(?: one| error| problem)?|(?:what about|on to|onto) the (?:other|second|next)|the other one now)\b/;
// "..., HR loads. Now the images in Expenses?": after the news on this one, the next problem.
const NEXT_PROBLEM =
  /(?:^|[.!?;]\s+|,\s*)(?:(?:and )?now|next|and|also|then|what about|how about)\b[,:]?\s+(?:(?:what|how) about\s+)?(\S.{7,})$/;
// The other of two problems, or the other person who has it: "what does my colleague need?".
const OTHER_ONE =
  /\b(?:the other (?:one|error|problem|issue)|the second (?:one|error|problem|issue)|my (?:colleague|coworker|co-worker|teammate)|his (?:one|error|problem)|her (?:one|error|problem))\b/;
// How much the words after "now" must lean to the waiting problem to name it.
const MIN_QUEUED_SCORE = 0.1;
// Mixed news about two problems: the part said to work is the first one.
const saysSolvedPart = (text: string) =>
  /\b(?:works?|fixed|gone|loads|is fine|resolved|sorted)\b/.test(normalise(text).text);

export function afterFixOf(deps: Deps, moves: Moves, tools: Tools, elsewhere: Elsewhere) {
  const { kb, inference } = deps;
  const { noting, explained, waiting, otherError } = tools;

  /** Part of the way: what the rest have in common tells the next cause, unless it's said already. */
  function partly(state: CaseState, text: string): Outcome {
    const problem = problemOf(state);
    const { stated, denied } = inference.rulings(problem.topic, text);
    if (stated.length || denied.length) return moves.afterFailure(state, 'partly', text, [messages.partly]);
    const last = problem.tried.length - 1;
    const marked: Problem = {
      ...noted(kb, inference, problem, text),
      tried: problem.tried.map((t, i) =>
        i === last && t.outcome === 'pending'
          ? { ...t, outcome: 'partly' as const, said: text.slice(0, 300) }
          : t,
      ),
    };
    return moves.ask({ ...state, problem: marked }, { kind: 'new-evidence', partly: true });
  }

  /** "No": the same error, or something else now? Asked only when there is something left to try. */
  function failed(state: CaseState, said: string | undefined): Outcome {
    if (said && (saysSame(said) || bareAnswer(said) !== 'no'))
      return moves.afterFailure(state, 'failed', said, []);
    if (!nextFix(kb, problemOf(state), true)) return moves.afterFailure(state, 'failed', said, []);
    return moves.ask(state, { kind: 'after-failure' });
  }

  /**
   * A problem raised after the news on this one ("And the Windows users with the gateway error?"):
   * another topic, or another cause of this one, said in the message's last part.
   */
  function nextProblemIn(
    text: string,
    current: { readonly topic: string; readonly cause?: string },
  ): { text: string; topic?: string } | undefined {
    const tail = NEXT_PROBLEM.exec(normalise(text).text)?.[1];
    if (!tail || tail.split(' ').length < 2) return undefined;
    const placed = placeNext(tail, current);
    // Too few words to place: asked about, not guessed.
    return placed ?? (/\?\s*$/.test(tail) ? { text: tail } : undefined);
  }

  function placeNext(
    tail: string,
    current: { readonly topic: string; readonly cause?: string },
  ): { text: string; topic: string } | undefined {
    const r = deps.recogniser.recognise(tail);
    if (r.decision === 'match' && r.topic !== current.topic && !kb.triage.has(r.topic))
      return { text: tail, topic: r.topic };
    const cause = deps.recogniser.detectCause(current.topic, tail);
    if (current.cause && cause && cause.cause !== current.cause && cause.reason === 'cue')
      return { text: tail, topic: current.topic };
    return undefined;
  }

  /** This one fixed; the next problem they raise taken up, or asked about when it can't be placed. */
  function fixedThenNext(state: CaseState, said: string, next: { text: string; topic?: string }): Outcome {
    if (next.topic) return moves.fixed({ ...state, queued: { text: next.text, topic: next.topic } }, said);
    const closed = moves.fixed(state, said);
    return {
      ...closed,
      reply: { ...closed.reply, lead: [...closed.reply.lead, messages.tellMeAboutNext(next.text)] },
    };
  }

  /**
   * "..., APP01 is fine again. Now APP02, the execution policy one?": the part after "now" leans
   * to the problem waiting rather than the one on screen (a few words name no topic for sure).
   */
  function asksForQueued(text: string, current: string, queued: string): boolean {
    const tail = NEXT_PROBLEM.exec(normalise(text).text)?.[1];
    return tail !== undefined && leansToQueued(tail, current, queued);
  }

  /** Whether a few words lean to the waiting problem rather than the one on screen. */
  function leansToQueued(words: string, current: string, queued: string): boolean {
    const { candidates } = deps.recogniser.recognise(words);
    const score = (topic: string) => candidates.find((c) => c.topic === topic)?.score ?? 0;
    return score(queued) >= MIN_QUEUED_SCORE && score(queued) > score(current);
  }

  /** A plan for this problem first, then a question about the other one ("my colleague", "the other one", or its words). */
  function asksAboutQueuedMeanwhile(text: string, current: string, queued: string): boolean {
    const lower = normalise(text).text;
    const split = lower.search(/[.!;]\s/);
    if (split < 0) return false;
    const plan = lower.slice(0, split);
    const question = lower.slice(split + 2);
    if (!WAIT.test(plan) || !question.includes('?')) return false;
    return OTHER_ONE.test(question) || leansToQueued(question, current, queued);
  }

  /** Of two topics a message names, the one it says is still there, if it says. */
  function leftOver(r: Recognition, text: string, topics: readonly string[]): string | undefined {
    const lower = normalise(text).text;
    const still = lower.search(/\bstill\b/);
    if (still < 0) return undefined;
    const named = exactTopics(kb, r, lower.slice(still));
    return topics.find((t) => named[0] === t);
  }

  function didItWork(
    state: CaseState,
    pending: Extract<Pending, { kind: 'did-it-work' }>,
    text: string,
    meaning: Meaning,
    r: Recognition,
  ): Outcome {
    if (meaning === 'wait' || meaning === 'ack') return waiting(state, pending, meaning);
    // "Ok, I'll use a work account then. What does my colleague need?": off applying this one,
    // asking about the other meanwhile.
    if (
      state.queued &&
      meaning === 'question' &&
      asksAboutQueuedMeanwhile(text, pending.topic, state.queued.topic)
    )
      return moves.fixed(noting(state, text), text, true);
    // "The licence one is sorted, the timeout ones remain": news on each of the two.
    if (state.queued) {
      const news = newsOnTwo(kb, text, pending.topic, state.queued.topic);
      if (news.done === 'queued' && news.left !== 'queued')
        return failed({ ...state, queued: undefined }, text);
      if (news.done === 'current' && news.left !== 'current') return moves.fixed(noting(state, text), text);
    }
    // "Now the other one": this one is done, the one waiting is next.
    if (
      state.queued &&
      (NEXT_ONE.test(normalise(text).text) ||
        (meaning === 'partial' && saysSolvedPart(text)) ||
        (saysSolvedPart(text) && asksForQueued(text, pending.topic, state.queued.topic)))
    )
      return moves.fixed(noting(state, text), text);
    // A problem raised after the news: taken up when placed, or when this one is said to work.
    const next = meaning === 'failure' || meaning === 'partial' ? undefined : nextProblemIn(text, pending);
    if (next && (next.topic || meaning === 'success')) return fixedThenNext(noting(state, text), text, next);
    const other = otherError(state, r, text, meaning === 'other');
    if (other && other === state.queued?.topic) {
      // "The execution policy one is gone, still the AADSTS50059 one": the one after "still" is left.
      const left = leftOver(r, text, [pending.topic, other]);
      if (left === pending.topic) return failed({ ...state, queued: undefined }, text);
      return moves.fixed(noting(state, text), text);
    }
    if (other) return elsewhere.understand(kept(state), text);
    if (meaning === 'success') return moves.fixed(state);
    if (meaning === 'partial') return partly(state, text);
    if (meaning === 'failure') return failed(state, text);
    const bare = bareAnswer(text);
    if (bare === 'yes') return moves.fixed(state);
    if (bare === 'no') return failed(state, undefined);
    const explanation = explained(state, pending, text, meaning === 'question');
    if (explanation) return explanation;
    if (bare === 'yes-and-more') return moves.ask(state, pending, [messages.confirmFixed], 'brief');
    // Facts about the causes, without a verdict: more for the fix on screen, or it doesn't apply.
    const { stated, denied } = inference.rulings(pending.topic, text);
    // "Re-registered it with the cmdlet": done, but is it fixed? Asked, not assumed. (A deed in
    // the cause's own story, "the network team changed the DMZ rules", is more for the fix.)
    const lower = normalise(text).text;
    const fits = stated.includes(pending.cause) && !denied.length;
    if (DID.test(lower) && !denied.length && (!fits || OWN_DEED.test(lower)))
      return moves.ask(noting(state, text), pending, [messages.didItHelp], 'brief');
    if (fits) {
      const cause = kb.topics.get(pending.topic)?.causes.find((c) => c.id === pending.cause);
      const asking = moves.ask(
        noting(state, text),
        pending,
        [messages.thatFits(cause?.summary ?? '')],
        'brief',
      );
      return { ...asking, reply: { ...asking.reply, about: { topic: pending.topic, cause: pending.cause } } };
    }
    if (stated.length || denied.length) return moves.afterFailure(state, 'failed', text, []);
    return moves.ask(state, pending, [messages.retryDidItWork], 'brief');
  }

  /** What shows now, after a failed fix: a new error starts over; anything else is filed. */
  function newEvidence(state: CaseState, text: string, r: Recognition): Outcome {
    if (otherError(state, r, text, true)) return elsewhere.understand(kept(state), text);
    return moves.afterFailure(state, 'failed', text, [messages.failedWithNews]);
  }

  return { didItWork, failed, newEvidence, nextProblemIn, fixedThenNext };
}
