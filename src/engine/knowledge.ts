import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { validateCheck, validateCheckNodes } from './checks';
import {
  checkSchema,
  contractSchema,
  glossarySchema,
  lexiconSchema,
  neighboursSchema,
  outOfScopeSchema,
  sharedCauseSchema,
  topicSchema,
  windowsErrorsSchema,
  type Cause,
  type Check,
  type Contract,
  type GlossaryTerm,
  type WindowsError,
  type Lexicon,
  type Neighbour,
  type OutOfScope,
  type SharedCause,
  type Topic,
  type TopicFile,
} from './knowledgeSchema';

export const CONTRACT_FILE = 'topics.json';
export const LEXICON_FILE = 'lexicon.json';
export const OUT_OF_SCOPE_FILE = 'out-of-scope.json';
export const NEIGHBOURS_FILE = 'neighbours.json';
export const GLOSSARY_FILE = 'glossary.json';
export const WINDOWS_ERRORS_FILE = 'windows-errors.json';
export const SHARED_CAUSES_DIR = 'causes';
export const CHECKS_DIR = 'checks';
const SUPPORT_FILES = new Set([
  CONTRACT_FILE,
  LEXICON_FILE,
  OUT_OF_SCOPE_FILE,
  NEIGHBOURS_FILE,
  GLOSSARY_FILE,
  WINDOWS_ERRORS_FILE,
]);

export interface KnowledgeBase {
  readonly topics: ReadonlyMap<string, Topic>;
  /** The general-checks topic offered when a message is too vague to place. */
  readonly fallbackTopic: string;
  /** Triage topics (no cause of their own) and the topics their question leads to. */
  readonly triage: ReadonlyMap<string, readonly string[]>;
  readonly neighbours: readonly Neighbour[];
  readonly outOfScope: OutOfScope;
  readonly lexicon: Lexicon;
  /** Answers to follow-up questions about terms. */
  readonly glossary: readonly GlossaryTerm[];
  /** Windows status codes a paste may carry, and what each points to. */
  readonly windowsErrors: readonly WindowsError[];
  /** Guided checks: a command to run and what its output means. */
  readonly checks: ReadonlyMap<string, Check>;
}

/** Every problem found in the knowledge folder, each naming the file and the field. */
export class KnowledgeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid knowledge (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
    );
    this.name = 'KnowledgeError';
  }
}

function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '(root)';
}

function parseFile<T>(
  dir: string,
  file: string,
  schema: z.ZodType<T>,
  problems: string[],
  where = path.join(path.basename(dir), file),
): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (err as Error).message;
    problems.push(`${where}: ${reason}`);
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push(`${where}: ${fieldPath(issue.path)}: ${issue.message}`);
    return undefined;
  }
  return result.data;
}

function checkRegexes(where: string, field: string, sources: readonly string[], problems: string[]): void {
  sources.forEach((source, i) => {
    try {
      new RegExp(source, 'i');
    } catch (err) {
      const at = sources.length === 1 && !field.endsWith('cues') ? field : `${field}[${i}]`;
      problems.push(`${where}: ${at}: not a valid regular expression (${(err as Error).message})`);
    }
  });
}

/**
 * The question tree must be a DAG from `start` in which every node and every cause is reachable.
 * Returns the topics its choices lead on to.
 */
