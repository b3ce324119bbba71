import type { Recognition } from '../recogniser';
import { normalise, words } from '../text';
import { matchChoice } from '../walk';
import { exactTopics, newProblem, nextFix, noted } from './caseFile';
import { AREA_LABELS, messages } from './messages';
import type { Deps, Moves, Outcome } from './moves';
import { bareAnswer, meaningOf, saysSame, saysSolved, type Meaning } from './reading';
import { asNode, areasOf, problemOf, questionFor, topicOf, topicsIn, treeQuestion } from './questions';
import { say, type ReplyQuestion } from './reply';
import type { CaseState, Pending, Problem } from './state';

// Reading the answer to the question on screen: a click, or words, which are first classified
// (an answer, "wait", a question back, "I'm not the admin", a new error, a failure with news)
// before any of them is taken as a choice.

/** What the core does with a message that turns out not to answer the question. */
export interface Elsewhere {
  /** A new message to read from scratch (a different error). */
  understand(state: CaseState, text: string): Outcome;
  /** A message about another product, or nothing we know. */
  outOfScope(state: CaseState, r: Extract<Recognition, { decision: 'out-of-scope' }>): Outcome;
}

// Words that say nothing about which menu entry is meant ("the 401 one, I think").
const MENU_FILLER = new Set(
  'the one that this with about for and its it is please mean option choose pick want think probably guess last first'.split(
    ' ',
  ),
);

