import type { Recognition } from '../recogniser';
import { normalise } from '../text';
import { matchChoice } from '../walk';
import { afterFixOf } from './afterFix';
import { createCheckAnswers } from './checkAnswers';
import { createMenuAnswers } from './menuAnswers';
import { createStatusCorrection } from './statusCorrection';
import { exactTopics, newProblem } from './caseFile';
import { AREA_LABELS, messages } from './messages';
import type { Deps, Moves, Outcome } from './moves';
import { newsOnTwo } from './news';
import { meaningOf, saysSame, saysSolved, type Meaning } from './reading';
import { QUESTION_START } from './replyPhrases';
import { fixedTheConnector, onlyAStatus, wentAwayInShort } from './meanwhile';
import {
  asNode,
  areasOf,
  checkAt,
  problemOf,
  questionFor,
  topicOf,
  topicsIn,
  treeQuestion,
} from './questions';
import { say } from './reply';
import { CORRECTION, createTools } from './tools';
import { kept, type CaseState, type Pending, type Problem } from './state';

// Reading the answer to the question on screen: a click, or words, which are first classified
// (an answer, "wait", a question back, "I'm not the admin", a new error, a failure with news)
// before any of them is taken as a choice.

/** What the core does with a message that turns out not to answer the question. */
export interface Elsewhere {
  /** A new message to read from scratch (a different error). */
  understand(state: CaseState, text: string): Outcome;
  /** A message about another product, or nothing we know. */
  outOfScope(state: CaseState, r: Extract<Recognition, { decision: 'out-of-scope' }>, text: string): Outcome;
}