function checkTree(where: string, topic: TopicFile, contract: Contract, problems: string[]): Set<string> {
  const { nodes, start } = topic.tree;
  const causeIds = new Set(topic.causes.map((c) => c.id));
  const jumps = new Set<string>();
  if (!(start in nodes)) problems.push(`${where}: tree.start: points to '${start}', which is not a node`);

  for (const [nodeId, node] of Object.entries(nodes)) {
    const at = `${where}: tree.nodes.${nodeId}`;
    if (node.type === 'fix') {
      if (!causeIds.has(node.cause))
        problems.push(`${at}.cause: '${node.cause}' is not a cause of this topic`);
      continue;
    }
    const seenLabels = new Map<string, number>();
    node.choices.forEach((choice, i) => {
      const key = choice.label.toLowerCase();
      const first = seenLabels.get(key);
      if (first !== undefined)
        problems.push(`${at}.choices[${i}].label: '${choice.label}' duplicates choices[${first}].label`);
      else seenLabels.set(key, i);
      const next = choice.next;
      if (typeof next !== 'string') {
        if (next.topic === topic.id)
          problems.push(`${at}.choices[${i}].next.topic: leads to this same topic`);
        else if (!(next.topic in contract.topics))
          problems.push(`${at}.choices[${i}].next.topic: '${next.topic}' is not a topic of ${CONTRACT_FILE}`);
        else jumps.add(next.topic);
      } else if (!(next in nodes))
        problems.push(`${at}.choices[${i}].next: points to '${next}', which is not a node`);
    });
  }

  const reachable = new Set<string>();
  const onPath = new Set<string>();
  const visit = (nodeId: string, from: string): void => {
    const node = nodes[nodeId];
    if (!node) return;
    if (onPath.has(nodeId)) {
      problems.push(`${where}: tree.nodes.${from}: a choice leads back to '${nodeId}', which makes a cycle`);
      return;
    }
    if (reachable.has(nodeId)) return;
    reachable.add(nodeId);
    if (node.type !== 'fix') {
      onPath.add(nodeId);
      for (const choice of node.choices) if (typeof choice.next === 'string') visit(choice.next, nodeId);
      onPath.delete(nodeId);
    }
  };
  visit(start, 'start');

  for (const nodeId of Object.keys(nodes))
    if (!reachable.has(nodeId)) problems.push(`${where}: tree.nodes.${nodeId}: unreachable from tree.start`);

  const reachedCauses = new Set<string>();
  for (const nodeId of reachable) {
    const node = nodes[nodeId];
    if (node?.type === 'fix') reachedCauses.add(node.cause);
  }
  topic.causes.forEach((cause, i) => {
    if (!reachedCauses.has(cause.id))
      problems.push(`${where}: causes[${i}].id: cause '${cause.id}' has no fix node reachable in the tree`);
  });
  return jumps;
}

/** Every cause a topic names, resolved against the shared ones; problems where that fails. */
function resolveCauses(
  where: string,
  topic: TopicFile,
  shared: ReadonlyMap<string, SharedCause>,
  problems: string[],
): Cause[] {
  return topic.causes.flatMap((cause, i): Cause[] => {
    if (!('shared' in cause)) {
      if (shared.has(cause.id))
        problems.push(
          `${where}: causes[${i}]: '${cause.id}' is a shared cause (${SHARED_CAUSES_DIR}/${cause.id}.json): write { "id": "${cause.id}", "shared": true } here instead of its fix`,
        );
      return [{ ...cause, shared: false }];
    }
    const common = shared.get(cause.id);
    if (!common) {
      problems.push(
        `${where}: causes[${i}].id: shared cause '${cause.id}' has no file ${SHARED_CAUSES_DIR}/${cause.id}.json`,
      );
      return [];
    }
    return [
      {
        id: cause.id,
        summary: common.summary,
        cues: [...common.cues, ...cause.cues],
        rulesOut: common.rulesOut,
        fix: common.fix,
        shared: true,
        ...(cause.context ? { context: cause.context } : {}),
      },
    ];
  });
}

