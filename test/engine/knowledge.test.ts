import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KnowledgeError, loadKnowledge } from '../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../src/engine/paths';

const realDir = defaultKnowledgeDir();
const contract = JSON.parse(fs.readFileSync(path.join(realDir, 'topics.json'), 'utf8')) as {
  topics: Record<string, string[]>;
};
const sharedTopicsMd = path.join(realDir, '..', '..', 'shared', 'topics.md');

type Json = Record<string, unknown> & {
  tree: { start: string; nodes: Record<string, Record<string, unknown>> };
};

/** A copy of the real knowledge folder with one file changed by `edit`. */
function brokenCopy(file: string, edit: (json: Json) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
  const copy = path.join(dir, 'knowledge');
  fs.cpSync(realDir, copy, { recursive: true });
  const json = JSON.parse(fs.readFileSync(path.join(copy, file), 'utf8')) as Json;
  edit(json);
  fs.writeFileSync(path.join(copy, file), JSON.stringify(json));
  return copy;
}

function problemsOf(dir: string): string[] {
  try {
    loadKnowledge(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return [...(err as KnowledgeError).problems];
  }
  throw new Error('expected the knowledge to be rejected');
}

const FILE = 'registration-one-or-more-errors.json';

describe('the shipped knowledge', () => {
  const kb = loadKnowledge(realDir);

  it('has a valid file for every topic of the contract, with exactly its causes', () => {
    expect([...kb.topics.keys()].sort()).toEqual(Object.keys(contract.topics).sort());
    for (const [id, causes] of Object.entries(contract.topics))
      expect(
        kb.topics
          .get(id)!
          .causes.map((c) => c.id)
          .sort(),
      ).toEqual([...causes].sort());
  });

  // The contract is a copy of shared/topics.md; when that file is beside the repo, they must agree.
  (fs.existsSync(sharedTopicsMd) ? it : it.skip)('agrees with shared/topics.md', () => {
    const md = fs.readFileSync(sharedTopicsMd, 'utf8');
    const rows = [...md.matchAll(/^\| `([a-z0-9-]+)` \|[^|]*\|(.*)\|$/gm)].filter(
      ([, id]) => id !== 'out-of-scope',
    );
    expect(rows.length).toBe(Object.keys(contract.topics).length);
    for (const [, id, causes] of rows) {
      const listed = [...causes!.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).sort();
      expect([id, listed]).toEqual([id, [...contract.topics[id!]!].sort()]);
    }
  });

  it('gives every topic at least 12 example phrasings and some held-out ones', () => {
    for (const topic of kb.topics.values()) {
      expect(topic.examples.length).toBeGreaterThanOrEqual(12);
      expect(topic.heldOut.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps held-out phrasings out of the training examples', () => {
    for (const topic of kb.topics.values())
      for (const h of topic.heldOut) expect(topic.examples).not.toContain(h);
  });

  it('gives every fix numbered steps and an https doc link', () => {
    for (const topic of kb.topics.values())
      for (const cause of topic.causes) {
        expect(cause.fix.steps.length).toBeGreaterThan(0);
        for (const link of cause.fix.links) expect(link.url).toMatch(/^https:\/\//);
      }
  });

  it('never trains on lines of the evaluation sets', () => {
    const evalDir = path.join(realDir, '..', 'test', 'eval');
    const evalTexts = new Set(
      fs
        .readdirSync(evalDir)
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => fs.readFileSync(path.join(evalDir, f), 'utf8').split('\n'))
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { text: string }).text.trim().toLowerCase()),
    );
    const training = [...kb.topics.values()]
      .flatMap((t) => [...t.examples, ...t.heldOut])
      .concat(kb.outOfScope.examples);
    for (const line of training) expect(evalTexts.has(line.trim().toLowerCase())).toBe(false);
  });
});

describe('loading invalid knowledge fails with the file and the field', () => {
  const cases: [string, (j: Json) => void, RegExp][] = [
    [
      'an unknown topic id',
      (j) => (j.id = 'registration-mystery'),
      /registration-one-or-more-errors\.json: id: 'registration-mystery' does not match the file name/,
    ],
    [
      'an unknown cause id',
      (j) => ((j.causes as { id: string }[])[0]!.id = 'gremlins'),
      /registration-one-or-more-errors\.json: causes\[0\]\.id: 'gremlins' is not a cause of 'registration-one-or-more-errors'/,
    ],
    [
      'a next that points nowhere',
      (j) => ((j.tree.nodes['closed-by-itself']!.choices as { next: string }[])[0]!.next = 'nowhere'),
      /registration-one-or-more-errors\.json: tree\.nodes\.closed-by-itself\.choices\[0\]\.next: points to 'nowhere', which is not a node/,
    ],
    [
      'an unreachable node',
      (j) => (j.tree.nodes['orphan'] = { type: 'fix', cause: 'network-blocked' }),
      /registration-one-or-more-errors\.json: tree\.nodes\.orphan: unreachable from tree\.start/,
    ],
    [
      'a cause no path reaches',
      (j) => ((j.tree.nodes['closed-by-itself']!.choices as { next: string }[])[1]!.next = 'fix-network'),
      /causes\[1\]\.id: cause 'sign-in-window-closed' has no fix node reachable in the tree/,
    ],
    [
      'a cycle',
      (j) =>
        ((j.tree.nodes['closed-by-itself']!.choices as { next: string }[])[1]!.next = 'closed-by-itself'),
      /tree\.nodes\.closed-by-itself: a choice leads back to 'closed-by-itself', which makes a cycle/,
    ],
    [
      'duplicate choice labels',
      (j) =>
        ((j.tree.nodes['closed-by-itself']!.choices as { label: string }[])[1]!.label = 'Yes, by itself'),
      /tree\.nodes\.closed-by-itself\.choices\[1\]\.label: 'Yes, by itself' duplicates choices\[0\]\.label/,
    ],
    [
      'a missing fix',
      (j) => delete (j.causes as Record<string, unknown>[])[0]!.fix,
      /registration-one-or-more-errors\.json: causes\[0\]\.fix: /,
    ],
    [
      'a fix without steps',
      (j) => ((j.causes as { fix: { steps: unknown[] } }[])[0]!.fix.steps = []),
      /causes\[0\]\.fix\.steps: a fix needs at least one step/,
    ],
    [
      'a choice label too long for a Teams button',
      (j) =>
        ((j.tree.nodes['closed-by-itself']!.choices as { label: string }[])[0]!.label =
          'Yes, it closed all by itself'),
      /choices\[0\]\.label: must be at most 20 characters/,
    ],
    [
      'a cue that is not a regular expression',
      (j) => ((j.causes as { cues: string[] }[])[0]!.cues = ['(unclosed']),
      /causes\[0\]\.cues\[0\]: not a valid regular expression/,
    ],
    [
      'too few example phrasings',
      (j) => (j.examples = ['one', 'two']),
      /examples: needs at least 12 example phrasings/,
    ],
    [
      'an unexpected field',
      (j) => (j.colour = 'blue'),
      /registration-one-or-more-errors\.json: \(root\): Unrecognized key/,
    ],
    [
      "a fix node whose cause is not the topic's",
      (j) => (j.tree.nodes['fix-network']!.cause = 'ports-blocked'),
      /tree\.nodes\.fix-network\.cause: 'ports-blocked' is not a cause of this topic/,
    ],
    [
      'a start that is not a node',
      (j) => (j.tree.start = 'begin'),
      /tree\.start: points to 'begin', which is not a node/,
    ],
  ];

  it.each(cases)('names %s', (_name, edit, message) => {
    const problems = problemsOf(brokenCopy(FILE, edit));
    expect(problems.join('\n')).toMatch(message);
  });

  it('names a file that is not JSON', () => {
    const dir = brokenCopy(FILE, () => undefined);
    fs.writeFileSync(path.join(dir, 'kerberos-13016.json'), '{ "id": ');
    expect(problemsOf(dir).join('\n')).toMatch(/knowledge\/kerberos-13016\.json: .*JSON/);
  });

  it('names a topic of the contract that has no file', () => {
    const dir = brokenCopy(FILE, () => undefined);
    fs.rmSync(path.join(dir, 'kerberos-13016.json'));
    expect(problemsOf(dir)).toContain(
      "knowledge/kerberos-13016.json: file is missing (topic 'kerberos-13016' of topics.json)",
    );
  });

  it('names a topic file the contract does not know', () => {
    const dir = brokenCopy(FILE, () => undefined);
    const extra = JSON.parse(fs.readFileSync(path.join(dir, FILE), 'utf8')) as Json;
    extra.id = 'made-up-topic';
    fs.writeFileSync(path.join(dir, 'made-up-topic.json'), JSON.stringify(extra));
    expect(problemsOf(dir)).toContain(
      "knowledge/made-up-topic.json: id: 'made-up-topic' is not a topic of topics.json",
    );
  });
});
