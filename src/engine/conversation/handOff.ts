import type { KnowledgeBase } from '../knowledge';
import { printable } from '../text';
import type { Problem } from './state';

// What someone who uses the app (or a first-line help desk) passes on to the admins: a short
// message to copy, with what they saw, where, when and the Transaction ID the page shows, so the
// admin can find the sign-in and the connector's events without a call back.

const MAX_SEEN = 300;

const oneLine = (s: string) => printable(s).replace(/`/g, "'").replace(/\s+/g, ' ').trim();

/** The message to send IT, as a code block (easy to copy in Teams and in a terminal). */
export function messageForIt(
  kb: KnowledgeBase,
  problem: Problem,
  likely?: { topic: string; cause: string },
): string {
  const topic = kb.topics.get(problem.topic);
  const cause = [...(likely ? [likely] : []), ...[...problem.tried].reverse()]
    .map((t) => kb.topics.get(t.topic)?.causes.find((c) => c.id === t.cause))
    .find((c) => c !== undefined);
  const { hosts, timestamps, transactionIds } = problem.ids;
  // The app's address: any host but Microsoft's own sign-in and service endpoints.
  const published = hosts.filter(
    (h) => !/(?:microsoftonline|windows\.net|microsoft\.com|live\.com|msauth|msftauth)/.test(h),
  );
  const lines = [
    'Hello IT,',
    `I can't use ${published[0] ? `the app at ${published[0]}` : '<the app: its address>'} (published through Microsoft Entra application proxy).`,
    `What I get: ${oneLine(topic?.signatures.texts[0] ?? topic?.seen ?? problem.text).slice(0, MAX_SEEN)}`,
    `When: ${timestamps[0] ?? '<date and time it happened>'}`,
    `Transaction ID: ${transactionIds[0] ?? '<from the error page, if it shows one>'}`,
    `My account: <the sign-in name you use>`,
    ...(cause ? [`A troubleshooting bot suggests the likely cause: ${cause.summary}`] : []),
    ...(cause?.fix.links[0] ? [`The documented fix: ${cause.fix.links[0].url}`] : []),
  ];
  return ['```', ...lines, '```'].join('\n');
}
