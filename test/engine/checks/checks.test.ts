import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCheckReader } from '../../../src/engine/checks';
import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';

// Every guided check reads the outputs people paste as the outcome they show, and is used by a tree.

const kb = loadKnowledge(defaultKnowledgeDir());
const reader = createCheckReader(kb.checks);
const bank = (
  JSON.parse(fs.readFileSync(path.join(__dirname, 'samples.json'), 'utf8')) as {
    samples: Record<string, { outcome: string; output: string }[]>;
  }
).samples;

describe.each([...kb.checks.keys()])('the %s check', (id) => {
  const check = kb.checks.get(id)!;
  const samples = bank[id] ?? [];

  it('has at least two test outputs for every outcome', () => {
    const short = check.outcomes
      .filter((o) => samples.filter((s) => s.outcome === o.id).length < 2)
      .map((o) => o.id);
    expect(short).toEqual([]);
  });

  it.each(samples.map((s) => [s.outcome, s.output] as const))('reads as %s: %s', (outcome, output) => {
    const read = reader.read(id, output);
    expect(read.isOutput).toBe(true);
    expect(read.outcome?.id).toBe(outcome);
  });

  it('is asked in at least one topic tree', () => {
    const users = [...kb.topics.values()].filter((t) =>
      Object.values(t.tree.nodes).some((n) => n.type === 'check' && n.check === id),
    );
    expect(users.length).toBeGreaterThan(0);
  });

  it('takes words that are not its output as no output', () => {
    expect(reader.read(id, 'we restarted the server yesterday and nothing changed').isOutput).toBe(false);
  });
});

describe('an output pasted on its own', () => {
  it('names the problem and cause its outcome shows', () => {
    const seen = reader.identify(bank['connector-services']!.find((s) => s.outcome === 'stopped')!.output);
    expect(seen?.check.id).toBe('connector-services');
    expect(seen?.outcome.shows).toEqual({ topic: 'connector-health', cause: 'service-not-running' });
  });

  it('names nothing when its outcome proves nothing wrong', () => {
    expect(reader.identify(bank['connector-services']!.find((s) => s.outcome === 'running')!.output)).toBe(
      undefined,
    );
  });

  it('stays bounded on a huge paste', () => {
    const huge = `Running WAPCSvc ${'x'.repeat(500_000)}`;
    expect(reader.read('connector-services', huge).outcome?.id).toBe('running');
  });
});
