import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBotApp } from '../../src/app';
import { evaluateDialogs } from '../../src/dialogEval';
import { parseCases } from '../../src/engine/evaluate';

// The whole bot, played by a simulated user who answers truthfully (see src/dialogEval.ts).
const app = createBotApp();
const evalDir = path.join(__dirname, '..', 'eval');

describe.each(['dev.jsonl', 'shadow.jsonl', 'holdout.jsonl'])('conversations on %s', (file) => {
  it('reach the right fix with few questions', async () => {
    const cases = parseCases(fs.readFileSync(path.join(evalDir, file), 'utf8'), file);
    const { summary } = await evaluateDialogs(app, cases);
    expect(summary.cases).toBeGreaterThan(150);
    expect(summary.rightFix).toBeGreaterThanOrEqual(0.95);
    expect(summary.fixReached).toBeGreaterThanOrEqual(0.98);
    expect(summary.meanQuestions).toBeLessThanOrEqual(1.5);
  });
});
