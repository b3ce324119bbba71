import { DeliveryModes } from 'botbuilder';

// The least an activity must have for the bot to answer it, and the most it may carry. The SDK
// answers a malformed activity with a 500 and its internal error text, or crashes in the turn;
// these checks turn that into a 400 that says what is wrong. Each limit sits far above what the
// Bot Framework channels send (Teams: a few entities, at most 10 attachments, ids of a few hundred
// characters, JSON nested a dozen levels deep in an Adaptive Card).

export const LIMITS = {
  /** Nesting of objects and arrays; the SDK and JSON.stringify recurse, so depth is a stack risk. */
  depth: 64,
  /**
   * conversation.id, from.id, recipient.id, id, replyToId, in UTF-8 bytes: ids go into storage
   * keys and the rate limiter, so their size is what a client could make them cost. Teams' longest
   * (a channel thread's conversation id with its message id) are well under 200.
   */
  idBytes: 512,
  entities: 100,
  attachments: 50,
  members: 1000,
} as const;

const DELIVERY_MODES: ReadonlySet<string> = new Set(Object.values(DeliveryModes));
/** Channel ids are short lowercase words ("msteams", "webchat"); they go into storage keys. */
const CHANNEL_ID = /^[A-Za-z0-9._-]{1,64}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Why the body is not an activity we can answer, or undefined when it is. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  return structureProblem(body) ?? requiredProblem(body) ?? optionalProblem(body);
}

/**
 * Nesting deeper than LIMITS.depth, or a `__proto__` key anywhere. Iterative, so a body nested
 * 100 000 levels deep cannot overflow the stack here. JSON.parse makes `__proto__` an ordinary
 * key, but code that copies objects key by key (Object.assign, a merge) would set a prototype.
 */
function structureProblem(body: Json): string | undefined {
  const pending: [unknown, number][] = [[body, 1]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > LIMITS.depth) return `the activity is nested more than ${LIMITS.depth} levels deep`;
    if (Array.isArray(value)) {
      for (const item of value) pending.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return 'the activity contains a "__proto__" key';
      pending.push([(value as Json)[key], depth + 1]);
    }
  }
  return undefined;
}

function requiredProblem(body: Json): string | undefined {
  if (!nonEmptyString(body.type)) return 'the activity has no "type"';
  if (!nonEmptyString(body.channelId)) return 'the activity has no "channelId"';
  if (!CHANNEL_ID.test(body.channelId))
    return '"channelId" must be a short name of letters, digits, ".", "_" or "-"';
  if (!isObject(body.conversation) || !nonEmptyString(body.conversation.id))
    return 'the activity has no "conversation.id"';
  if (!isObject(body.from) || !nonEmptyString(body.from.id)) return 'the activity has no "from.id"';
  if (body.deliveryMode !== undefined && body.deliveryMode !== null) {
    if (typeof body.deliveryMode !== 'string' || !DELIVERY_MODES.has(body.deliveryMode))
      return `"deliveryMode" must be one of ${[...DELIVERY_MODES].join(', ')}`;
  }
  if (body.serviceUrl !== undefined && body.serviceUrl !== null && !isHttpUrl(body.serviceUrl))
    return '"serviceUrl" must be an http or https URL';
  if (body.deliveryMode !== 'expectReplies' && !nonEmptyString(body.serviceUrl))
    return 'the activity has no "serviceUrl" to send replies to';
  return undefined;
}

function optionalProblem(body: Json): string | undefined {
  if (body.recipient !== undefined && !isObject(body.recipient)) return '"recipient" must be an object';
  const ids: [string, unknown][] = [
    ['conversation.id', (body.conversation as Json).id],
    ['from.id', (body.from as Json).id],
    ['recipient.id', isObject(body.recipient) ? body.recipient.id : undefined],
    ['id', body.id],
    ['replyToId', body.replyToId],
  ];
  for (const [name, id] of ids) {
    if (id === undefined || id === null) continue;
    if (typeof id !== 'string') return `"${name}" must be a string`;
    // Characters first: a string far too long is refused before it is measured in bytes.
    if (id.length > LIMITS.idBytes || Buffer.byteLength(id, 'utf8') > LIMITS.idBytes)
      return `"${name}" is longer than ${LIMITS.idBytes} bytes`;
  }
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string')
    return '"text" must be a string';
  return (
    listProblem(body, 'entities', LIMITS.entities, (e) => (isObject(e) ? undefined : 'must be an object')) ??
    listProblem(body, 'attachments', LIMITS.attachments, (a) =>
      isObject(a) ? undefined : 'must be an object',
    ) ??
    listProblem(body, 'membersAdded', LIMITS.members, memberProblem) ??
    listProblem(body, 'membersRemoved', LIMITS.members, memberProblem)
  );
}

function listProblem(
  body: Json,
  name: string,
  max: number,
  itemProblem: (item: unknown) => string | undefined,
): string | undefined {
  const list = body[name];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return `"${name}" must be an array`;
  if (list.length > max) return `"${name}" has more than ${max} items`;
  for (const [i, item] of list.entries()) {
    const problem = itemProblem(item);
    if (problem) return `"${name}[${i}]" ${problem}`;
  }
  return undefined;
}

const memberProblem = (m: unknown): string | undefined =>
  isObject(m) && nonEmptyString(m.id) ? undefined : 'must be an account with an "id"';

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
