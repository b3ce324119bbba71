import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KnowledgeError, loadKnowledge } from '../../src/engine/knowledge';
import type { Cause } from '../../src/engine/knowledgeSchema';
import { defaultKnowledgeDir } from '../../src/engine/paths';
import { pathToTopic } from '../../src/engine/walk';

const realDir = defaultKnowledgeDir();
const contract = JSON.parse(fs.readFileSync(path.join(realDir, 'topics.json'), 'utf8')) as {
  topics: Record<string, string[]>;
  triage: Record<string, string[]>;
  neighbours: string[];
};
const sharedTopicsMd = path.join(realDir, '..', '..', 'shared', 'topics.md');

/**
 * The ids of shared/topics.md: each topic's causes (the backticked ids of its last column that are
 * not topics), a triage topic's targets (those that are), and the neighbour table's ids, read
 * apart by their section so a neighbour is never taken for a topic.
 */
function readTopicsMd(md: string): {
  topics: Record<string, string[]>;
  triage: Record<string, string[]>;
  neighbours: string[];
} {
  const [topicPart, rest = ''] = md.split(/^## Neighbours\b.*$/m);
  const neighbourPart = rest.split(/^## /m)[0]!;
  const rows = [...topicPart!.matchAll(/^\| `([a-z0-9-]+)` \|[^|]*\|[^|]*\|(.*)\|$/gm)].map(
    ([, id, last]) => [id!, [...last!.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!)] as const,
  );
  const topicIds = new Set(rows.map(([id]) => id));
  const topics: Record<string, string[]> = {};
  const triage: Record<string, string[]> = {};
  for (const [id, ids] of rows) {
    topics[id] = ids.filter((x) => !topicIds.has(x)).sort();
    const targets = ids.filter((x) => topicIds.has(x)).sort();
    if (targets.length) triage[id] = targets;
  }
  const neighbours = [...neighbourPart.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!).sort();
  return { topics, triage, neighbours };
}

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
  (fs.existsSync(sharedTopicsMd) ? it : it.skip)(
    'agrees with shared/topics.md: topics, causes, triage and neighbours',
    () => {
      const md = fs.readFileSync(sharedTopicsMd, 'utf8');
      const expected = readTopicsMd(md);
      expect(Object.keys(expected.topics).sort()).toEqual(Object.keys(contract.topics).sort());
      for (const [id, causes] of Object.entries(expected.topics))
        expect([id, causes]).toEqual([id, [...contract.topics[id]!].sort()]);
      expect(expected.triage).toEqual(
        Object.fromEntries(Object.entries(contract.triage).map(([id, to]) => [id, [...to].sort()])),
      );
      expect(expected.neighbours).toEqual([...contract.neighbours].sort());
      // The loaded knowledge has every neighbour, with its own entry.
      expect(kb.neighbours.map((n) => n.id).sort()).toEqual(expected.neighbours);
    },
  );

  it('gives every triage topic a question whose answers lead to exactly its topics', () => {
    for (const [id, targets] of kb.triage) {
      const topic = kb.topics.get(id)!;
      expect(topic.causes).toEqual([]);
      for (const target of targets)
        expect([target, pathToTopic(topic, target)]).toEqual([target, expect.any(Array)]);
    }
  });

  it('writes a shared cause once: every topic that has it shows the same summary and fix', () => {
    const byId = new Map<string, Cause[]>();
    for (const topic of kb.topics.values())
      for (const cause of topic.causes) byId.set(cause.id, [...(byId.get(cause.id) ?? []), cause]);
    for (const [id, uses] of byId) {
      if (uses.length < 2) continue;
      for (const use of uses) {
        expect([id, use.shared]).toEqual([id, true]);
        expect(use.fix).toBe(uses[0]!.fix);
        expect(use.summary).toBe(uses[0]!.summary);
      }
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
        // Labelled lines have a text; conversation stories have the user's turns.
        .flatMap((l) => {
          const parsed = JSON.parse(l) as { text?: string; turns?: { user: string }[] };
          return parsed.text !== undefined ? [parsed.text] : (parsed.turns ?? []).map((t) => t.user);
        })
        .map((t) => t.trim().toLowerCase()),
    );
    const training = [...kb.topics.values()]
      .flatMap((t) => [...t.examples, ...t.heldOut])
      .concat(kb.outOfScope.examples, kb.outOfScope.heldOut)
      .concat(kb.neighbours.flatMap((n) => [...n.examples, ...n.heldOut]));
    // An error text exactly as the product prints it is in both by nature: it is not a dev line.
    const printed = new Set(
      [...kb.topics.values()].flatMap((t) => t.signatures.texts).map((t) => t.trim().toLowerCase()),
    );
    for (const line of training) {
      const key = line.trim().toLowerCase();
      if (!printed.has(key)) expect(evalTexts.has(key)).toBe(false);
    }
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
      'a context gate that is not a regular expression',
      (j) => ((j as unknown as { signatures: Record<string, string> }).signatures.notWith = '(single page'),
      /registration-one-or-more-errors\.json: signatures\.notWith: not a valid regular expression/,
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

/** A copy of the real knowledge folder with several files changed (a file edited to undefined is removed). */
function editedCopy(edits: Record<string, (json: Json) => Json | void>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
  const copy = path.join(dir, 'knowledge');
  fs.cpSync(realDir, copy, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const where = path.join(copy, file);
    const json = (fs.existsSync(where) ? JSON.parse(fs.readFileSync(where, 'utf8')) : {}) as Json;
    const result = edit(json) ?? json;
    fs.writeFileSync(where, JSON.stringify(result));
  }
  return copy;
}

type Choice = { label: string; next: string | { topic: string } };
const choicesOf = (j: Json, node: string) => j.tree.nodes[node]!.choices as Choice[];

describe('shared causes, triage and neighbours fail at load with the file and the field', () => {
  it('names a topic whose shared cause has no file', () => {
    const dir = editedCopy({});
    fs.rmSync(path.join(dir, 'causes', 'dc-spn-trust-or-clock.json'));
    expect(problemsOf(dir)).toContain(
      "knowledge/kerberos-13020.json: causes[0].id: shared cause 'dc-spn-trust-or-clock' has no file causes/dc-spn-trust-or-clock.json",
    );
  });

  it('names a shared cause written out again in a topic', () => {
    const shared = JSON.parse(
      fs.readFileSync(path.join(realDir, 'causes', 'dc-spn-trust-or-clock.json'), 'utf8'),
    ) as Record<string, unknown>;
    const dir = editedCopy({
      'kerberos-13020.json': (j) => {
        j.causes = [{ id: shared.id, summary: shared.summary, cues: [], fix: shared.fix }];
      },
    });
    expect(problemsOf(dir).join('\n')).toMatch(
      /kerberos-13020\.json: causes\[0\]: 'dc-spn-trust-or-clock' is a shared cause \(causes\/dc-spn-trust-or-clock\.json\)/,
    );
  });

  it('names a cause two topics both write out, which belongs in causes/', () => {
    const own = (JSON.parse(fs.readFileSync(path.join(realDir, FILE), 'utf8')) as Json).causes as Json[];
    const dir = editedCopy({
      'topics.json': (j) => {
        (j.topics as unknown as Record<string, string[]>)['registration-no-endpoint']!.push(
          'network-blocked',
        );
      },
      'registration-no-endpoint.json': (j) => {
        (j.causes as unknown[]).push(own.find((c) => c.id === 'network-blocked'));
        j.tree.nodes['extra-fix'] = { type: 'fix', cause: 'network-blocked' };
        const start = j.tree.start;
        j.tree.start = 'which';
        j.tree.nodes['which'] = {
          type: 'question',
          text: 'Which?',
          choices: [
            { label: 'Ports', next: start },
            { label: 'Network', next: 'extra-fix' },
          ],
        };
      },
    });
    expect(problemsOf(dir).join('\n')).toMatch(
      /registration-one-or-more-errors\.json: causes\[\d\]\.id: 'network-blocked' is also written out in registration-no-endpoint\.json: a cause several topics share goes in causes\/network-blocked\.json, once/,
    );
  });

  it('names a shared cause file whose id no topic has', () => {
    const dir = editedCopy({
      'causes/gremlins.json': () => ({
        ...(JSON.parse(fs.readFileSync(path.join(realDir, 'causes', 'tls-inspection.json'), 'utf8')) as Json),
        id: 'gremlins',
      }),
    });
    const problems = problemsOf(dir).join('\n');
    expect(problems).toMatch(
      /causes\/gremlins\.json: id: 'gremlins' is not a cause of any topic in topics\.json/,
    );
    expect(problems).toMatch(/causes\/gremlins\.json: no topic uses this shared cause/);
  });

  it('names a triage answer that leads to an unknown topic', () => {
    const dir = editedCopy({
      'cannot-be-accessed.json': (j) => {
        choicesOf(j, j.tree.start)[0]!.next = { topic: 'status-teapot' };
      },
    });
    expect(problemsOf(dir).join('\n')).toMatch(
      /cannot-be-accessed\.json: tree\.nodes\.status\.choices\[0\]\.next\.topic: 'status-teapot' is not a topic of topics\.json/,
    );
  });

  it('names a triage tree that misses one of its topics and one that leads outside its list', () => {
    const dir = editedCopy({
      'cannot-be-accessed.json': (j) => {
        const choice = choicesOf(j, j.tree.start).find(
          (c) => typeof c.next === 'object' && c.next.topic === 'no-license',
        )!;
        choice.next = { topic: 'kerberos-13020' };
      },
    });
    const problems = problemsOf(dir).join('\n');
    expect(problems).toMatch(
      /cannot-be-accessed\.json: tree: no answer leads to 'no-license' \(triage of topics\.json\)/,
    );
    expect(problems).toMatch(
      /cannot-be-accessed\.json: tree: leads to 'kerberos-13020', not in its triage list/,
    );
  });

  it('names answers that lead from topic to topic round in a loop', () => {
    const dir = editedCopy({
      'not-assigned.json': (j) => {
        choicesOf(j, j.tree.start)[0]!.next = { topic: 'cannot-be-accessed' };
        // The cause that choice reached is now reached no more: keep it reachable.
        choicesOf(j, j.tree.start).push({ label: 'Other', next: 'fix-guest' });
      },
    });
    expect(problemsOf(dir).join('\n')).toMatch(
      /tree: answers lead round in a loop: (cannot-be-accessed -> not-assigned -> cannot-be-accessed|not-assigned -> cannot-be-accessed -> not-assigned)/,
    );
  });

  it('names a loggedWith that is not another topic of the contract', () => {
    const dir = editedCopy({
      'kerberos-12027.json': (j) => {
        j.loggedWith = ['kerberos-99999'];
      },
    });
    expect(problemsOf(dir)).toContain(
      "knowledge/kerberos-12027.json: loggedWith[0]: 'kerberos-99999' is not another topic of topics.json",
    );
  });

  it('names a topic with no cause that is not a triage topic', () => {
    const dir = editedCopy({
      'topics.json': (j) => {
        delete (j.triage as unknown as Record<string, unknown>)['cannot-be-accessed'];
      },
    });
    expect(problemsOf(dir)).toContain(
      'knowledge/cannot-be-accessed.json: causes: a topic needs at least one cause, unless topics.json lists it under triage',
    );
  });

  it('names a neighbour the contract has but neighbours.json lacks, and a signal that is not a regex', () => {
    const dir = editedCopy({
      'neighbours.json': (j) => {
        const list = j.neighbours as unknown as { id: string; signals: string[] }[];
        j.neighbours = list.filter((n) => n.id !== 'application-gateway') as unknown as Json['neighbours'];
        list.find((n) => n.id === 'web-application-proxy')!.signals[0] = '(wap';
      },
    });
    const problems = problemsOf(dir).join('\n');
    expect(problems).toMatch(
      /neighbours\.json: neighbours: neighbour 'application-gateway' of topics\.json is missing/,
    );
    expect(problems).toMatch(
      /neighbours\.json: neighbours\[0\]\.signals\[0\]: not a valid regular expression/,
    );
  });

  it('names a neighbour that is not in the contract', () => {
    const dir = editedCopy({
      'neighbours.json': (j) => {
        const list = j.neighbours as unknown as { id: string }[];
        list[0]!.id = 'citrix-netscaler';
      },
    });
    expect(problemsOf(dir).join('\n')).toMatch(
      /neighbours\.json: neighbours\[0\]\.id: 'citrix-netscaler' is not a neighbour of topics\.json/,
    );
  });
});

describe('guided checks fail at load with the file and the field', () => {
  type CheckJson = {
    outcomes: { id: string; patterns: string[] }[];
    samples: { outcome: string; output: string }[];
  };
  const asCheck = (j: Json) => j as unknown as CheckJson;

  it('names a pattern that is not a regular expression', () => {
    const dir = editedCopy({
      'checks/winhttp-proxy.json': (j) => {
        asCheck(j).outcomes[0]!.patterns.push('(unclosed');
      },
    });
    expect(problemsOf(dir).join('\n')).toMatch(
      /knowledge\/checks\/winhttp-proxy\.json: outcomes\[0\]\.patterns\[\d+\]: not a valid regular expression/,
    );
  });

  it('names a sample that reads as another outcome, and an outcome with no sample', () => {
    const dir = editedCopy({
      'checks/winhttp-proxy.json': (j) => {
        const check = asCheck(j);
        check.samples = check.samples.map((s) => ({ ...s, outcome: 'direct' }));
      },
    });
    const problems = problemsOf(dir).join('\n');
    expect(problems).toMatch(/winhttp-proxy\.json: samples\[1\]\.output: reads as 'proxy-set', not 'direct'/);
    expect(problems).toMatch(/winhttp-proxy\.json: outcomes\[1\]: 'proxy-set' has no sample output/);
  });

  it('names a check node whose check does not exist, and one that leaves an outcome without a choice', () => {
    const dir = editedCopy({
      'connector-health.json': (j) => {
        (j.tree.nodes['service-running'] as unknown as { check: string }).check = 'crystal-ball';
      },
      'connector-inactive.json': (j) => {
        const node = j.tree.nodes['service'] as unknown as { choices: { outcome?: string }[] };
        delete node.choices.find((c) => c.outcome === 'missing')!.outcome;
      },
    });
    const problems = problemsOf(dir);
    expect(problems).toContain(
      "knowledge/connector-health.json: tree.nodes.service-running.check: 'crystal-ball' is not a check in checks/",
    );
    expect(problems).toContain(
      "knowledge/connector-inactive.json: tree.nodes.service: no choice stands for outcome 'missing' of 'connector-services'",
    );
  });
});

describe('Windows status codes fail at load with the file and the field', () => {
  it('names a code listed for a topic the contract does not have', () => {
    const dir = brokenCopy('windows-errors.json', (j) => {
      (j.errors as { topics: string[] }[])[1]!.topics.push('kerberos-99999');
    });
    expect(problemsOf(dir)).toContain(
      "knowledge/windows-errors.json: errors[1].topics[4]: 'kerberos-99999' is not a topic of topics.json",
    );
  });

  it('names a code not written as 0x and eight hex digits, and a missing file', () => {
    const dir = brokenCopy('windows-errors.json', (j) => {
      (j.errors as { code: string }[])[0]!.code = '80090303';
    });
    expect(problemsOf(dir).join('\n')).toMatch(/windows-errors\.json: errors\[0\]\.code: a code is 0x/);
    fs.rmSync(path.join(dir, 'windows-errors.json'));
    expect(problemsOf(dir).join('\n')).toMatch(/windows-errors\.json/);
  });
});
