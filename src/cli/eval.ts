import * as fs from 'node:fs';
import { createBotApp } from '../app';
import { evaluateDialogs, isRightFix } from '../dialogEval';
import { evaluateStories, parseStories } from '../storyEval';
import { evaluate, parseCases, type LabelledCase, type Report } from '../engine/evaluate';
import { loadKnowledge } from '../engine/knowledge';
import { defaultKnowledgeDir } from '../engine/paths';
import { createRecogniser } from '../engine/recogniser';

function printReport(report: Report, verbose: boolean): void {
  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  console.log(`${pad('topic', 44)}${pad('support', 9)}${pad('predicted', 11)}${pad('precision', 11)}recall`);
  for (const row of report.perTopic)
    console.log(
      `${pad(row.topic, 44)}${pad(row.support, 9)}${pad(row.predicted, 11)}${pad(row.precision.toFixed(2), 11)}${row.recall.toFixed(2)}`,
    );
  if (report.confusions.length) {
    console.log('\nmost confused (expected -> predicted):');
    for (const c of report.confusions.slice(0, 10))
      console.log(`  ${c.count} x ${c.expected} -> ${c.predicted}`);
  }
  if (verbose) {
    console.log('\nmisses:');
    for (const r of report.results) {
      const wrongCause = r.case.cause !== undefined && r.detectedCause !== r.case.cause;
      const wrongNeighbour = r.case.neighbour !== undefined && r.neighbour !== r.case.neighbour;
      if (r.predicted === r.case.topic && !wrongCause && !wrongNeighbour) continue;
      const top = r.recognition.candidates
        .slice(0, 3)
        .map((c) => `${c.topic}:${c.score.toFixed(2)}`)
        .join(' ');
      console.log(
        `  [${r.case.topic}${r.case.cause ? '/' + r.case.cause : ''}${r.case.neighbour ? '/' + r.case.neighbour : ''}] -> ${r.recognition.decision} ${r.predicted}${r.detectedCause ? '/' + r.detectedCause : ''}${r.neighbour ? '/' + r.neighbour : ''} (${top})\n      ${r.case.text.slice(0, 160).replace(/\n/g, ' ')}`,
      );
    }
  }
  console.log('');
}

async function dialogMain(cases: LabelledCase[], verbose: boolean): Promise<number> {
  const app = createBotApp();
  const { summary, results } = await evaluateDialogs(app, cases);
  if (verbose)
    for (const r of results) {
      if (!isRightFix(app.kb, r))
        console.log(
          `[${r.case.topic}${r.case.cause ? '/' + r.case.cause : ''}]\n  ${r.transcript.join('\n  ')}`,
        );
    }
  console.log(JSON.stringify(summary));
  return 0;
}

async function storiesMain(file: string, verbose: boolean): Promise<number> {
  const stories = parseStories(fs.readFileSync(file, 'utf8'), file);
  const { summary, results } = await evaluateStories(createBotApp(), stories);
  if (verbose)
    for (const r of results.filter((x) => !x.passed))
      console.log(`[${r.story.name}]\n  ${r.transcript.join('\n  ')}\n`);
  console.log(JSON.stringify(summary));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const files = argv.filter((a) => !a.startsWith('-'));
  if (files.length !== 1) {
    console.error('usage: npm run eval -- [--dialog | --stories] FILE.jsonl [--verbose]');
    return 2;
  }
  const file = files[0]!;
  if (argv.includes('--stories')) return storiesMain(file, verbose);
  const cases = parseCases(fs.readFileSync(file, 'utf8'), file);
  if (argv.includes('--dialog')) return dialogMain(cases, verbose);
  const recogniser = createRecogniser(loadKnowledge(defaultKnowledgeDir()));
  const report = evaluate(recogniser, cases);
  printReport(report, verbose);
  console.log(JSON.stringify(report.summary));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  },
);
