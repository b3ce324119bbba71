import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate, parseCases, percentile, type LabelledCase } from '../src/engine/evaluate';
import { loadKnowledge } from '../src/engine/knowledge';
import { defaultKnowledgeDir, projectRoot } from '../src/engine/paths';
import { createConversation } from '../src/engine/conversation/core';
import type { CaseState } from '../src/engine/conversation/state';
import { createRecogniser, OUT_OF_SCOPE, type Recogniser } from '../src/engine/recogniser';
import { guideRows, trainBaselines, type TextClassifier } from './baselines';
import { createPasteBuilder, type Paste } from './pastes';
import { startProfile } from './profiler';

// Child process of `npm run bench`: recognition quality against natural's classifiers trained on
// the guide alone, and the recogniser's latency on short messages and on 20 KB pastes. Prints one
// JSON line. With `--profile-dir DIR` it also profiles one extra pass of each latency loop.

const SHORT_PASSES = 30;
const PASTE_BYTES = 20 * 1024;
const PASTE_COUNT = 24;
const PASTE_ITERATIONS = 300;
const PASTE_WARMUP = 48;
/** The topic with no row in the guide's tables (its general checks are bullet points above them). */
const GENERAL_CHECKS_TOPIC = 'connector-health';

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** top1 as src/engine/evaluate.ts defines it: in-scope cases whose first-ranked topic is right. */
function top1Of(cases: readonly LabelledCase[], predict: (text: string) => string) {
  const inScope = cases.filter((c) => c.topic !== OUT_OF_SCOPE);
  const hits = inScope.filter((c) => predict(c.text) === c.topic).length;
  const tabled = inScope.filter((c) => c.topic !== GENERAL_CHECKS_TOPIC);
  const tabledHits = tabled.filter((c) => predict(c.text) === c.topic).length;
  return {
    top1: round(hits / inScope.length),
    /** The same, leaving out the topic the guide's tables have no row for. */
    top1TabledTopics: round(tabledHits / tabled.length),
  };
}

function ourPrediction(recogniser: Recogniser, text: string): string {
  const r = recogniser.recognise(text);
  if (r.decision === 'match') return r.topic;
  if (r.decision === 'ambiguous' && r.candidates[0]) return r.candidates[0].topic;
  return OUT_OF_SCOPE;
}

function timeEach(texts: readonly string[], passes: number, run: (text: string) => unknown): number[] {
  const micros: number[] = [];
  for (let pass = 0; pass < passes; pass++)
    for (const text of texts) {
      const started = process.hrtime.bigint();
      run(text);
      micros.push(Number(process.hrtime.bigint() - started) / 1000);
    }
  return micros.sort((a, b) => a - b);
}

/**
 * Messages shaped to find super-linear work: each attack of the reliability issue, at the size a
 * client may send (the 256 KB body limit), plus a few more of the same kind.
 */
function adversarialShapes(): [string, string][] {
  const line = 'INFO 2026-11-02T10:15:00Z connector heartbeat ok; queue=0; latency=12ms\n';
  return [
    ['"<at" to the body limit', '<at'.repeat(85_000)],
    ['"<a" to the body limit', '<a'.repeat(128_000)],
    ['㋏ x 20 000 (60 000 after NFKC)', '㋏'.repeat(20_000)],
    ['㋏ x 9 000 (a Teams-sized 27 KB)', '㋏'.repeat(9_000)],
    ['one 20 000-consonant word ending in y', `${'b'.repeat(20_000)}y`],
    ['one 100 000-letter word', 'x'.repeat(100_000)],
    ['a 19 KB log with a unique token', `${line.repeat(260)}token${Date.now()}${'q'.repeat(40)}`],
    ['unclosed tags and mentions', '<at id="'.repeat(30_000)],
    ['an escape sequence that never ends', `\u001b]52;c;${'A'.repeat(200_000)}`],
    ['CJK text to the body limit', '会'.repeat(85_000)],
    ['quotes and apostrophes', '\'"'.repeat(120_000)],
    ['event-id-like numbers', '13019 '.repeat(40_000)],
  ];
}

/** Replies shaped against the conversation core's patterns: negations, mixed verdicts, questions. */
function replyShapes(): [string, string][] {
  return [
    ['"not " to the body limit', 'not '.repeat(60_000)],
    ['"still but works" repeated', 'still but works '.repeat(15_000)],
    ['"no more" repeated', 'no more '.repeat(30_000)],
    ['"yes thanks" repeated', 'yes thanks '.repeat(20_000)],
    ['"what is spn?" repeated', 'what is spn? '.repeat(18_000)],
  ];
}

function buildPastes(): Paste[] {
  const build = createPasteBuilder(20_251_124);
  const sources = guideRows
    .filter((row) => row.error.length > 0 && row.topic !== 'registration-wrong-credentials')
    .map((row) => {
      const kerberosEvent = /^(\d{5}) - /.exec(row.error)?.[1];
      return {
        error: row.error,
        topic: row.topic,
        eventId: kerberosEvent ? Number(kerberosEvent) : undefined,
      };
    });
  return Array.from({ length: PASTE_COUNT }, (_, i) => build(sources[i % sources.length]!, PASTE_BYTES));
}

