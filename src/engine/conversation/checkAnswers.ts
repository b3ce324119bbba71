import type { Check, CheckNode } from '../knowledgeSchema';
import { stepAt } from '../walk';
import type { Elsewhere } from './answers';
import { messages } from './messages';
import type { Deps, Moves, Outcome } from './moves';
import { problemOf, topicOf } from './questions';
import { kept, type CaseState, type Pending } from './state';

// Replies to a guided check: its output read as the outcome it shows, a log entry read as the
// error it names, words that answer the question after it, and output pasted at "which of these?".

interface Answering {
  answered(state: CaseState, pending: Pending, index: number): Outcome;
  noting(state: CaseState, text: string): CaseState;
}

export function createCheckAnswers(deps: Deps, moves: Moves, elsewhere: Elsewhere, answering: Answering) {
  const { kb, recogniser, inference } = deps;

  /** The reply to a check when the text is its output; undefined when it isn't. */
  function output(
    state: CaseState,
    pending: Pending,
    at: { readonly check: Check; readonly node: CheckNode },
    text: string,
  ): Outcome | undefined {
    const read = deps.checks.read(at.check.id, text);
    const index = read.outcome ? at.node.choices.findIndex((c) => c.outcome === read.outcome!.id) : -1;
    // A log entry that names a documented error: that error's topic, from the start.
    if (read.outcome?.readAsMessage) {
      const logged = recogniser.recognise(text);
      if (logged.decision === 'match' && logged.topic !== state.problem?.topic) {
        const next = elsewhere.understand(kept(state), text);
        return { ...next, reply: { ...next.reply, lead: [messages.fromTheLog, ...next.reply.lead] } };
      }
    }
    if (read.outcome && index >= 0) {
      // Not filed as words: "Direct access (no proxy server)" is what the command printed, not
      // the user ruling a proxy out; the answer itself is kept with the case.
      const outcome = answering.answered(state, pending, index);
      return {
        ...outcome,
        reply: {
          ...outcome.reply,
          lead: [messages.fromTheOutput(read.outcome.label), ...outcome.reply.lead],
        },
      };
    }
    // Output that shows none of the outcomes: asked for again, not read as words.
    if (read.isOutput) return moves.ask(state, pending, [messages.notCheckOutput(at.check.title)], 'brief');
    return undefined;
  }

  /** Words that answer the question a check's "skip" choice leads to: that question, answered. */
  function toldInstead(state: CaseState, node: CheckNode, text: string): Outcome | undefined {
    const skip = node.choices.findIndex((c) => c.outcome === undefined && typeof c.next === 'string');
    if (skip < 0 || state.pending?.kind !== 'tree') return undefined;
    const nextNode = node.choices[skip]!.next as string;
    const topic = problemOf(state).topic;
    const after = stepAt(kb, topic, nextNode);
    if (after.kind !== 'question' || after.check) return undefined;
    const { index } = inference.choose(topic, after.question, text);
    if (index === undefined) return undefined;
    const skipped = answering.answered(answering.noting(state, text), state.pending, skip);
    const at = skipped.state?.pending;
    return at?.kind === 'tree' && at.node === nextNode
      ? answering.answered(skipped.state!, at, index)
      : skipped;
  }

  /** At "which of these?", the topic whose tree runs the check this is the output of, picked. */
  function pickByOutput(
    state: CaseState,
    pending: Extract<Pending, { kind: 'pick-topic' }>,
    outputs: readonly Check[],
  ): Outcome | undefined {
    if (!outputs.length) return undefined;
    const picked = pending.candidates.findIndex((t) =>
      Object.values(topicOf(kb, t).tree.nodes).some(
        (n) => n.type === 'check' && outputs.some((c) => c.id === n.check),
      ),
    );
    return picked >= 0 ? answering.answered(state, pending, picked) : undefined;
  }

  return { output, toldInstead, pickByOutput };
}
