import type { Recognition } from '../recogniser';
import { termPatternOf } from '../recognition/signatures';
import { normalise } from '../text';
import type { Elsewhere } from './answers';
import { messages } from './messages';
import type { Deps, Moves, Outcome } from './moves';
import { areasOf, topicOf, topicsIn, treeQuestion } from './questions';
import type { Meaning } from './reading';
import type { ReplyQuestion } from './reply';
import { kept, type CaseState, type Pending } from './state';

// Answers typed at a menu ("which of these?", the area menu, a topic list): a pick by the words
// or numbers of an entry, a cause the text states, or a description that isn't a pick at all.

interface Answering {
  answered(state: CaseState, pending: Pending, index: number): Outcome;
  noting(state: CaseState, text: string): CaseState;
}
type MenuPick = (
  question: ReplyQuestion,
  descriptions: readonly string[],
  text: string,
) => number | undefined;

export function createMenuAnswers(
  deps: Deps,
  moves: Moves,
  elsewhere: Elsewhere,
  answering: Answering,
  menuPick: MenuPick,
) {
  const { kb, inference } = deps;

  const statusPatterns = new Map(
    [...kb.topics.values()].flatMap((t) => {
      const pattern = termPatternOf(t);
      return pattern ? [[t.id, pattern] as const] : [];
    }),
  );
  /** Whether the text has a status or term the topic's error prints ("gateway time-out", "504"). */
  const namesItsStatus = (topic: string, text: string): boolean =>
    statusPatterns.get(topic)?.test(normalise(text).text) ?? false;

  /** The reply to a menu answered in words, or undefined when the words aren't about the menu. */
  function answer(
    state: CaseState,
    pending: Pending,
    question: ReplyQuestion,
    text: string,
    meaning: Meaning,
    r: Recognition,
  ): Outcome | undefined {
    if (pending.kind === 'pick-topic') {
      // An answer that states a cause of the candidates picks the first one it fits ("its
      // service is stopped" fits the Inactive connector and the general checks alike).
      const fits = pending.candidates.flatMap((id, i) =>
        inference.rulings(id, text).stated.length ? [i] : [],
      );
      if (fits.length >= 1) return answering.answered(answering.noting(state, text), pending, fits[0]!);
      // A description that is plainly one of the candidates ("the css and images come back 404"
      // for the broken page) picks it, and answers its first question when it does.
      if (r.decision === 'match' && pending.candidates.includes(r.topic) && !kb.triage.has(r.topic))
        return pickedAndAnswered(state, pending, pending.candidates.indexOf(r.topic), text);
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
      // "The can't be accessed page, bad gateway at the bottom": picked, and its question answered.
      if (picked !== undefined)
        return pending.kind === 'pick-topic'
          ? pickedAndAnswered(state, pending, picked, text)
          : answering.answered(state, pending, picked);
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
      if (picked !== undefined) return answering.answered(state, pending, picked);
    }
    // "It says gateway timeout at the bottom" at "which of these?": an error none of the choices
    // is, placed like a first message.
    if (pending.kind === 'pick-topic') {
      const named =
        r.decision === 'match' ? r.topic : r.candidates.find((c) => namesItsStatus(c.topic, text))?.topic;
      if (named && !pending.candidates.includes(named) && !kb.triage.has(named) && named !== kb.fallbackTopic)
        return moves.startProblem(
          kept(state),
          [state.problem?.text, text].filter(Boolean).join('\n'),
          named,
          [messages.named(topicOf(kb, named).title)],
        );
    }
    // "Its service is stopped, the log says it crashed" at the area menu: a description, not a
    // pick; placed like a first message, or as the general checks when it states one of theirs.
    if (pending.kind === 'area' && meaning === 'other') {
      if (r.decision !== 'out-of-scope') return elsewhere.understand(state, text);
      const general = inference.rulings(kb.fallbackTopic, text).stated;
      if (general.length === 1)
        return moves.startProblem(
          kept(state),
          text,
          kb.fallbackTopic,
          [messages.named(topicOf(kb, kb.fallbackTopic).title)],
          general[0],
        );
    }
    return undefined;
  }

  function pickedAndAnswered(
    state: CaseState,
    pending: Extract<Pending, { kind: 'pick-topic' }>,
    index: number,
    text: string,
  ): Outcome {
    const picked = answering.answered(answering.noting(state, text), pending, index);
    const next = picked.state?.pending;
    if (!picked.state?.problem || next?.kind !== 'tree') return picked;
    const question = treeQuestion(kb, picked.state, next.node);
    const chosen = inference.choose(picked.state.problem.topic, question, text).index;
    // "Not sure" picked the general checks; it says nothing yet about their first question.
    if (chosen === undefined || question.choices[chosen]?.means === 'unsure') return picked;
    return answering.answered(picked.state, next, chosen);
  }

  return { answer, namesItsStatus, pickedAndAnswered };
}
