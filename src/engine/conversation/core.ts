import type { KnowledgeBase } from '../knowledge';
import type { Area, Topic } from '../knowledgeSchema';
import type { Recogniser, Recognition } from '../recogniser';
import { MAX_ANALYSED_CHARS } from '../text';
import { matchChoice, startWalk, stepAt, UnknownPositionError } from '../walk';
import { commandOf, smallTalkOf } from './commands';
import { AREA_LABELS, messages } from './messages';
import { say, type Reply, type ReplyQuestion } from './reply';
import { NEW_CASE, type CaseState, type Input, type Pending, type Problem } from './state';
import { caseSummary, emptyIds, idsIn } from './summary';

// The conversation core: given the case so far and one input, what the case becomes and what
// to say. Pure (no SDK, no I/O): the dialog stores the case and renders the reply.

export interface Conversation {
  next(state: CaseState | undefined, input: Input): Outcome;
}

export interface Outcome {
  /** The case to keep, or undefined when the conversation has nothing left in progress. */
  readonly state: CaseState | undefined;
  readonly reply: Reply;
}

// What a case keeps of the reported message: as much as the cause cues read (recognition/causeCues.ts).
const MAX_CASE_TEXT = 2500;

export function createConversation(kb: KnowledgeBase, recogniser: Recogniser): Conversation {
  const topicOf = (id: string): Topic => {
    const topic = kb.topics.get(id);
    if (!topic) throw new UnknownPositionError(`unknown topic '${id}'`);
    return topic;
  };
  const areas = (): Area[] => {
    const present = new Set([...kb.topics.values()].map((t) => t.area));
    return (Object.keys(AREA_LABELS) as Area[]).filter((a) => present.has(a));
  };
  const topicsIn = (area: Area): Topic[] => {
    const topics = [...kb.topics.values()].filter((t) => t.area === area);
    if (!topics.length) throw new UnknownPositionError(`no topic is in area '${area}'`);
    return topics;
  };
  const newProblem = (text: string, topic: string): Problem => ({
    text: text.slice(0, MAX_CASE_TEXT),
    topic,
    answers: [],
    tried: [],
    ruledOut: [],
    ids: idsIn(text, emptyIds),
    trail: [],
  });

  // --- what each pending question looks like -----------------------------------------------------

  function questionFor(state: CaseState, pending: Pending): ReplyQuestion {
    switch (pending.kind) {
      case 'pick-topic': {
        const topics = pending.candidates.map(topicOf);
        return {
          text: messages.whichTopic,
          details: topics.map((t, i) => `${i + 1}. ${t.title}`),
          choices: [
            // "Not sure" is a fair answer: the general checks, when they are offered.
            ...topics.map((t) => ({
              label: t.label,
              aliases: [t.title],
              ...(t.id === kb.fallbackTopic ? { means: 'unsure' as const } : {}),
            })),
            {
              label: messages.noneOfThese,
              means: 'no',
              aliases: ['none', 'neither', 'none of them', 'something else', 'other', 'no'],
            },
          ],
        };
      }
      case 'area':
        return { text: messages.menuQuestion, choices: areas().map((a) => ({ label: AREA_LABELS[a] })) };
      case 'topic-in-area': {
        const topics = topicsIn(pending.area);
        return {
          text: messages.menuTopicQuestion(AREA_LABELS[pending.area]),
          details: topics.map((t, i) => `${i + 1}. ${t.title}`),
          choices: topics.map((t) => ({ label: t.label, aliases: [t.title] })),
        };
      }
      case 'tree': {
        const at = stepAt(kb, problemOf(state).topic, pending.node);
        if (at.kind !== 'question')
          throw new UnknownPositionError(`node '${pending.node}' is not a question`);
        return { text: at.question.text, choices: at.question.choices };
      }
      case 'did-it-work':
        return {
          text: messages.didItWork,
          choices: [
            {
              label: messages.yes,
              means: 'yes',
              aliases: ['fixed', 'it works', 'solved', 'that did it', 'worked'],
            },
            {
              label: messages.no,
              means: 'no',
              aliases: [
                'still broken',
                'not fixed',
                "didn't work",
                'did not work',
                'still failing',
                'same error',
              ],
            },
          ],
        };
      case 'after-failure':
      case 'audience':
        throw new UnknownPositionError(`question '${pending.kind}' is not asked by this version`);
    }
  }

  const problemOf = (state: CaseState): Problem => {
    if (!state.problem) throw new UnknownPositionError('no problem is being worked on');
    return state.problem;
  };

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
    return {
      state: next,
      reply: {
        kind: 'question',
        lead,
        question: questionFor(next, pending),
        ...(fix ? { fix, about: fix } : {}),
        ...(again ? { again } : {}),
      },
    };
  }

  /** Ends the flow: nothing pending; the case is forgotten, or kept as closed. */
  const done = (reply: Reply, closed?: Problem): Outcome => ({
    state: closed ? { misses: 0, closed } : undefined,
    reply,
  });

  // --- the question tree and its fixes -----------------------------------------------------------

  /** The tree's question at `node`, or the fix there (with "did that fix it?"). */
  function goTo(state: CaseState, problem: Problem, node: string, lead: readonly string[] = []): Outcome {
    const at = stepAt(kb, problem.topic, node);
    const withTrail = { ...problem, trail: [...problem.trail, node] };
    if (at.kind === 'question') return ask({ ...state, problem: withTrail }, { kind: 'tree', node }, lead);
    return showFix(state, withTrail, at.topic.id, at.cause.id, lead);
  }

  function showFix(
    state: CaseState,
    problem: Problem,
    topic: string,
    cause: string,
    lead: readonly string[] = [],
  ): Outcome {
    const tried: Problem = { ...problem, tried: [...problem.tried, { topic, cause, outcome: 'pending' }] };
    return ask({ ...state, problem: tried }, { kind: 'did-it-work', topic, cause }, lead);
  }

  /** The topic's other causes in order of likelihood, then the general connector checks. */
  function nextFix(problem: Problem): { topic: string; cause: string } | undefined {
    const untried = (topic: Topic) =>
      topic.causes.find((c) => !problem.tried.some((t) => t.topic === topic.id && t.cause === c.id));
    const own = untried(topicOf(problem.topic));
    if (own) return { topic: problem.topic, cause: own.id };
    const general = untried(topicOf(kb.fallbackTopic));
    return general ? { topic: kb.fallbackTopic, cause: general.id } : undefined;
  }

  function afterFix(state: CaseState, worked: boolean): Outcome {
    const problem = problemOf(state);
    const marked: Problem = {
      ...problem,
      tried: problem.tried.map((t, i) =>
        i === problem.tried.length - 1 && !worked ? { ...t, outcome: 'failed' as const } : t,
      ),
    };
    if (worked) return done(say('fixed', messages.fixed), marked);
    const next = nextFix(marked);
    if (next)
      return showFix(state, marked, next.topic, next.cause, [
        next.topic === marked.topic ? messages.nextCause : messages.generalChecks,
      ]);
    return done(say('summary', `${messages.summaryIntro}\n\n${caseSummary(kb, marked)}`));
  }

  // --- the first message of a problem ------------------------------------------------------------

  function startTopic(
    state: CaseState,
    problem: Problem,
    lead: readonly string[],
    knownCause?: string,
  ): Outcome {
    const start = startWalk(kb, problem.topic, knownCause);
    return goTo({ ...state, misses: 0 }, problem, start.nodeId, lead);
  }

  function understand(state: CaseState, text: string): Outcome {
    const smallTalk = smallTalkOf(text);
    if (smallTalk)
      return done(smallTalk === 'greeting' ? say('intro', messages.intro) : say('thanks', messages.thanks));
    const r = recogniser.recognise(text);
    if (r.decision === 'match') {
      const topic = topicOf(r.topic);
      const cause = r.cause?.reason === 'cue' ? topic.causes.find((c) => c.id === r.cause?.cause) : undefined;
      const lead = [messages.named(topic.title), ...(cause ? [messages.causeKnown(cause.summary)] : [])];
      return startTopic(state, newProblem(text, topic.id), lead, r.cause?.cause);
    }
    if (r.decision === 'ambiguous')
      return ask(
        {
          ...state,
          misses: 0,
          problem: newProblem(text.slice(0, MAX_ANALYSED_CHARS), r.candidates[0]!.topic),
        },
        { kind: 'pick-topic', candidates: r.candidates.map((c) => c.topic) },
      );
    return outOfScope(state, r);
  }

  function outOfScope(state: CaseState, r: Extract<Recognition, { decision: 'out-of-scope' }>): Outcome {
    const neighbour = r.neighbour && kb.neighbours.find((n) => n.id === r.neighbour?.id);
    if (neighbour)
      return done({
        kind: 'neighbour',
        lead: [messages.neighbour(neighbour.product, neighbour.why, neighbour.links)],
        about: { neighbour: neighbour.id },
      });
    if (r.reason === 'not-a-problem')
      return done(say('not-a-problem', messages.notAProblem(kb.outOfScope.notAProblem.links)));
    const misses = state.misses + 1;
    if (misses >= 2) return ask({ misses: 0 }, { kind: 'area' }, [messages.outOfScopeAgain]);
    return {
      state: { misses },
      reply: say(
        'out-of-scope',
        r.reason === 'foreign-error' ? messages.outOfScopeForeign : messages.outOfScope,
      ),
    };
  }

  // --- an answer to the question on screen -------------------------------------------------------

  function answered(state: CaseState, pending: Pending, index: number): Outcome {
    switch (pending.kind) {
      case 'pick-topic': {
        const topicId = pending.candidates[index];
        const reported = state.problem?.text ?? '';
        if (!topicId) return done(say('out-of-scope', messages.rephrase));
        return startTopic(
          state,
          { ...newProblem(reported, topicId) },
          [],
          recogniser.detectCause(topicId, reported)?.cause,
        );
      }
      case 'area':
        return ask(state, { kind: 'topic-in-area', area: areas()[index]! });
      case 'topic-in-area': {
        const topic = topicsIn(pending.area)[index]!;
        return startTopic(state, newProblem(`(chosen from the menu: ${topic.label})`, topic.id), [
          messages.named(topic.title),
        ]);
      }
      case 'tree': {
        const problem = problemOf(state);
        const at = stepAt(kb, problem.topic, pending.node);
        if (at.kind !== 'question')
          throw new UnknownPositionError(`node '${pending.node}' is not a question`);
        const choice = at.question.choices[index]!;
        const next: Problem = {
          ...problem,
          answers: [...problem.answers, { question: at.question.text, answer: choice.label }],
        };
        if (typeof choice.next === 'string') return goTo(state, next, choice.next);
        // A triage answer names the topic: go on with its tree, as if the message had named it.
        const topic = topicOf(choice.next.topic);
        return startTopic(
          state,
          { ...next, topic: topic.id, trail: [] },
          [messages.named(topic.title)],
          recogniser.detectCause(topic.id, next.text)?.cause,
        );
      }
      case 'did-it-work':
        return afterFix(state, index === 0);
      case 'after-failure':
      case 'audience':
        throw new UnknownPositionError(`question '${pending.kind}' is not asked by this version`);
    }
  }

  /** What a typed message says about the question on screen. */
  function typedAnswer(state: CaseState, pending: Pending, text: string): Outcome {
    const question = questionFor(state, pending);
    const index = matchChoice(
      {
        type: 'question',
        text: question.text,
        choices: question.choices.map((c, i) => ({
          label: c.label,
          aliases: [...(c.aliases ?? [])],
          next: String(i),
          ...(c.means ? { means: c.means } : {}),
        })),
      },
      text,
    );
    if (index !== undefined) return answered(state, pending, index);
    const r = recogniser.recognise(text);
    const specific = r.evidence.some((e) => e.kind !== 'foreign-error');
    // A different error, not an answer: start over with it, no need to cancel first.
    if (r.decision === 'match' || (r.decision === 'ambiguous' && specific))
      return understand({ misses: 0 }, text);
    // Just the question again: the fix it asks about is right above.
    return ask(state, pending, [messages.retry], 'brief');
  }

  return {
    next(given, input) {
      const state = given ?? NEW_CASE;
      if (input.kind === 'stale-click') {
        if (state.pending) return ask(state, state.pending, [messages.staleClick], 'whole');
        return done(say('stale', messages.staleClick.replace(/ Here's where we are:$/, '')));
      }
      if (input.kind === 'text') {
        const command = commandOf(input.text);
        if (command === 'cancel')
          return done(say('cancelled', state.pending ? messages.cancelled : messages.nothingToCancel));
        if (command === 'restart') return done(say('intro', `${messages.restarted}\n\n${messages.intro}`));
        if (command === 'help') return ask({ misses: 0 }, { kind: 'area' }, [messages.intro]);
      }
      if (!state.pending) {
        if (input.kind === 'choice')
          return done(say('stale', messages.staleClick.replace(/ Here's where we are:$/, '')));
        return understand(state, input.text);
      }
      if (input.kind === 'choice') {
        if (!questionFor(state, state.pending).choices[input.index])
          return ask(state, state.pending, [messages.staleClick], 'whole');
        return answered(state, state.pending, input.index);
      }
      if (!input.text.trim()) return ask(state, state.pending, [messages.retry], 'brief');
      return typedAnswer(state, state.pending, input.text);
    },
  };
}
