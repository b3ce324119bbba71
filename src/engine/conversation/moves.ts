import type { CheckReader } from '../checks';
import type { KnowledgeBase } from '../knowledge';
import type { Recogniser } from '../recogniser';
import type { Topic } from '../knowledgeSchema';
import { normalise } from '../text';
import { startWalk, stepAt } from '../walk';
import { MICROSOFT_CASE } from './replyPhrases';
import { caseRulings, caseText, isRuledOut, newProblem, nextFix, windowsErrorIn } from './caseFile';
import type { FollowUps } from './followUp';
import { messageForIt } from './handOff';
import type { Inference } from './inference';
import { messages } from './messages';
import { questionFor, topicOf } from './questions';
import { say, type Reply } from './reply';
import type { CaseState, Pending, Problem } from './state';
import { caseSummary } from './summary';
import { createEndings } from './endings';

// The conversation's moves: ask, show a fix, take a failure, hand over. Each returns the next
// case and the reply; the core (core.ts) and the answer reader (answers.ts) choose between them.

export interface Deps {
  readonly kb: KnowledgeBase;
  readonly recogniser: Recogniser;
  readonly inference: Inference;
  readonly followUps: FollowUps;
  readonly checks: CheckReader;
}

export interface Outcome {
  /** The case to keep, or undefined when the conversation has nothing left in progress. */
  readonly state: CaseState | undefined;
  readonly reply: Reply;
}

// Questions answered from what was said, in a row, at most: a guard against a tree that loops.
const MAX_INFERRED = 6;

/** The causes whose fixes a tree node leads to. */
function causesFrom(topic: Topic, nodeId: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const node = topic.tree.nodes[nodeId];
  if (!node || seen.has(nodeId)) return out;
  seen.add(nodeId);
  if (node.type === 'fix') return out.add(node.cause);
  for (const c of node.choices)
    if (typeof c.next === 'string') for (const cause of causesFrom(topic, c.next, seen)) out.add(cause);
  return out;
}

export function createMoves(deps: Deps) {
  const base = createBaseMoves(deps);
  return { ...base, ...createEndings(deps, base) };
}