export function createAnswers(deps: Deps, moves: Moves, elsewhere: Elsewhere) {
  const { kb, recogniser, inference, followUps } = deps;

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
    const hits = question.choices.flatMap((c, i) => {
      const said = ` ${normalise([c.label, ...(c.aliases ?? []), descriptions[i] ?? ''].join(' ')).text} `;
      return wanted.every((w) =>
        new RegExp(`[^a-z0-9]${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(said),
      )
        ? [i]
        : [];
    });
    return hits.length === 1 ? hits[0] : undefined;
  }

  function answered(state: CaseState, pending: Pending, index: number): Outcome {
    switch (pending.kind) {
      case 'pick-topic': {
        const topicId = pending.candidates[index];
        const reported = state.problem?.text ?? '';
        if (!topicId) return moves.done(state, say('out-of-scope', messages.rephrase));
        return moves.startProblem(
          state,
          reported,
          topicId,
          [],
          recogniser.detectCause(topicId, reported)?.cause,
          state.problem?.notes,
        );
      }
      case 'area':
        return moves.ask(state, { kind: 'topic-in-area', area: areasOf(kb)[index]! });
      case 'topic-in-area': {
        // Picked from the menu: nothing was said to infer answers from.
        const topic = topicsIn(kb, pending.area)[index]!;
        const picked: Problem = {
          ...newProblem('', topic.id),
          answers: [{ question: messages.menuTopicQuestion(AREA_LABELS[pending.area]), answer: topic.label }],
        };
        return moves.startTopic(state, picked, [messages.named(topic.title)]);
      }
      case 'tree': {
        const problem = problemOf(state);
        const question = treeQuestion(kb, state, pending.node);
        const choice = question.choices[index]!;
        const next: Problem = {
          ...problem,
          answers: [...problem.answers, { question: question.text, answer: choice.label }],
        };
        if (typeof choice.next === 'string') return moves.goTo(state, next, choice.next);
        // A triage answer names the topic: go on with its tree, as if the message had named it.
        const topic = topicOf(kb, choice.next.topic);
        return moves.startTopic(
          state,
          { ...next, topic: topic.id, trail: [] },
          [messages.named(topic.title)],
          recogniser.detectCause(topic.id, next.text)?.cause,
        );
      }
      case 'did-it-work':
        if (index === 0) return moves.fixed(state);
        if (index === 2)
          return moves.handOff(problemOf(state), [], { topic: pending.topic, cause: pending.cause });
        return failed(state, undefined);
      case 'after-failure':
        if (index === 0) return moves.afterFailure(state, 'failed', undefined, []);
        return moves.ask(state, { kind: 'new-evidence' });
      case 'new-evidence':
        return moves.ask(state, pending, [messages.retryInOwnWords], 'brief');
    }
  }

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
    if (!nextFix(kb, problemOf(state))) return moves.afterFailure(state, 'failed', said, []);
    return moves.ask(state, { kind: 'after-failure' });
  }

  /** A question back: answered from the knowledge, then the question on screen again. */
  function explained(state: CaseState, pending: Pending, text: string, asked: boolean): Outcome | undefined {
    const onScreen =
      pending.kind === 'did-it-work'
        ? kb.topics.get(pending.topic)?.causes.find((c) => c.id === pending.cause)
        : undefined;
    const answer = followUps.explain(text, asked, onScreen);
    if (!answer && !asked) return undefined;
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
    while (previous >= 0 && nodes?.[trail[previous]!]?.type !== 'question') previous--;
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

  /**
   * A message that names an error other than the one being worked on, if it does: by an exact
   * signal, or (`byWords`) as a confident match the current topic isn't even a candidate for.
   * An answer in the user's words often sounds like another topic; it still answers this one.
   */
  function otherError(state: CaseState, r: Recognition, text: string, byWords: boolean): string | undefined {
    const current = state.problem?.topic;
    const named = exactTopics(kb, r, text).filter((t) => t !== current);
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

  function didItWork(
    state: CaseState,
    pending: Extract<Pending, { kind: 'did-it-work' }>,
    text: string,
    meaning: Meaning,
    r: Recognition,
  ): Outcome {
    if (meaning === 'wait' || meaning === 'ack') return waiting(state, pending, meaning);
    const other = otherError(state, r, text, meaning === 'other');
    if (other && other === state.queued?.topic) {
      // "The execution policy one is gone, still the AADSTS50059 one": the one after "still" is left.
      const left = leftOver(r, text, [pending.topic, other]);
      if (left === pending.topic) return failed({ ...state, queued: undefined }, text);
      return moves.fixed(noting(state, text), text);
    }
    if (other)
      return elsewhere.understand(
        { misses: 0, ...(state.audience ? { audience: state.audience } : {}) },
        text,
      );
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
    if (stated.includes(pending.cause) && !denied.length) {
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

  /** Of two topics a message names, the one it says is still there, if it says. */
  function leftOver(r: Recognition, text: string, topics: readonly string[]): string | undefined {
    const lower = normalise(text).text;
    const still = lower.search(/\bstill\b/);
    if (still < 0) return undefined;
    const named = exactTopics(kb, r, lower.slice(still));
    return topics.find((t) => named[0] === t);
  }

  /** An answer typed to a tree question or a menu. */
  function choiceAnswer(
    state: CaseState,
    pending: Pending,
    text: string,
    meaning: Meaning,
    r: Recognition,
  ): Outcome {
    const question = questionFor(kb, state, pending);
    // "Re-exported the cert with its key, site comes up now": fixed while we talked.
    if (saysSolved(text) && state.problem) return moves.fixed(noting(state, text));
    let denied: readonly number[] = [];
    if (pending.kind === 'tree') {
      const chosen = inference.choose(problemOf(state).topic, treeQuestion(kb, state, pending.node), text);
      denied = chosen.denied;
      if (chosen.index !== undefined) return answered(noting(state, text), pending, chosen.index);
    }
    const matched = matchChoice(asNode(question), text);
    if (matched !== undefined && !denied.includes(matched))
      return answered(noting(state, text), pending, matched);
    if (pending.kind === 'pick-topic') {
      // An answer that states a cause of exactly one of the candidates picks that one.
      const fits = pending.candidates.flatMap((id, i) =>
        inference.rulings(id, text).stated.length ? [i] : [],
      );
      if (fits.length === 1) return answered(noting(state, text), pending, fits[0]!);
    }
    if (pending.kind === 'pick-topic' || pending.kind === 'topic-in-area') {
      const topics =
        pending.kind === 'pick-topic'
          ? pending.candidates.map((id) => topicOf(kb, id))
          : topicsIn(kb, pending.area);
      const picked = menuPick(
        question,
        topics.map((t) => `${t.title} ${t.seen}`),
        text,
      );
      if (picked !== undefined) return answered(state, pending, picked);
    }
    if (pending.kind === 'area') {
      const picked = menuPick(
        question,
        areasOf(kb).map((a) =>
          topicsIn(kb, a)
            .map((t) => t.label)
            .join(' '),
        ),
        text,
      );
      if (picked !== undefined) return answered(state, pending, picked);
    }
    if (meaning === 'wait' || meaning === 'ack') return waiting(state, pending, meaning);
    const explanation = explained(state, pending, text, meaning === 'question');
    if (explanation) return explanation;
    const other = otherError(state, r, text, true);
    if (other || (r.decision === 'ambiguous' && r.evidence.some((e) => e.kind !== 'foreign-error')))
      return elsewhere.understand(
        { misses: 0, ...(state.audience ? { audience: state.audience } : {}) },
        text,
      );
    // Asked twice and still no answer: "not sure" is a fair reading, where the question has it.
    const unsure = question.choices.findIndex((c) => c.means === 'unsure');
    if (state.misses >= 1 && unsure >= 0) {
      const outcome = answered({ ...state, misses: 0 }, pending, unsure);
      return {
        ...outcome,
        reply: { ...outcome.reply, lead: [messages.takenAsUnsure, ...outcome.reply.lead] },
      };
    }
    return moves.ask({ ...state, misses: state.misses + 1 }, pending, [messages.retryInOwnWords], 'brief');
  }

  /** The problem with a typed answer filed in its case file. */
  const noting = (state: CaseState, text: string): CaseState =>
    state.problem ? { ...state, problem: noted(kb, inference, state.problem, text) } : state;

  function typed(state: CaseState, pending: Pending, text: string): Outcome {
    const meaning = meaningOf(text);
    const r = recogniser.recognise(text);
    if (r.decision === 'out-of-scope' && r.reason === 'neighbour') return elsewhere.outOfScope(state, r);
    if (meaning === 'back') return back(state, pending);
    if (meaning === 'end-user')
      return moves.handOff(
        state.problem ?? newProblem(text, kb.fallbackTopic),
        [],
        pending.kind === 'did-it-work' ? pending : undefined,
      );
    switch (pending.kind) {
      case 'did-it-work':
        return didItWork(state, pending, text, meaning, r);
      case 'after-failure': {
        const matched = matchChoice(asNode(questionFor(kb, state, pending)), text);
        if (matched !== undefined) return answered(state, pending, matched);
        if (saysSame(text)) return moves.afterFailure(state, 'failed', text, []);
        return newEvidence(state, text, r);
      }
      case 'new-evidence':
        return newEvidence(state, text, r);
      default:
        return choiceAnswer(state, pending, text, meaning, r);
    }
  }

  /** What shows now, after a failed fix: a new error starts over; anything else is filed. */
  function newEvidence(state: CaseState, text: string, r: Recognition): Outcome {
    if (otherError(state, r, text, true))
      return elsewhere.understand(
        { misses: 0, ...(state.audience ? { audience: state.audience } : {}) },
        text,
      );
    return moves.afterFailure(state, 'failed', text, [messages.failedWithNews]);
  }

  return { answered, typed };
}
