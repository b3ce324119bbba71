// The least an activity must have for the bot to answer it. The SDK answers a malformed one with
// a 500 and its internal error text; these checks turn that into a 400 that says what is wrong.

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Why the body is not an activity we can answer, or undefined when it is. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  if (!nonEmptyString(body.type)) return 'the activity has no "type"';
  if (!nonEmptyString(body.channelId)) return 'the activity has no "channelId"';
  if (!isObject(body.conversation) || !nonEmptyString(body.conversation.id))
    return 'the activity has no "conversation.id"';
  if (!isObject(body.from) || !nonEmptyString(body.from.id)) return 'the activity has no "from.id"';
  if (body.recipient !== undefined && !isObject(body.recipient)) return '"recipient" must be an object';
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string')
    return '"text" must be a string';
  if (body.entities !== undefined && !Array.isArray(body.entities)) return '"entities" must be an array';
  if (body.attachments !== undefined && !Array.isArray(body.attachments))
    return '"attachments" must be an array';
  if (body.deliveryMode !== 'expectReplies' && !nonEmptyString(body.serviceUrl))
    return 'the activity has no "serviceUrl" to send replies to';
  return undefined;
}