function checkTopic(
  where: string,
  fileId: string,
  topic: TopicFile,
  contract: Contract,
  problems: string[],
): Set<string> {
  if (topic.id !== fileId)
    problems.push(`${where}: id: '${topic.id}' does not match the file name '${fileId}'`);
  const expectedCauses = contract.topics[topic.id];
  if (!expectedCauses) {
    problems.push(`${where}: id: '${topic.id}' is not a topic of ${CONTRACT_FILE}`);
    return new Set();
  }
  const seen = new Set<string>();
  topic.causes.forEach((cause, i) => {
    if (seen.has(cause.id)) problems.push(`${where}: causes[${i}].id: '${cause.id}' is listed twice`);
    seen.add(cause.id);
    if (!expectedCauses.includes(cause.id))
      problems.push(
        `${where}: causes[${i}].id: '${cause.id}' is not a cause of '${topic.id}' in ${CONTRACT_FILE} (expected one of: ${expectedCauses.join(', ') || 'none, it is a triage topic'})`,
      );
    checkRegexes(where, `causes[${i}].cues`, cause.cues, problems);
    if ('rulesOut' in cause) checkRegexes(where, `causes[${i}].rulesOut`, cause.rulesOut, problems);
  });
  for (const expected of expectedCauses)
    if (!seen.has(expected))
      problems.push(`${where}: causes: cause '${expected}' of ${CONTRACT_FILE} is missing`);
  if (topic.signatures.onlyWith)
    checkRegexes(where, 'signatures.onlyWith', [topic.signatures.onlyWith], problems);
  if (topic.signatures.notWith)
    checkRegexes(where, 'signatures.notWith', [topic.signatures.notWith], problems);
  const jumps = checkTree(where, topic, contract, problems);
  const triage = contract.triage[topic.id];
  if (triage) {
    const missing = triage.filter((t) => !jumps.has(t));
    const extra = [...jumps].filter((t) => !triage.includes(t));
    if (missing.length)
      problems.push(
        `${where}: tree: no answer leads to ${missing.map((t) => `'${t}'`).join(', ')} (triage of ${CONTRACT_FILE})`,
      );
    if (extra.length)
      problems.push(
        `${where}: tree: leads to ${extra.map((t) => `'${t}'`).join(', ')}, not in its triage list in ${CONTRACT_FILE}`,
      );
  } else if (topic.causes.length === 0)
    problems.push(
      `${where}: causes: a topic needs at least one cause, unless ${CONTRACT_FILE} lists it under triage`,
    );
  return jumps;
}

/** A chain of topic-to-topic answers must end somewhere: no topic may lead back to itself. */
function checkJumpCycles(
  folder: string,
  jumps: ReadonlyMap<string, ReadonlySet<string>>,
  problems: string[],
): void {
  const done = new Set<string>();
  const visit = (topic: string, trail: string[]): void => {
    if (trail.includes(topic)) {
      problems.push(
        `${path.join(folder, `${trail[0]}.json`)}: tree: answers lead round in a loop: ${[...trail.slice(trail.indexOf(topic)), topic].join(' -> ')}`,
      );
      return;
    }
    if (done.has(topic)) return;
    for (const next of jumps.get(topic) ?? []) visit(next, [...trail, topic]);
    done.add(topic);
  };
  for (const topic of jumps.keys()) visit(topic, []);
}

/** Every JSON file of a subfolder, parsed with its schema: what it says, its id from the name, and where it is. */
function parseFolder<T>(
  dir: string,
  sub: string,
  schema: z.ZodType<T>,
  problems: string[],
): { value: T; fileId: string; where: string }[] {
  const folder = path.join(dir, sub);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const where = path.join(path.basename(dir), sub, file);
      const value = parseFile(folder, file, schema, problems, where);
      return value === undefined ? [] : [{ value, fileId: file.replace(/\.json$/, ''), where }];
    });
}

function loadSharedCauses(
  dir: string,
  contract: Contract | undefined,
  problems: string[],
): Map<string, SharedCause> {
  const shared = new Map<string, SharedCause>();
  const known = new Set(Object.values(contract?.topics ?? {}).flat());
  for (const { value: cause, fileId, where } of parseFolder(
    dir,
    SHARED_CAUSES_DIR,
    sharedCauseSchema,
    problems,
  )) {
    if (cause.id !== fileId)
      problems.push(`${where}: id: '${cause.id}' does not match the file name '${fileId}'`);
    if (contract && !known.has(cause.id))
      problems.push(`${where}: id: '${cause.id}' is not a cause of any topic in ${CONTRACT_FILE}`);
    checkRegexes(where, 'cues', cause.cues, problems);
    checkRegexes(where, 'rulesOut', cause.rulesOut, problems);
    shared.set(cause.id, cause);
  }
  return shared;
}

function loadChecks(dir: string, contract: Contract | undefined, problems: string[]): Map<string, Check> {
  const checks = new Map<string, Check>();
  for (const { value: check, fileId, where } of parseFolder(dir, CHECKS_DIR, checkSchema, problems)) {
    validateCheck(where, fileId, check, contract, problems);
    checks.set(check.id, check);
  }
  return checks;
}

