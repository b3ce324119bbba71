import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInference } from '../../../src/engine/conversation/inference';
import { loadKnowledge } from '../../../src/engine/knowledge';
import type { QuestionNode } from '../../../src/engine/knowledgeSchema';
import { defaultKnowledgeDir } from '../../../src/engine/paths';

const kb = loadKnowledge(defaultKnowledgeDir());
const inference = createInference(kb);
const question = (topic: string, node: string) => kb.topics.get(topic)!.tree.nodes[node] as QuestionNode;
const labelOf = (topic: string, node: string, index: number | undefined) =>
  index === undefined ? undefined : question(topic, node).choices[index]!.label;

// Sentences that rule each cause out, and near misses that must not (knowledge/…rulesOut).
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'rulings.cases.json'), 'utf8')) as Record<
  string,
  { positives: string[]; negatives: string[] }
>;
const topicWith = (cause: string) =>
  [...kb.topics.values()].find((t) => t.causes.some((c) => c.id === cause))!.id;

describe('rulings: what a message rules out', () => {
  const rows = Object.entries(cases).flatMap(([cause, { positives, negatives }]) => [
    ...positives.map((text) => [cause, text, true] as const),
    ...negatives.map((text) => [cause, text, false] as const),
  ]);
  it.each(rows)('%s: "%s" rules it out: %s', (cause, text, out) => {
    expect(inference.rulings(topicWith(cause), text).denied.includes(cause)).toBe(out);
  });

  it('rules nothing out when asked not to (a long first post)', () => {
    expect(inference.rulings('not-assigned', 'she is assigned directly', false).denied).toEqual([]);
  });

  it('counts a cue in a question or a plan for nothing', () => {
    const text = 'should i uninstall and reinstall the connector on both servers?';
    expect(inference.rulings('connector-inactive', text).stated).not.toContain('connector-group-empty');
  });
});

describe('choose: a question answered in the user’s words', () => {
  it.each([
    ['not-assigned', 'personal-or-guest', "he is not a guest, he's a regular employee", 'No, work account'],
    ['not-assigned', 'personal-or-guest', "they're all staff, no guests", 'No, work account'],
    [
      'not-assigned',
      'personal-or-guest',
      'she works for our partner agency, we invited her as a b2b guest',
      'Yes, personal/guest',
    ],
    ['config-download-failed', 'behind-proxy', 'we are not behind a proxy', 'No, direct'],
    ['config-download-failed', 'behind-proxy', 'we go through a zscaler proxy', 'Yes, via a proxy'],
    [
      'registration-one-or-more-errors',
      'closed-by-itself',
      'the login window opens and closes in like half a second',
      'Yes, by itself',
    ],
    ['status-bad-gateway', 'sso-off', "there's no sso on it", 'No / no SSO in use'],
    // A choice's words said only to set its cause aside ("pfx" while the cert is fine) don't pick it.
    [
      'host-name-not-found',
      'what',
      'the cert is fine, we uploaded the new pfx last month and the portal shows it valid',
      'Name not found',
    ],
  ])('%s/%s: "%s" → %s', (topic, node, text, label) => {
    expect(labelOf(topic, node, inference.choose(topic, question(topic, node), text).index)).toBe(label);
  });

  it('never takes "not sure" from earlier words', () => {
    const q = question('not-assigned', 'personal-or-guest');
    expect(
      inference.choose('not-assigned', q, "I'm not IT, no idea what that means", true).index,
    ).toBeUndefined();
  });

  it('asks when earlier words point at two causes', () => {
    const q = question('kcd-sso-fails', 'http2');
    const text = 'connectors on server 2022, and the clock on conn02 is 9 minutes ahead of the DCs';
    expect(inference.choose('kcd-sso-fails', q, text, true).index).toBeUndefined();
  });

  it('reports a choice whose words are only denied, so a fuzzy match cannot pick it', () => {
    const q = question('not-assigned', 'personal-or-guest');
    const { denied } = inference.choose('not-assigned', q, 'not a guest account');
    expect(denied).toContain(0);
  });
});
