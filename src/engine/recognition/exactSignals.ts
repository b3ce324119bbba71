import type { Topic } from '../knowledgeSchema';
import { escapeRegExp, type NormalisedText } from '../text';
import type { Evidence } from './types';

// Exact signals: AADSTS codes, event IDs and documented URLs that name one topic outright, and
// error identifiers no topic documents ("foreign" errors), which warn that a familiar frame
// around them is a different error.

// Error identifiers: where no topic documents one, next to a familiar frame it means a different,
// undocumented error (e.g. "... Please try again later ... ConnectorError:SslHandshakeFailed").
const ERROR_IDENTIFIER_PATTERNS: readonly RegExp[] = [
  /\b[a-z]+error\s*:\s*[a-z]+/g,
  /\bstatus code\s*:?\s*\d{3}\b/g,
  /\b(?:bad gateway|gateway time-?out|service unavailable|internal server error|backendunavailable|sslcertificateerror)\b/g,
];

function urlFragments(url: string): string[] {
  const bare = url.toLowerCase().replace(/^https?:\/\//, '');
  const fragments = new Set<string>([bare]);
  const host = bare.split('/')[0] ?? '';
  if (host.includes(':')) fragments.add(host);
  const lastSegment = bare.split('/').filter(Boolean).pop() ?? '';
  if (lastSegment !== host && lastSegment.length >= 8) fragments.add(lastSegment);
  return [...fragments];
}

export interface ExactSignals {
  /** Codes, event IDs and URLs found, each with its topic; unknown codes as foreign errors. */
  find(n: NormalisedText): Evidence[];
}

// "Gateway Time-out", "GatewayTimeout" and "gateway timeout" are one identifier.
const compact = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function createExactSignals(topics: readonly Topic[]): ExactSignals {
  // What the knowledge documents: an identifier found here is not foreign.
  const documented = topics
    .flatMap((t) => [...t.signatures.texts, t.title, t.seen])
    .map(compact)
    .join(' ');
  const isForeign = (identifier: string) => !documented.includes(compact(identifier));
  const codeToTopic = new Map<string, string>();
  const eventIdToTopic = new Map<number, string>();
  const urlToTopic = new Map<string, string>();
  for (const topic of topics) {
    for (const code of topic.signatures.codes) codeToTopic.set(code.toLowerCase(), topic.id);
    for (const id of topic.signatures.eventIds) eventIdToTopic.set(id, topic.id);
    for (const url of topic.signatures.urls) for (const f of urlFragments(url)) urlToTopic.set(f, topic.id);
  }
  const eventIdPattern = eventIdToTopic.size
    ? new RegExp(`(?<![0-9])(${[...eventIdToTopic.keys()].join('|')})(?![0-9])`, 'g')
    : undefined;
  const urlPattern = urlToTopic.size
    ? new RegExp(
        [...urlToTopic.keys()]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      )
    : undefined;

  return {
    find(n) {
      const evidence: Evidence[] = [];
      for (const m of n.text.matchAll(/\baadsts\s*-?(\d{5,7})\b/g)) {
        const code = `aadsts${m[1]}`;
        const topic = codeToTopic.get(code);
        evidence.push(
          topic
            ? { kind: 'code', value: code.toUpperCase(), topic }
            : { kind: 'foreign-error', value: code.toUpperCase() },
        );
      }
      const ids = new Set<number>(n.framedEventIds);
      if (eventIdPattern) for (const m of n.text.matchAll(eventIdPattern)) ids.add(Number(m[1]));
      for (const id of ids) {
        const topic = eventIdToTopic.get(id);
        if (topic) evidence.push({ kind: 'event-id', value: id, topic });
      }
      if (urlPattern)
        for (const m of n.text.matchAll(urlPattern)) {
          const topic = urlToTopic.get(m[0]);
          if (topic) evidence.push({ kind: 'url', value: m[0], topic });
        }
      for (const pattern of ERROR_IDENTIFIER_PATTERNS)
        for (const m of n.text.matchAll(pattern))
          if (isForeign(m[0])) evidence.push({ kind: 'foreign-error', value: m[0] });
      return evidence;
    },
  };
}
