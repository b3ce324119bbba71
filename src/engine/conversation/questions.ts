import type { KnowledgeBase } from '../knowledge';
import type { Area, Check, CheckNode, QuestionNode, Topic } from '../knowledgeSchema';
import { stepAt, UnknownPositionError } from '../walk';
import { AREA_LABELS, messages } from './messages';
import type { ReplyQuestion } from './reply';
import type { CaseState, Pending, Problem } from './state';

// What each pending question looks like. The wording is rebuilt from the knowledge every turn, so
// a saved case only keeps references (topic, node, cause) and survives a change of wording.

export function topicOf(kb: KnowledgeBase, id: string): Topic {
  const topic = kb.topics.get(id);
  if (!topic) throw new UnknownPositionError(`unknown topic '${id}'`);
  return topic;
}

export function problemOf(state: CaseState): Problem {
  if (!state.problem) throw new UnknownPositionError('no problem is being worked on');
  return state.problem;
}

export function areasOf(kb: KnowledgeBase): Area[] {
  const present = new Set([...kb.topics.values()].map((t) => t.area));
  return (Object.keys(AREA_LABELS) as Area[]).filter((a) => present.has(a));
}

export function topicsIn(kb: KnowledgeBase, area: Area): Topic[] {
  const topics = [...kb.topics.values()].filter((t) => t.area === area);
  if (!topics.length) throw new UnknownPositionError(`no topic is in area '${area}'`);
  return topics;
}

/** The tree question at `node` of the problem's topic. */
export function treeQuestion(kb: KnowledgeBase, state: CaseState, node: string): QuestionNode {
  const at = stepAt(kb, problemOf(state).topic, node);
  if (at.kind !== 'question') throw new UnknownPositionError(`node '${node}' is not a question`);
  return at.question;
}

/** The check a tree question on screen runs, if it is one. */
export function checkAt(
  kb: KnowledgeBase,
  state: CaseState,
  pending: Pending,
): { readonly check: Check; readonly node: CheckNode } | undefined {
  if (pending.kind !== 'tree' || !state.problem) return undefined;
  const at = stepAt(kb, state.problem.topic, pending.node);
  const check = at.kind === 'question' && at.check ? kb.checks.get(at.check.check) : undefined;
  return check && at.kind === 'question' && at.check ? { check, node: at.check } : undefined;
}

// Someone using the app, not running it, can't act on an admin's fix: where users see the error
// themselves, "did that fix it?" also offers to write up what to tell IT.
const USER_FACING: ReadonlySet<Area> = new Set(['user-access', 'publishing']);

export function questionFor(kb: KnowledgeBase, state: CaseState, pending: Pending): ReplyQuestion {
  switch (pending.kind) {
    case 'pick-topic': {
      const topics = pending.candidates.map((id) => topicOf(kb, id));
      return {
        text: pending.confirm && topics[0] ? messages.confirmTopic(topics[0].title) : messages.whichTopic,
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
      return { text: messages.menuQuestion, choices: areasOf(kb).map((a) => ({ label: AREA_LABELS[a] })) };
    case 'topic-in-area': {
      const topics = topicsIn(kb, pending.area);
      return {
        text: messages.menuTopicQuestion(AREA_LABELS[pending.area]),
        choices: topics.map((t) => ({ label: t.label, aliases: [t.title] })),
      };
    }
    case 'tree': {
      const question = treeQuestion(kb, state, pending.node);
      const check = checkAt(kb, state, pending)?.check;
      return {
        text: question.text,
        choices: question.choices,
        ...(check
          ? {
              details: [messages.runCheck(messages.checkWhere[check.where], check.shell, check.shows)],
              command: {
                run: check.command,
                shell: check.shell,
                where: messages.checkWhere[check.where],
                shows: check.shows,
              },
            }
          : {}),
      };
    }
    case 'did-it-work': {
      const userFacing = USER_FACING.has(topicOf(kb, pending.topic).area) && state.audience !== 'admin';
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
          ...(userFacing
            ? [{ label: messages.notAdmin, aliases: ['not the admin', 'not an admin', 'not admin'] }]
            : []),
        ],
      };
    }
    case 'after-failure':
      return {
        text: messages.afterFailure,
        choices: [
          {
            label: messages.sameError,
            aliases: ['same', 'same one', 'the same', 'same thing', 'same message'],
          },
          {
            label: messages.differentError,
            aliases: [
              'different',
              'different error',
              'something else',
              'new error',
              'another error',
              'it changed',
            ],
          },
        ],
      };
    case 'new-evidence':
      return { text: pending.partly ? messages.whatIsLeft : messages.pasteNewError, choices: [] };
  }
}

/** The question a typed answer is matched against: the reply question as a tree node. */
export function asNode(question: ReplyQuestion): QuestionNode {
  return {
    type: 'question',
    text: question.text,
    choices: question.choices.map((c, i) => ({
      label: c.label,
      aliases: [...(c.aliases ?? [])],
      next: String(i),
      ...(c.means ? { means: c.means } : {}),
    })),
  };
}
