import type { Check, CheckNode, Contract, TopicFile } from './knowledgeSchema';
import { MAX_ANALYSED_CHARS } from './text';

// Guided checks: one command the bot hands over, and what its pasted output says. Output is read
// with its whitespace folded, so a table pasted into a chat that joined its lines still reads.

export type Outcome = Check['outcomes'][number];

export interface CheckReading {
  /** The text is this command's output (it may still match none of the outcomes). */
  readonly isOutput: boolean;
  readonly outcome?: Outcome;
}

export interface CheckReader {
  /** What a reply to this check says, read as its output. */
  read(checkId: string, text: string): CheckReading;
  /** Any check's output pasted on its own, with an outcome that tells a problem and cause. */
  identify(text: string): { readonly check: Check; readonly outcome: Outcome } | undefined;
  /** The checks whose output the text is, whatever it found. */
  outputOf(text: string): readonly Check[];
}

// A command's output worth reading fits in this much; a longer paste is read from its start.
const MAX_OUTPUT_CHARS = 8_000;

/** Folded to single spaces, and bounded: patterns then run over at most this much. */
export const fold = (text: string): string =>
  text
    .slice(0, Math.min(MAX_ANALYSED_CHARS, MAX_OUTPUT_CHARS * 2))
    .replace(/\s+/g, ' ')
    .slice(0, MAX_OUTPUT_CHARS);

interface Compiled {
  readonly check: Check;
  readonly recognises: readonly RegExp[];
  readonly outcomes: readonly { readonly outcome: Outcome; readonly patterns: readonly RegExp[] }[];
}

const compile = (check: Check): Compiled => ({
  check,
  recognises: check.recognises.map((p) => new RegExp(p, 'i')),
  outcomes: check.outcomes.map((outcome) => ({
    outcome,
    patterns: outcome.patterns.map((p) => new RegExp(p, 'i')),
  })),
});

function readWith(c: Compiled, folded: string): CheckReading {
  const isOutput = c.recognises.some((r) => r.test(folded));
  const found = c.outcomes.find((o) => o.patterns.some((p) => p.test(folded)));
  // An outcome's own words ("Stopped WAPCSvc") are output too, even without the header lines.
  return found ? { isOutput: true, outcome: found.outcome } : { isOutput };
}

export function createCheckReader(checks: ReadonlyMap<string, Check>): CheckReader {
  const compiled = new Map([...checks].map(([id, check]) => [id, compile(check)]));
  return {
    read(checkId, text) {
      const c = compiled.get(checkId);
      return c ? readWith(c, fold(text)) : { isOutput: false };
    },
    outputOf(text) {
      const folded = fold(text);
      return [...compiled.values()].filter((c) => readWith(c, folded).isOutput).map((c) => c.check);
    },
    identify(text) {
      const folded = fold(text);
      for (const c of compiled.values()) {
        if (!c.recognises.some((r) => r.test(folded))) continue;
        const { outcome } = readWith(c, folded);
        if (outcome?.shows) return { check: c.check, outcome };
      }
      return undefined;
    },
  };
}

function badRegexes(where: string, field: string, sources: readonly string[], problems: string[]): boolean {
  let bad = false;
  sources.forEach((source, i) => {
    try {
      new RegExp(source, 'i');
    } catch (err) {
      bad = true;
      problems.push(`${where}: ${field}[${i}]: not a valid regular expression (${(err as Error).message})`);
    }
  });
  return bad;
}

/** A check file on its own: its patterns compile, its outcomes are named once, its samples read right. */
export function validateCheck(
  where: string,
  fileId: string,
  check: Check,
  contract: Contract | undefined,
  problems: string[],
): void {
  if (check.id !== fileId)
    problems.push(`${where}: id: '${check.id}' does not match the file name '${fileId}'`);
  let bad = badRegexes(where, 'recognises', check.recognises, problems);
  const ids = new Map<string, number>();
  check.outcomes.forEach((o, i) => {
    if (ids.has(o.id)) problems.push(`${where}: outcomes[${i}].id: '${o.id}' is listed twice`);
    ids.set(o.id, i);
    bad = badRegexes(where, `outcomes[${i}].patterns`, o.patterns, problems) || bad;
    if (o.shows && contract) {
      const causes = contract.topics[o.shows.topic];
      if (!causes)
        problems.push(
          `${where}: outcomes[${i}].shows.topic: '${o.shows.topic}' is not a topic of topics.json`,
        );
      else if (!causes.includes(o.shows.cause))
        problems.push(
          `${where}: outcomes[${i}].shows.cause: '${o.shows.cause}' is not a cause of '${o.shows.topic}'`,
        );
    }
  });
  check.samples.forEach((s, i) => {
    if (!ids.has(s.outcome))
      problems.push(`${where}: samples[${i}].outcome: '${s.outcome}' is not one of the outcomes`);
  });
  check.outcomes.forEach((o, i) => {
    if (!check.samples.some((s) => s.outcome === o.id))
      problems.push(`${where}: outcomes[${i}]: '${o.id}' has no sample output`);
  });
  if (bad) return;
  const c = compile(check);
  check.samples.forEach((s, i) => {
    const folded = fold(s.output);
    const read = readWith(c, folded);
    if (!c.recognises.some((r) => r.test(folded)))
      problems.push(`${where}: samples[${i}].output: none of recognises matches it`);
    else if (read.outcome?.id !== s.outcome)
      problems.push(
        `${where}: samples[${i}].output: reads as '${read.outcome?.id ?? 'no outcome'}', not '${s.outcome}'`,
      );
  });
}

/** A topic's check nodes: the check exists, and each of its outcomes has exactly one choice. */
export function validateCheckNodes(
  where: string,
  topic: TopicFile,
  checks: ReadonlyMap<string, Check>,
  problems: string[],
): void {
  for (const [nodeId, node] of Object.entries(topic.tree.nodes)) {
    if (node.type !== 'check') continue;
    const at = `${where}: tree.nodes.${nodeId}`;
    const check = checks.get(node.check);
    if (!check) {
      problems.push(`${at}.check: '${node.check}' is not a check in checks/`);
      continue;
    }
    const outcomes = new Set(check.outcomes.map((o) => o.id));
    const covered = new Map<string, number>();
    (node as CheckNode).choices.forEach((choice, i) => {
      if (choice.outcome === undefined) return;
      if (!outcomes.has(choice.outcome))
        problems.push(`${at}.choices[${i}].outcome: '${choice.outcome}' is not an outcome of '${check.id}'`);
      else if (covered.has(choice.outcome))
        problems.push(
          `${at}.choices[${i}].outcome: '${choice.outcome}' is already choices[${covered.get(choice.outcome)}]`,
        );
      else covered.set(choice.outcome, i);
    });
    for (const o of check.outcomes)
      if (!covered.has(o.id)) problems.push(`${at}: no choice stands for outcome '${o.id}' of '${check.id}'`);
  }
}