async function main(argv: string[]): Promise<void> {
  const profileDir = argv.includes('--profile-dir') ? argv[argv.indexOf('--profile-dir') + 1] : undefined;
  const root = projectRoot();
  const devFile = path.join(root, 'test', 'eval', 'dev.jsonl');
  const cases = parseCases(fs.readFileSync(devFile, 'utf8'), devFile);

  const started = performance.now();
  const recogniser = createRecogniser(loadKnowledge(defaultKnowledgeDir()));
  const buildMs = performance.now() - started;
  const report = evaluate(recogniser, cases);
  const ours = top1Of(cases, (text) => ourPrediction(recogniser, text));
  if (ours.top1 !== report.summary.top1)
    throw new Error(`top1 disagrees with evaluate(): ${ours.top1} vs ${report.summary.top1}`);

  const baselines = trainBaselines().map((classifier: TextClassifier) => ({
    name: classifier.name,
    ...top1Of(cases, (text) => classifier.classify(text)),
  }));

  // Short messages: the dev set's texts, one untimed pass first so the JIT has warmed up.
  const texts = cases.map((c) => c.text);
  timeEach(texts, 1, (text) => recogniser.recognise(text));
  const short = timeEach(texts, SHORT_PASSES, (text) => recogniser.recognise(text));

  const pastes = buildPastes();
  const pasteTexts = pastes.map((p) => p.text);
  for (let i = 0; i < PASTE_WARMUP; i++) recogniser.recognise(pasteTexts[i % pasteTexts.length]!);
  const pasteMicros: number[] = [];
  for (let i = 0; i < PASTE_ITERATIONS; i++) {
    const text = pasteTexts[i % pasteTexts.length]!;
    const t0 = process.hrtime.bigint();
    recogniser.recognise(text);
    pasteMicros.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  pasteMicros.sort((a, b) => a - b);
  const pasteHits = pastes.filter((p) => ourPrediction(recogniser, p.text) === p.topic).length;

  // The worst case: each shape a few times, warm, and the slowest call of all.
  let worst = { ms: 0, shape: '' };
  for (const [shape, text] of adversarialShapes())
    for (let i = 0; i < 4; i++) {
      const t0 = process.hrtime.bigint();
      recogniser.recognise(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i > 0 && ms > worst.ms) worst = { ms, shape };
    }

  // The same shapes as whole conversation turns: a first message, an answer to "did that fix
  // it?", an answer to a question (the core reads replies with many more patterns).
  const kb = loadKnowledge(defaultKnowledgeDir());
  const core = createConversation(kb, createRecogniser(kb));
  const opened = (text: string): CaseState | undefined => core.next(undefined, { kind: 'text', text }).state;
  const states: [string, CaseState | undefined][] = [
    ['first message', undefined],
    ['after a fix', opened('AADSTS50059')],
    ['at a question', opened("This corporate app can't be accessed. Status Code: Bad Gateway")],
  ];
  let worstTurn = { ms: 0, shape: '' };
  for (const [shape, text] of [...adversarialShapes(), ...replyShapes()])
    for (const [where, state] of states)
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        core.next(state, { kind: 'text', text });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (i > 0 && ms > worstTurn.ms) worstTurn = { ms, shape: `${shape}, ${where}` };
      }

  const profiles: Record<string, string> = {};
  if (profileDir) {
    let profile = await startProfile(profileDir, 'recognise-short');
    timeEach(texts, SHORT_PASSES, (text) => recogniser.recognise(text));
    profiles.short = await profile.stop();
    profile = await startProfile(profileDir, 'recognise-paste');
    timeEach(pasteTexts, Math.ceil(PASTE_ITERATIONS / pasteTexts.length), (text) =>
      recogniser.recognise(text),
    );
    profiles.paste = await profile.stop();
  }

  const result = {
    cases: report.summary.cases,
    inScope: report.summary.inScope,
    top1: report.summary.top1,
    top3: report.summary.top3,
    oosRecall: report.summary.oosRecall,
    top1TabledTopics: ours.top1TabledTopics,
    baselines,
    guideRows: guideRows.length,
    recogniserBuildMs: Math.round(buildMs),
    short: {
      samples: short.length,
      p50Us: Math.round(percentile(short, 50)),
      p99Us: Math.round(percentile(short, 99)),
      maxUs: Math.round(short[short.length - 1] ?? 0),
    },
    paste: {
      samples: pasteMicros.length,
      bytes: Math.round(pasteTexts.reduce((n, t) => n + Buffer.byteLength(t), 0) / pasteTexts.length),
      p50Us: Math.round(percentile(pasteMicros, 50)),
      p99Us: Math.round(percentile(pasteMicros, 99)),
      maxUs: Math.round(pasteMicros[pasteMicros.length - 1] ?? 0),
      recognised: `${pasteHits}/${pastes.length}`,
    },
    adversarial: {
      shapes: adversarialShapes().length,
      worstMs: Math.round(worst.ms * 10) / 10,
      worstShape: worst.shape,
      worstTurnMs: Math.round(worstTurn.ms * 10) / 10,
      worstTurnShape: worstTurn.shape,
    },
    profiles,
  };
  console.log(JSON.stringify(result));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error((err as Error).stack ?? String(err));
  process.exitCode = 1;
});
