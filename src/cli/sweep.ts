import * as fs from 'node:fs';
import { evaluate, parseCases, type LabelledCase } from '../engine/evaluate';
import { loadKnowledge } from '../engine/knowledge';
import { defaultKnowledgeDir } from '../engine/paths';
import { createRecogniser, DEFAULT_THRESHOLDS, OUT_OF_SCOPE, type Thresholds } from '../engine/recogniser';

// `npm run sweep -- FILE.jsonl ...`: how each threshold moves the metrics, one at a time around
// the defaults, on our own held-out phrasings plus the given files. Used to choose the defaults.

const kb = loadKnowledge(defaultKnowledgeDir());
const heldOut: LabelledCase[] = [
  ...[...kb.topics.values()].flatMap((t) => t.heldOut.map((text) => ({ text, topic: t.id }))),
  ...kb.outOfScope.heldOut.map((text) => ({ text, topic: OUT_OF_SCOPE })),
];
const sets: [string, LabelledCase[]][] = [
  ['held-out', heldOut],
  ...process.argv
    .slice(2)
    .map((f) => [f.split('/').pop()!, parseCases(fs.readFileSync(f, 'utf8'), f)] as [string, LabelledCase[]]),
];

const grid: Partial<Record<keyof Thresholds, number[]>> = {
  relevance: [0.3, 0.4, 0.5, 0.6, 0.7],
  relevanceDomain: [0.5, 0.6, 0.7, 0.8, 0.9],
  relevanceNoDomain: [0.6, 0.7, 0.8, 0.9, 0.95],
  relevanceTemperature: [1, 2, 3, 4, 6],
  topicTemperature: [1.5, 2, 2.5, 3, 4],
  accept: [0.3, 0.4, 0.45, 0.5, 0.6],
  acceptDominant: [0.1, 0.15, 0.2, 0.25, 0.3],
  dominance: [2, 2.5, 3, 4, 5],
  ambiguousMargin: [0.1, 0.15, 0.2, 0.25, 0.3],
  floor: [0.1, 0.15, 0.2, 0.25, 0.3],
  askNamed: [0.15, 0.2, 0.3, 0.4, 0.5],
  signatureCoverage: [0.4, 0.5, 0.6, 0.7, 0.8],
};

for (const [key, values] of Object.entries(grid) as [keyof Thresholds, number[]][]) {
  console.log(`\n${key} (default ${DEFAULT_THRESHOLDS[key]})`);
  for (const value of values) {
    const recogniser = createRecogniser(kb, { ...DEFAULT_THRESHOLDS, [key]: value });
    const cells = sets.map(([name, cases]) => {
      const s = evaluate(recogniser, cases).summary;
      return `${name}: top1 ${s.top1.toFixed(3)} top3 ${s.top3.toFixed(3)} oosR ${s.oosRecall.toFixed(2)} oosFA ${s.oosFalseAccept.toFixed(2)}`;
    });
    console.log(`  ${String(value).padEnd(5)} ${cells.join(' | ')}`);
  }
}
