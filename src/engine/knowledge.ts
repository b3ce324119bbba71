import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import {
  contractSchema,
  lexiconSchema,
  outOfScopeSchema,
  topicSchema,
  type Contract,
  type Lexicon,
  type OutOfScope,
  type Topic,
} from './knowledgeSchema';

export const CONTRACT_FILE = 'topics.json';
export const LEXICON_FILE = 'lexicon.json';
export const OUT_OF_SCOPE_FILE = 'out-of-scope.json';
const SUPPORT_FILES = new Set([CONTRACT_FILE, LEXICON_FILE, OUT_OF_SCOPE_FILE]);

export interface KnowledgeBase {
  readonly topics: ReadonlyMap<string, Topic>;
  /** The general-checks topic offered when a message is too vague to place. */
  readonly fallbackTopic: string;
  readonly outOfScope: OutOfScope;
  readonly lexicon: Lexicon;
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

function parseFile<T>(dir: string, file: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const where = path.join(path.basename(dir), file);
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

/** The question tree must be a DAG from `start` in which every node and every cause is reachable. */
function checkTree(where: string, topic: Topic, problems: string[]): void {
  const { nodes, start } = topic.tree;
  const causeIds = new Set(topic.causes.map((c) => c.id));
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
      if (!(choice.next in nodes))
        problems.push(`${at}.choices[${i}].next: points to '${choice.next}', which is not a node`);
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
    if (node.type === 'question') {
      onPath.add(nodeId);
      for (const choice of node.choices) visit(choice.next, nodeId);
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
}

function checkTopic(
  where: string,
  fileId: string,
  topic: Topic,
  contract: Contract,
  problems: string[],
): void {
  if (topic.id !== fileId)
    problems.push(`${where}: id: '${topic.id}' does not match the file name '${fileId}'`);
  const expectedCauses = contract.topics[topic.id];
  if (!expectedCauses) {
    problems.push(`${where}: id: '${topic.id}' is not a topic of ${CONTRACT_FILE}`);
    return;
  }
  const seen = new Set<string>();
  topic.causes.forEach((cause, i) => {
    if (seen.has(cause.id)) problems.push(`${where}: causes[${i}].id: '${cause.id}' is listed twice`);
    seen.add(cause.id);
    if (!expectedCauses.includes(cause.id))
      problems.push(
        `${where}: causes[${i}].id: '${cause.id}' is not a cause of '${topic.id}' in ${CONTRACT_FILE} (expected one of: ${expectedCauses.join(', ')})`,
      );
    checkRegexes(where, `causes[${i}].cues`, cause.cues, problems);
  });
  for (const expected of expectedCauses)
    if (!seen.has(expected))
      problems.push(`${where}: causes: cause '${expected}' of ${CONTRACT_FILE} is missing`);
  if (topic.signatures.onlyWith)
    checkRegexes(where, 'signatures.onlyWith', [topic.signatures.onlyWith], problems);
  checkTree(where, topic, problems);
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
  for (const file of files) {
    const fileId = file.replace(/\.json$/, '');
    const where = path.join(folder, file);
    const topic = parseFile(dir, file, topicSchema, problems);
    if (!topic) continue;
    if (contract) checkTopic(where, fileId, topic, contract, problems);
    topics.set(topic.id, topic);
  }
  if (contract && !(contract.fallback in contract.topics))
    problems.push(
      `${path.join(folder, CONTRACT_FILE)}: fallback: '${contract.fallback}' is not one of its topics`,
    );
  if (contract)
    for (const id of Object.keys(contract.topics))
      if (!topics.has(id) && !files.includes(`${id}.json`))
        problems.push(
          `${path.join(folder, `${id}.json`)}: file is missing (topic '${id}' of ${CONTRACT_FILE})`,
        );

  if (problems.length > 0 || !contract || !lexicon || !outOfScope) throw new KnowledgeError(problems);
  return { topics, fallbackTopic: contract.fallback, outOfScope, lexicon };
}