function checkNeighbours(
  dir: string,
  contract: Contract,
  neighbours: readonly Neighbour[],
  problems: string[],
): void {
  const where = path.join(path.basename(dir), NEIGHBOURS_FILE);
  const seen = new Set<string>();
  neighbours.forEach((n, i) => {
    if (seen.has(n.id)) problems.push(`${where}: neighbours[${i}].id: '${n.id}' is listed twice`);
    seen.add(n.id);
    if (!contract.neighbours.includes(n.id))
      problems.push(`${where}: neighbours[${i}].id: '${n.id}' is not a neighbour of ${CONTRACT_FILE}`);
    if (n.id in contract.topics)
      problems.push(`${where}: neighbours[${i}].id: '${n.id}' is a topic, not a neighbour`);
    checkRegexes(where, `neighbours[${i}].signals`, n.signals, problems);
  });
  for (const id of contract.neighbours)
    if (!seen.has(id))
      problems.push(`${where}: neighbours: neighbour '${id}' of ${CONTRACT_FILE} is missing`);
}

function checkGlossary(
  where: string,
  contract: Contract,
  terms: readonly GlossaryTerm[],
  problems: string[],
): void {
  const causes = new Set(Object.values(contract.topics).flat());
  const seen = new Set<string>();
  terms.forEach((term, i) => {
    if (seen.has(term.id)) problems.push(`${where}: terms[${i}].id: '${term.id}' is listed twice`);
    seen.add(term.id);
    checkRegexes(where, `terms[${i}].patterns`, term.patterns, problems);
    term.causes.forEach((cause, j) => {
      if (!causes.has(cause))
        problems.push(`${where}: terms[${i}].causes[${j}]: '${cause}' is not a cause in ${CONTRACT_FILE}`);
    });
  });
}

/**
 * Reads and validates the whole knowledge folder. Throws one KnowledgeError listing every problem,
 * so a broken file stops start-up with a message that says where to look.
 */