function createBaseMoves(deps: Deps) {
  const { kb, inference } = deps;

  /** Asks `pending`, after `lead`, in one message. */
  function ask(
    state: CaseState,
    pending: Pending,
    lead: readonly string[] = [],
    again?: 'brief' | 'whole',
  ): Outcome {
    const next: CaseState = { ...state, pending };
    const fix =
      pending.kind === 'did-it-work' && again !== 'brief'
        ? { topic: pending.topic, cause: pending.cause }
        : undefined;
    const topic = state.problem?.topic;
    return {
      state: next,
      reply: {
        kind: 'question',
        lead,
        question: questionFor(kb, next, pending),
        ...(fix ? { fix, about: fix } : topic ? { about: { topic } } : {}),
        ...(again ? { again } : {}),
      },
    };
  }

  /** Ends the flow: nothing pending; the problem is kept as closed, to be picked up again. */
  const done = (state: CaseState, reply: Reply, closed?: Problem): Outcome => ({
    state: closed
      ? { misses: 0, closed, ...(state.audience ? { audience: state.audience } : {}) }
      : state.audience
        ? { misses: 0, audience: state.audience }
        : undefined,
    reply,
  });

  /** The tree's question at `node` (unless what was said answers it), or the fix there. */
  function goTo(
    state: CaseState,
    problem: Problem,
    node: string,
    lead: readonly string[] = [],
    depth = 0,
  ): Outcome {
    const at = stepAt(kb, problem.topic, node);
    const walked = { ...problem, trail: [...problem.trail, node] };
    if (at.kind === 'fix') return showFix(state, walked, at.topic.id, at.cause.id, lead);
    if (depth < MAX_INFERRED) {
      // A check is answered by its output pasted earlier, or by what was plainly said ("we are not
      // behind a proxy"); output is never filed as words, so it can't be misread as them.
      const pasted = at.check ? deps.checks.read(at.check.check, caseText(problem)).outcome : undefined;
      const { index } = pasted
        ? { index: at.check!.choices.findIndex((c) => c.outcome === pasted.id) }
        : inference.choose(
            problem.topic,
            at.question,
            caseText(problem),
            true,
            caseRulings(inference, problem.topic, problem),
          );
      // A check is there to find the cause: when what was said already states one it can reach
      // ("setspn shows it on two accounts"), that cause's fix, without running it.
      if (at.check && (index === undefined || index < 0)) {
        const stated = [...caseRulings(inference, problem.topic, problem).stated].filter(
          (c) => !isRuledOut(problem, c) && causesFrom(at.topic, node).has(c),
        );
        if (stated.length === 1) return showFix(state, walked, at.topic.id, stated[0]!, lead);
      }
      const choice = index !== undefined && index >= 0 ? at.question.choices[index] : undefined;
      if (choice && typeof choice.next === 'string') {
        const answered = {
          ...walked,
          answers: [
            ...walked.answers,
            { question: at.question.text, answer: `${choice.label} (from what you said)` },
          ],
        };
        return goTo(
          state,
          answered,
          choice.next,
          [...lead, messages.fromWhatYouSaid(choice.label)],
          depth + 1,
        );
      }
    }
    return ask({ ...state, problem: walked }, { kind: 'tree', node }, lead);
  }

  /** The fix for `cause`, or for the next one when the user has ruled it out. */
  function showFix(
    state: CaseState,
    problem: Problem,
    topic: string,
    cause: string,
    lead: readonly string[] = [],
  ): Outcome {
    if (isRuledOut(problem, cause)) {
      // Another cause, if one is left; if none is, this one after all: the docs know no other.
      const next = nextFix(kb, problem);
      if (next && next.cause !== cause) return showFix(state, problem, next.topic, next.cause, lead);
      lead = [...lead, messages.onlyCauseLeft];
    }
    if (state.audience === 'end-user') return handOff(problem, lead, { topic, cause });
    // "... general API error: 0x8009030e": the first fix says what the Windows code points to.
    const code = problem.tried.length === 0 ? windowsErrorIn(kb, caseText(problem), topic) : undefined;
    if (code) lead = [...lead, messages.windowsError(code)];
    // The fix names its topic and cause itself: not said twice in one message.
    const title = messages.named(topicOf(kb, topic).title);
    lead = lead.filter((line) => line !== title);
    const tried: Problem = { ...problem, tried: [...problem.tried, { topic, cause, outcome: 'pending' }] };
    return ask({ ...state, problem: tried, misses: 0 }, { kind: 'did-it-work', topic, cause }, lead);
  }

  function outOfFixes(state: CaseState, problem: Problem, lead: readonly string[] = []): Outcome {
    return done(
      state,
      say(
        'summary',
        ...lead,
        `${messages.summaryIntro}\n\n${caseSummary(kb, problem)}\n\n${messages.summaryOutro}`,
      ),
      problem,
    );
  }

  /** A person asked for: the case so far to pass on, or (no case yet) what to tell first. */
  function personAsked(state: CaseState, problem: Problem | undefined, said = ''): Outcome {
    if (!problem) return done(state, say('summary', messages.personNoCase), state.closed);
    // "Time to raise a ticket with MS support": the summary is for that request.
    const lead = MICROSOFT_CASE.test(normalise(said).text)
      ? messages.microsoftCaseSummary
      : messages.personSummary;
    return done(
      state,
      say('summary', `${lead}\n\n${caseSummary(kb, problem)}\n\n${messages.summaryOutro}`),
      problem,
    );
  }

  /** Starts the walk of the problem's topic: at the fix when the cause is known already. */
  function startTopic(
    state: CaseState,
    problem: Problem,
    lead: readonly string[],
    knownCause?: string,
  ): Outcome {
    const start = startWalk(
      kb,
      problem.topic,
      knownCause && !isRuledOut(problem, knownCause) ? knownCause : undefined,
    );
    return goTo({ ...state, misses: 0 }, problem, start.nodeId, lead);
  }

  /** A new problem from a message: its case file filled from the message, then its walk. */
  function startProblem(
    state: CaseState,
    text: string,
    topicId: string,
    lead: readonly string[],
    knownCause?: string,
    notes: readonly string[] = [],
  ): Outcome {
    const base = newProblem(text, topicId, notes);
    const { stated, denied } = caseRulings(inference, topicId, base);
    const words = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    const problem: Problem = {
      ...base,
      ruledOut: denied.map((cause) => ({ cause, words })),
      ...(stated[0] ? { ruledIn: { cause: stated[0], words } } : {}),
    };
    // A cue the message only denies ("he is not a guest") names no cause.
    const cause = knownCause && !denied.includes(knownCause) ? knownCause : undefined;
    return startTopic(state, problem, lead, cause);
  }

  /** For someone who can't change the settings: what to send the admins. */
  function handOff(
    problem: Problem,
    lead: readonly string[] = [],
    likely?: { topic: string; cause: string },
  ): Outcome {
    const reply: Reply = {
      kind: 'hand-off',
      lead: [...lead, messages.endUser(messageForIt(kb, problem, likely))],
      about: { topic: problem.topic, ...(likely ? { cause: likely.cause } : {}) },
    };
    return { state: { misses: 0, audience: 'end-user', closed: problem }, reply };
  }

  return {
    ask,
    done,
    goTo,
    showFix,
    outOfFixes,
    personAsked,
    startTopic,
    startProblem,
    handOff,
  };
}

export type Moves = ReturnType<typeof createMoves>;
export type BaseMoves = ReturnType<typeof createBaseMoves>;
