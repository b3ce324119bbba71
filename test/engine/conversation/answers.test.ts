import * as fs from 'node:fs';
import * as path from 'node:path';
import { createConversation } from '../../../src/engine/conversation/core';
import { newProblem } from '../../../src/engine/conversation/caseFile';
import type { CaseState } from '../../../src/engine/conversation/state';
import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';
import { createRecogniser } from '../../../src/engine/recogniser';

// Answers to each tree question typed in the user's own words (written, with the aliases, by a
// helper; not copies of the aliases): each must pick the choice it means.

const kb = loadKnowledge(defaultKnowledgeDir());
const core = createConversation(kb, createRecogniser(kb));
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'answers.cases.json'), 'utf8')) as {
  topic: string;
  node: string;
  choice: string;
  text: string;
}[];

/** The case with the question `node` of `topic` on screen. */
const at = (topic: string, node: string): CaseState => ({
  misses: 0,
  problem: { ...newProblem('', topic), trail: [node] },
  pending: { kind: 'tree', node },
});

describe('typed answers to every question of every topic', () => {
  it.each(cases.map((c) => [c.topic, c.node, c.choice, c.text] as const))(
    '%s/%s → %s: "%s"',
    (topic, node, choice, text) => {
      const { state } = core.next(at(topic, node), { kind: 'text', text });
      const question = kb.topics.get(topic)!.tree.nodes[node]!;
      if (question.type === 'fix') throw new Error(`${topic}/${node} is not a question`);
      const answer = state?.problem?.answers.find((a) => a.question === question.text);
      // A triage answer that pastes the error itself goes straight on with that error's topic.
      const next = question.choices.find((c) => c.label === choice)!.next;
      if (!answer && typeof next !== 'string') expect(state?.problem?.topic).toBe(next.topic);
      else expect(answer?.answer).toBe(choice);
    },
  );
});