export function loadKnowledge(dir: string): KnowledgeBase {
  const problems: string[] = [];
  const folder = path.basename(dir);
  const contract = parseFile(dir, CONTRACT_FILE, contractSchema, problems);
  const lexicon = parseFile(dir, LEXICON_FILE, lexiconSchema, problems);
  const outOfScope = parseFile(dir, OUT_OF_SCOPE_FILE, outOfScopeSchema, problems);
  const neighbourFile = parseFile(dir, NEIGHBOURS_FILE, neighboursSchema, problems);
  const glossary = parseFile(dir, GLOSSARY_FILE, glossarySchema, problems);
  const windowsErrors = parseFile(dir, WINDOWS_ERRORS_FILE, windowsErrorsSchema, problems);
  const shared = loadSharedCauses(dir, contract, problems);
  const checks = loadChecks(dir, contract, problems);
  if (lexicon) {
    checkRegexes(path.join(folder, LEXICON_FILE), 'anchors', lexicon.anchors, problems);
    checkRegexes(path.join(folder, LEXICON_FILE), 'notPublished', lexicon.notPublished, problems);
  }
  if (outOfScope) {
    const where = path.join(folder, OUT_OF_SCOPE_FILE);
    checkRegexes(where, 'notAProblem.asks', outOfScope.notAProblem.asks, problems);
    checkRegexes(where, 'notAProblem.trouble', outOfScope.notAProblem.trouble, problems);
    checkRegexes(where, 'notAProblem.denied', outOfScope.notAProblem.denied, problems);
    checkRegexes(where, 'notAProblem.declared', outOfScope.notAProblem.declared, problems);
    checkRegexes(where, 'otherProducts', outOfScope.otherProducts, problems);
  }

  let files: string[];
  try {
    files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !SUPPORT_FILES.has(f) && !f.endsWith('.schema.json'))
      .sort();
  } catch (err) {
    throw new KnowledgeError([`${folder}: cannot read the folder (${(err as Error).message})`]);
  }

  const topics = new Map<string, Topic>();
  const jumps = new Map<string, Set<string>>();
  // Where each topic-local cause is written, so a cause written out in two topics is caught.
  const ownCauseFiles = new Map<string, string>();
  for (const file of files) {
    const fileId = file.replace(/\.json$/, '');
    const where = path.join(folder, file);
    const topic = parseFile(dir, file, topicSchema, problems);
    if (!topic) continue;
    if (contract) jumps.set(topic.id, checkTopic(where, fileId, topic, contract, problems));
    validateCheckNodes(where, topic, checks, problems);
    topic.causes.forEach((cause, i) => {
      if ('shared' in cause) return;
      const other = ownCauseFiles.get(cause.id);
      if (other)
        problems.push(
          `${where}: causes[${i}].id: '${cause.id}' is also written out in ${other}: a cause several topics share goes in ${SHARED_CAUSES_DIR}/${cause.id}.json, once`,
        );
      else ownCauseFiles.set(cause.id, file);
    });
    const { id, title, label, area, seen, signatures, examples, heldOut, tree, generalChecks, loggedWith } =
      topic;
    const causes = resolveCauses(where, topic, shared, problems);
    topics.set(id, {
      id,
      title,
      label,
      area,
      seen,
      signatures,
      examples,
      heldOut,
      tree,
      causes,
      generalChecks,
      loggedWith,
    });
  }
  for (const [id] of shared)
    if (![...topics.values()].some((t) => t.causes.some((c) => c.id === id && c.shared)))
      problems.push(`${path.join(folder, SHARED_CAUSES_DIR, `${id}.json`)}: no topic uses this shared cause`);
  if (contract && !(contract.fallback in contract.topics))
    problems.push(
      `${path.join(folder, CONTRACT_FILE)}: fallback: '${contract.fallback}' is not one of its topics`,
    );
  if (contract) {
    for (const [id, targets] of Object.entries(contract.triage)) {
      if (!(id in contract.topics))
        problems.push(`${path.join(folder, CONTRACT_FILE)}: triage.${id}: not one of its topics`);
      for (const t of targets)
        if (!(t in contract.topics))
          problems.push(`${path.join(folder, CONTRACT_FILE)}: triage.${id}: '${t}' is not one of its topics`);
    }
    for (const id of Object.keys(contract.topics))
      if (!topics.has(id) && !files.includes(`${id}.json`))
        problems.push(
          `${path.join(folder, `${id}.json`)}: file is missing (topic '${id}' of ${CONTRACT_FILE})`,
        );
    checkJumpCycles(folder, jumps, problems);
    if (neighbourFile) checkNeighbours(dir, contract, neighbourFile.neighbours, problems);
    const general = new Set(contract.topics[contract.fallback] ?? []);
    for (const [id, topic] of topics)
      topic.generalChecks.forEach((cause, i) => {
        if (!general.has(cause))
          problems.push(
            `${path.join(folder, `${id}.json`)}: generalChecks[${i}]: '${cause}' is not a cause of the fallback topic '${contract.fallback}'`,
          );
      });
    for (const [id, topic] of topics)
      topic.loggedWith.forEach((other, i) => {
        if (!(other in contract.topics) || other === id)
          problems.push(
            `${path.join(folder, `${id}.json`)}: loggedWith[${i}]: '${other}' is not another topic of ${CONTRACT_FILE}`,
          );
      });
    if (glossary) checkGlossary(path.join(folder, GLOSSARY_FILE), contract, glossary.terms, problems);
    windowsErrors?.errors.forEach((e, i) =>
      e.topics.forEach((topic, j) => {
        if (!(topic in contract.topics))
          problems.push(
            `${path.join(folder, WINDOWS_ERRORS_FILE)}: errors[${i}].topics[${j}]: '${topic}' is not a topic of ${CONTRACT_FILE}`,
          );
      }),
    );
  }

  if (
    problems.length > 0 ||
    !contract ||
    !lexicon ||
    !outOfScope ||
    !neighbourFile ||
    !glossary ||
    !windowsErrors
  )
    throw new KnowledgeError(problems);
  return {
    topics,
    fallbackTopic: contract.fallback,
    triage: new Map(Object.entries(contract.triage)),
    neighbours: neighbourFile.neighbours,
    outOfScope,
    lexicon,
    glossary: glossary.terms,
    windowsErrors: windowsErrors.errors,
    checks,
  };
}