// How long an answer may be to be taken at its word when it is exactly a choice's phrase.
const SHORT_ANSWER_WORDS = 8;
export function createAnswers(deps: Deps, moves: Moves, elsewhere: Elsewhere) {
  const { kb, recogniser, inference } = deps;
  const tools = createTools(deps, moves);
  const { noting, explained, waiting, back, otherError, menuPick } = tools;
  const { didItWork, failed, newEvidence, nextProblemIn, fixedThenNext } = afterFixOf(
    deps,
    moves,
    tools,
    elsewhere,
  );
  const checkAnswers = createCheckAnswers(deps, moves, elsewhere, { answered, noting });
  const menus = createMenuAnswers(deps, moves, elsewhere, { answered, noting }, menuPick);
  const statusCorrected = createStatusCorrection(deps, moves, menus.namesItsStatus);

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
          // An answer rules out what only the other answers lead to ("not sure" rules out nothing).
          ruledOut: [
            ...problem.ruledOut,
            ...(choice.means === 'unsure' ? [] : inference.excludedBy(problem.topic, question, index)).map(
              (cause) => ({ cause, words: `${question.text} -> ${choice.label}`.slice(0, 160) }),
            ),
          ],
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

  /**
   * A message that names an error other than the one being worked on, if it does: by an exact
   * signal, or (`byWords`) as a confident match the current topic isn't even a candidate for.
   * An answer in the user's words often sounds like another topic; it still answers this one.
   */
  /** An answer typed to a tree question or a menu. */
  function choiceAnswer(
    state: CaseState,
    pending: Pending,
    text: string,
    meaning: Meaning,
    r: Recognition,
  ): Outcome {
    const question = questionFor(kb, state, pending);
    // "The licence one is sorted, the timeout ones remain": the waiting one is done, this one goes on.
    if (state.queued && state.problem) {
      const news = newsOnTwo(kb, text, state.problem.topic, state.queued.topic);
      if (news.done === 'queued' && news.left !== 'queued')
        return moves.ask(noting({ ...state, queued: undefined }, text), pending, [
          messages.otherOneDone(topicOf(kb, state.problem.topic).title),
        ]);
    }
    // "Re-exported the cert with its key, site comes up now": fixed while we talked.
    // ("Both connectors show active" at "is a connector Active?" is an answer, not a fix: only a
    // result for the app itself closes the case while it also picks a choice.)
    if (
      saysSolved(text) &&
      state.problem &&
      (!onlyAStatus(text) || fixedTheConnector(text) || !picksAChoice(state, pending, text))
    ) {
      // "..., HR loads. Now the images in Expenses?": closed, and the next one taken up.
      const next = nextProblemIn(text, state.problem);
      return next ? fixedThenNext(noting(state, text), text, next) : moves.fixed(noting(state, text), text);
    }
    // Solved before the problem was even settled ("changed it to long, the report comes through
    // now" at "is it this one?"): nothing left to work on.
    if (
      !state.problem &&
      pending.kind === 'pick-topic' &&
      saysSolved(text) &&
      !picksAChoice(state, pending, text)
    )
      return moves.done(state, say('fixed', messages.fixed));
    // A check answered with its output: the outcome it shows is the answer.
    const check = checkAt(kb, state, pending);
    const fromOutput = check ? checkAnswers.output(state, pending, check, text) : undefined;
    if (fromOutput) return fromOutput;
    // The general checks or a triage question, answered with the error itself: go on with that error.
    const current = state.problem?.topic;
    if (
      current &&
      (current === kb.fallbackTopic || kb.triage.has(current)) &&
      exactTopics(kb, r, text).some((t) => t !== current && !kb.triage.has(t) && t !== kb.fallbackTopic)
    )
      return elsewhere.understand(kept(state), text);
    // "Sorry, misread it: it says gateway time-out": a correction names another topic in words
    // ("the internal name, not the external URL" is a correction of nothing but the question's).
    if (
      CORRECTION.test(normalise(text).text) &&
      r.decision === 'match' &&
      (menus.namesItsStatus(r.topic, text) || !picksAChoice(state, pending, text)) &&
      r.topic !== current &&
      !kb.triage.has(r.topic)
    )
      return elsewhere.understand(kept(state), text);
    // "Which log shows the identity used?": a question of their own, opened with its question
    // word, is answered before its words are read as a choice ("used" is not "it's running").
    if (meaning === 'question' && QUESTION_START.test(normalise(text).text)) {
      const known = explained(state, pending, text, true, true);
      if (known) return known;
    }
    let denied: readonly number[] = [];
    if (pending.kind === 'tree') {
      const chosen = inference.choose(problemOf(state).topic, treeQuestion(kb, state, pending.node), text);
      denied = chosen.denied;
      if (chosen.index !== undefined) return answered(noting(state, text), pending, chosen.index);
    }
    const matched = matchChoice(asNode(question), text);
    if (matched !== undefined && !denied.includes(matched))
      return pending.kind === 'pick-topic'
        ? menus.pickedAndAnswered(state, pending, matched, text)
        : answered(noting(state, text), pending, matched);
    const fromMenu = menus.answer(state, pending, question, text, meaning, r);
    if (fromMenu) return fromMenu;
    if (meaning === 'wait' || meaning === 'ack') return waiting(state, pending, meaning);
    const explanation = explained(state, pending, text, meaning === 'question');
    if (explanation) return explanation;
    const other = otherError(state, r, text, true);
    if (other || (r.decision === 'ambiguous' && r.evidence.some((e) => e.kind !== 'foreign-error')))
      return elsewhere.understand(kept(state), text);
    // "The login window closes at once", told instead of pasting the log: the check is skipped
    // and the words answer the question after it.
    const told = check ? checkAnswers.toldInstead(state, check.node, text) : undefined;
    if (told) return told;
    // "Never mind, it's working now": a short reply that says the problem went away, and answers
    // none of the choices, closes the case rather than asking again.
    if (meaning === 'success' && state.problem && wentAwayInShort(text))
      return moves.fixed(noting(state, text), text);
    // Asked twice and still no answer: "not sure" is a fair reading, where the question has it.
    const unsure = question.choices.findIndex((c) => c.means === 'unsure');
    if (state.misses >= 1 && unsure >= 0) {
      const outcome = answered({ ...state, misses: 0 }, pending, unsure);
      return {
        ...outcome,
        reply: { ...outcome.reply, lead: [messages.takenAsUnsure, ...outcome.reply.lead] },
      };
    }
    const retry = check ? messages.notCheckOutput(check.check.title) : messages.retryInOwnWords;
    return moves.ask({ ...state, misses: state.misses + 1 }, pending, [retry], 'brief');
  }

  /** Whether the text answers the question on screen by one of its choices. */
  function picksAChoice(state: CaseState, pending: Pending, text: string): boolean {
    if (matchChoice(asNode(questionFor(kb, state, pending)), text) !== undefined) return true;
    if (pending.kind !== 'tree') return false;
    const question = treeQuestion(kb, state, pending.node);
    return inference.choose(problemOf(state).topic, question, text).index !== undefined;
  }

  /** The choice a short answer names by its label or an alias, whole, if exactly one. */
  function exactChoice(state: CaseState, pending: Pending, text: string): number | undefined {
    if (pending.kind !== 'tree') return undefined;
    const said = normalise(text).text.replace(/[.!]+$/, '');
    if (!said || said.split(' ').length > SHORT_ANSWER_WORDS) return undefined;
    const question = treeQuestion(kb, state, pending.node);
    const hits = question.choices.flatMap((c, i) =>
      [c.label, ...c.aliases].some((phrase) => normalise(phrase).text === said) ? [i] : [],
    );
    return hits.length === 1 ? hits[0] : undefined;
  }

  function typed(state: CaseState, pending: Pending, text: string): Outcome {
    const read = meaningOf(text);
    // Which checks' output this is: asked only where it changes the reading, not on every turn.
    const outputs =
      read === 'wait' || read === 'ack' || pending.kind === 'pick-topic' ? deps.checks.outputOf(text) : [];
    // "Running WAPCSvc ..." is a command's output, not someone saying they're running something.
    const meaning = outputs.length && (read === 'wait' || read === 'ack') ? 'other' : read;
    const r = recogniser.recognise(text);
    // A check's output pasted at "which of these?": the topic that runs that check, answered with it.
    const picked =
      pending.kind === 'pick-topic' ? checkAnswers.pickByOutput(state, pending, outputs) : undefined;
    if (picked) {
      const next = picked.state?.pending;
      return picked.state && next && checkAt(kb, picked.state, next)
        ? typed(picked.state, next, text)
        : picked;
    }
    // "It's WAP, not the Entra connector": a correction of the product. (A neighbour merely
    // mentioned, "this box also runs the Password Protection proxy", is a fact to file.)
    if (r.decision === 'out-of-scope' && r.reason === 'neighbour' && CORRECTION.test(normalise(text).text))
      return elsewhere.outOfScope(state, r, text);
    if (meaning === 'back') return back(state, pending);
    // A short answer in a choice's own words ("service is up", "no access to the server") answers
    // the question, whatever else it could mean on its own.
    const exact = exactChoice(state, pending, text);
    if (exact !== undefined) return answered(noting(state, text), pending, exact);
    const corrected = statusCorrected(state, text, r);
    if (corrected) return corrected;
    if (meaning === 'person') return moves.personAsked(kept(state), state.problem, text);
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

  return { answered, typed };
}
