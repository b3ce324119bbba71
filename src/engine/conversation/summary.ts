import type { KnowledgeBase } from '../knowledge';
import { printable } from '../text';
import type { FoundIds, Problem } from './state';

// The case summary a user pastes into a support ticket, and the IDs worth putting in it.

const MAX_REPORTED = 2000;
const MAX_IDS = 5;
const MAX_LINKS = 6;

export const emptyIds: FoundIds = { transactionIds: [], eventIds: [], timestamps: [], hosts: [] };

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const TRANSACTION =
  /\btransaction\s*id\s*[:=]?\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;
const EVENT_ID = /\bevent\s*(?:id)?\s*[:=]?\s*(\d{3,5})\b/gi;
const TIMESTAMP =
  /\b\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?z?\b|\b\d{1,2}\/\d{1,2}\/\d{2,4},? \d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]m)?\b/gi;
const HOST = /\b(?:[a-z0-9-]+\.)+(?:msappproxy\.net|[a-z]{2,})\b/gi;
const HOST_HINT = /msappproxy|contoso|fabrikam|corp|local|internal|intranet|\.com$|\.net$|\.org$/i;

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)].slice(0, MAX_IDS);

/** The IDs a message holds, added to those found before. */
export function idsIn(text: string, before: FoundIds): FoundIds {
  const head = text.slice(0, 20_000);
  const transactions = [...head.matchAll(TRANSACTION)].map((m) => m[1]!.toLowerCase());
  // A Teams error page may put the GUID on the next line: a lone GUID next to the words counts too.
  if (!transactions.length && /transaction/i.test(head))
    transactions.push(...[...head.matchAll(GUID)].map((m) => m[0].toLowerCase()));
  return {
    transactionIds: uniq([...before.transactionIds, ...transactions]),
    eventIds: uniq([...before.eventIds, ...[...head.matchAll(EVENT_ID)].map((m) => Number(m[1]))]),
    timestamps: uniq([...before.timestamps, ...[...head.matchAll(TIMESTAMP)].map((m) => m[0])]),
    hosts: uniq([
      ...before.hosts,
      ...[...head.matchAll(HOST)].map((m) => m[0].toLowerCase()).filter((h) => HOST_HINT.test(h)),
    ]),
  };
}

/** The summary as a code block, for a support ticket with Microsoft or the team. */
export function caseSummary(kb: KnowledgeBase, problem: Problem): string {
  const topic = kb.topics.get(problem.topic);
  const reported = printable(problem.text)
    .replace(/`/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_REPORTED);
  const fixes = problem.tried.flatMap((t) => {
    const cause = kb.topics.get(t.topic)?.causes.find((c) => c.id === t.cause);
    return cause ? [{ tried: t, cause }] : [];
  });
  // No fix tried yet (a person asked for early): the topic's own pages are the references.
  const sources = fixes.length ? fixes.map((f) => f.cause) : (topic?.causes ?? []);
  const links = [...new Set(sources.flatMap((c) => c.fix.links.map((l) => l.url)))].slice(0, MAX_LINKS);
  const { transactionIds, eventIds, timestamps, hosts } = problem.ids;
  const ids = [
    ...(transactionIds.length ? [`Transaction ID: ${transactionIds.join(', ')}`] : []),
    ...(eventIds.length ? [`Event IDs: ${eventIds.join(', ')}`] : []),
    ...(timestamps.length ? [`Times: ${timestamps.join(', ')}`] : []),
    ...(hosts.length ? [`Hosts: ${hosts.join(', ')}`] : []),
  ];
  const lines = [
    'Microsoft Entra application proxy: troubleshooting summary',
    `Reported: ${reported || '(picked from the menu)'}`,
    `Identified as: ${topic?.title ?? problem.topic} [${problem.topic}]`,
    ...ids,
    ...(problem.ruledOut.length
      ? ['Ruled out by the user:', ...problem.ruledOut.map((r) => `- ${r.cause}: "${printable(r.words)}"`)]
      : []),
    ...(problem.answers.length
      ? ['Answers given:', ...problem.answers.map((a) => `- ${a.question} -> ${a.answer}`)]
      : []),
    ...(fixes.length
      ? [
          'Fixes tried, none of which solved it:',
          ...fixes.map(
            (f) => `- ${f.cause.summary}${f.tried.said ? ` (user: "${printable(f.tried.said)}")` : ''}`,
          ),
        ]
      : ['Fixes tried: none yet']),
    ...(links.length ? ['References:', ...links.map((l) => `- ${l}`)] : []),
  ];
  return ['```', ...lines, '```'].join('\n');
}
