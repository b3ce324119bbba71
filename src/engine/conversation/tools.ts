import type { Recognition } from '../recogniser';
import { normalise, words } from '../text';
import { exactTopics, noted } from './caseFile';
import { messages } from './messages';
import type { Deps, Moves, Outcome } from './moves';
import type { Meaning } from './reading';
import { say, type ReplyQuestion } from './reply';
import type { CaseState, Pending, Problem } from './state';

// What answering any question needs: filing what was said, answering a question back, waiting,
// going back, telling a new error from an answer, and reading menu words.

// A correction of what the bot took the problem to be.
export const CORRECTION =
  /\b(?:not|isn'?t|no|never) (?:the |an? |our )?(?:entra |azure |microsoft )?(?:app(?:lication)? proxy|connector|private network connector|entra connector|ap connector)\b|\b(?:actually|sorry|my bad|should'?ve said|should have said|i meant|misread|wrong product|this is (?:the|a|an|our)|(?:this|it) is about|it'?s about|i mean|i'?m talking about|(?:the )?problem is (?:with|on) (?:the|our)|it'?s (?:the|a|an|our|azure|microsoft|entra|actually|really)|we'?re (?:using|talking about)|it is (?:the|a|an|our)|no app proxy)\b/;

// Words that say nothing about which menu entry is meant ("the 401 one, I think").
const MENU_FILLER = new Set(
  'the one that this with about for and its it is please mean option choose pick want think probably guess last first'.split(
    ' ',
  ),
);

export function createTools(deps: Deps, moves: Moves) {
  const { kb, inference, followUps } = deps;

  /** The problem with a typed answer filed in its case file. */
  const noting = (state: CaseState, text: string): CaseState =>
    state.problem ? { ...state, problem: noted(kb, inference, state.problem, text) } : state;

  /**
   * A question back: answered from the knowledge, then the question on screen again. `onlyKnown`:
   * nothing when the knowledge has no answer (instead of saying so).
   */
  function explained(
    state: CaseState,
    pending: Pending,
    text: string,
    asked: boolean,
    onlyKnown = false,
  ): Outcome | undefined {
    const onScreen =
      pending.kind === 'did-it-work'
        ? kb.topics.get(pending.topic)?.causes.find((c) => c.id === pending.cause)
        : undefined;
    // At a question, the answer may be in the fix of any cause still in play.
    const ruledOut = new Set(state.problem?.ruledOut.map((r) => r.cause));
    const inPlay = state.problem
      ? (kb.topics.get(state.problem.topic)?.causes ?? []).filter((c) => !ruledOut.has(c.id))
      : [];
    const answer = followUps.explain(text, asked, onScreen, inPlay);
    if (!answer && (!asked || onlyKnown)) return undefined;
    const asking = moves.ask(state, pending, [answer?.text ?? messages.notQuiteAnswer], 'brief');
    return {
      ...asking,
      reply: {
        ...asking.reply,
        kind: 'explain',
        about: {
          ...(state.problem ? { topic: state.problem.topic } : {}),
          ...(answer?.term ? { term: answer.term } : {}),
        },
      },
    };
  }

  function waiting(state: CaseState, pending: Pending, meaning: Meaning): Outcome {
    // A bare "ok" to a question is no answer yet: the question again, briefly.
    if (meaning === 'ack' && pending.kind !== 'did-it-work')
      return moves.ask(state, pending, [messages.waitForAnswer], 'brief');
    const coming = pending.kind === 'did-it-work' ? messages.waitForFix : messages.waitForAnswer;
    return { state, reply: say('wait', messages.wait(coming)) };
  }

  /** Back to the question before the one on screen. */
  function back(state: CaseState, pending: Pending): Outcome {
    const problem = state.problem;
    const trail = problem?.trail ?? [];
    const current =
      pending.kind === 'tree' || pending.kind === 'did-it-work' ? trail.length - 1 : trail.length;
    let previous = current - 1;
    const nodes = problem ? kb.topics.get(problem.topic)?.tree.nodes : undefined;
    const asks = (i: number) => ['question', 'check'].includes(nodes?.[trail[i]!]?.type ?? '');
    while (previous >= 0 && !asks(previous)) previous--;
    if (!problem || previous < 0) return moves.ask(state, pending, [messages.nothingToGoBack], 'brief');
    const rewound: Problem = {
      ...problem,
      trail: trail.slice(0, previous + 1),
      answers: problem.answers.slice(0, -1),
      tried: problem.tried.filter((t) => t.outcome !== 'pending'),
    };
    return moves.ask({ ...state, problem: rewound }, { kind: 'tree', node: trail[previous]! }, [
      messages.back,
    ]);
  }

  function otherError(state: CaseState, r: Recognition, text: string, byWords: boolean): string | undefined {
    const current = state.problem?.topic;
    // A check's output that shows a cause this topic has too ("TcpTestSucceeded : False" for an
    // Inactive connector) is evidence on this problem, not another error.
    const causes = current ? kb.topics.get(current)?.causes.map((c) => c.id) : undefined;
    const onlyOutput = (topic: string) =>
      r.evidence.every((e) => e.kind === 'foreign-error' || e.topic !== topic || e.kind === 'check-output') &&
      r.decision === 'match' &&
      r.cause !== undefined &&
      causes?.includes(r.cause.cause) === true;
    const named = exactTopics(kb, r, text).filter((t) => t !== current && !onlyOutput(t));
    if (state.queued && named.includes(state.queued.topic)) return state.queued.topic;
    if (named[0]) return named[0];
    if (
      byWords &&
      r.decision === 'match' &&
      r.topic !== current &&
      !kb.triage.has(r.topic) &&
      !r.candidates.some((c) => c.topic === current) &&
      !(current && inference.rulings(current, text).stated.length)
    )
      return r.topic;
    return undefined;
  }

  /** A menu entry picked by words only it has ("kerberos", "the 401 one"). */
  function menuPick(
    question: ReplyQuestion,
    descriptions: readonly string[],
    text: string,
  ): number | undefined {
    const wanted = words(normalise(text).text).filter(
      (w) => (w.length >= 3 || /\d/.test(w)) && !MENU_FILLER.has(w),
    );
    if (!wanted.length || wanted.length > 4) return undefined;
    const saids = question.choices.map(
      (c, i) => ` ${normalise([c.label, ...(c.aliases ?? []), descriptions[i] ?? ''].join(' ')).text} `,
    );
    const has = (said: string, w: string) =>
      new RegExp(`[^a-z0-9]${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(said);
    const pick = (needed: readonly string[], among: readonly string[]) => {
      const hits = among.flatMap((said, i) => (needed.every((w) => has(said, w)) ? [i] : []));
      return hits.length === 1 ? hits[0] : undefined;
    };
    // Every word said, or else the numbers said in an entry's own label ("the 401 one, it's in
    // the event log"): a status or event number names one entry even when the words around don't.
    const numbers = wanted.filter((w) => /\d/.test(w));
    const labels = question.choices.map((c) => ` ${normalise(c.label).text} `);
    return pick(wanted, saids) ?? (numbers.length ? pick(numbers, labels) : undefined);
  }

  return { noting, explained, waiting, back, otherError, menuPick };
}

export type Tools = ReturnType<typeof createTools>;
