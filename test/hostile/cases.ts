import { gzipSync } from 'node:zlib';
import { repliesOf, type Activity, type FakeChannel, type HttpRequest, type HttpResult } from './harness';

// The hostile inputs, one row each: what is sent, and what must come back. hostile.test.ts runs
// every row against the real server and then checks what every row shares: no stack trace or
// internal detail anywhere, no crashed turn, the server still healthy, Object.prototype
// untouched, and a conversation started elsewhere before the row still answering correctly.

export interface SubmitData {
  readonly answerFor: string;
  readonly choice: number;
  readonly label: string;
}

export interface CaseContext {
  readonly conversationId: string;
  readonly userId: string;
  /** The buttons of the question pending in this case's conversation (with `startFlow`). */
  readonly pending: readonly SubmitData[];
  /** The buttons of the question pending in the sentinel's conversation: another conversation. */
  readonly sentinelPending: readonly SubmitData[];
  readonly channel: FakeChannel;
  /** An activity in this case's conversation, from this case's user (a message unless `type` says). */
  activity(extra?: Activity): Activity;
}

export type Outcome =
  /** An error status, with `{ error }` as the body (matching `error` when given). */
  | { readonly status: 400 | 404 | 405 | 411 | 413 | 415 | 501; readonly error?: RegExp }
  /** 200 with replies whose readable text matches `reply` and never matches `never`. */
  | { readonly status: 200; readonly reply: RegExp; readonly never?: RegExp }
  /** 200 and no reply at all. */
  | { readonly status: 200; readonly silent: true };

export interface HostileCase {
  readonly group: string;
  readonly name: string;
  /** Start the registration-error flow in this case's conversation first (for forged submits). */
  readonly startFlow?: boolean;
  readonly request: (c: CaseContext) => HttpRequest;
  /** More requests after the first, sent one by one (`'sequential'`) or all at once. */
  readonly more?: {
    readonly send: 'sequential' | 'concurrent';
    readonly requests: (c: CaseContext) => HttpRequest[];
  };
  /** What the first response must be; the others (see `more`) must have the same status. */
  readonly expect: Outcome;
  /** Case-specific checks on top of `expect`. */
  readonly check?: (results: HttpResult[], c: CaseContext) => void | Promise<void>;
  /** After the case, the flow in this case's conversation must still take its real answer. */
  readonly flowSurvives?: boolean;
  /** Why this case's turn is allowed to fail (it is logged and the user told "something went wrong"). */
  readonly turnMayFail?: string;
  /** The cause, in a file outside this suite's reach, of a failure the suite still shows. */
  readonly knownFailure?: string;
}

// --- what the replies say ------------------------------------------------------------------------

const ANY_REPLY = /\S/;
const INTRO = /I troubleshoot \*\*Microsoft Entra application proxy\*\*/;
const MENU = /Which area is your problem in\?/;
const STALE = /already been answered/;
const RETRY = /Please pick one of the options/;
export const REGISTRATION_ERROR = "Connector registration failed ... Error: 'One or more errors occurred.'";
export const NETWORK_FIX = /The sign-in window closed on its own/;
export const WINDOW_CLOSED_FIX = /The registration sign-in window was closed before anyone signed in/;

// --- building requests -----------------------------------------------------------------------------

const json = (body: unknown, headers: Record<string, string> = {}): HttpRequest => ({ body, headers });
/** Sent as is; `contentType: null` sends no Content-Type at all. */
const raw = (
  body: unknown,
  contentType: string | null,
  headers: Record<string, string> = {},
): HttpRequest => ({
  body,
  headers: { 'content-type': contentType, ...headers },
});
const message = (extra: Activity) => (c: CaseContext) => json(c.activity(extra));
const without =
  (...keys: string[]) =>
  (c: CaseContext) => {
    const a = c.activity({ text: 'hello' });
    for (const key of keys) delete a[key];
    return json(a);
  };
/** An activity as JSON text with `insert` spliced in as its last member (for keys JSON.stringify drops). */
const spliced = (c: CaseContext, insert: string): HttpRequest =>
  raw(JSON.stringify(c.activity({ text: 'hello' })).replace(/}$/, `,${insert}}`), 'application/json');
const submit = (value: unknown) => message({ text: undefined, value });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const mention = (extra: Record<string, unknown>) => ({
  type: 'mention',
  mentioned: { id: 'bot-1', name: 'Bot' },
  ...extra,
});
const repeatTo = (unit: string, length: number) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** The rows of one group. */
const inGroup = (group: string, rows: Omit<HostileCase, 'group'>[]): HostileCase[] =>
  rows.map((row) => ({ group, ...row }));

export const cases: readonly HostileCase[] = [
  // --- transport: what the body is and how it arrives -------------------------------------------
  ...inGroup('transport', [
    {
      name: 'malformed JSON',
      request: () => raw('{"type": "message",', 'application/json'),
      expect: { status: 400, error: /not valid JSON/ },
    },
    {
      name: 'JSON with trailing garbage',
      request: (c) => raw(`${JSON.stringify(c.activity())} trailing`, 'application/json'),
      expect: { status: 400 },
    },
    {
      name: 'an empty body',
      request: () => raw('', 'application/json'),
      expect: { status: 400 },
    },
    {
      name: 'a plain-text body',
      request: () => raw('hello bot', 'text/plain'),
      expect: { status: 415 },
    },
    {
      name: 'a form that spells an activity (no CORS preflight needed)',
      request: (c) =>
        raw(
          `type=message&channelId=msteams&conversation[id]=${c.conversationId}&from[id]=${c.userId}&deliveryMode=expectReplies&text=hello`,
          'application/x-www-form-urlencoded',
        ),
      expect: { status: 415 },
    },
    {
      name: 'a multipart body',
      request: () =>
        raw(
          '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--x--',
          'multipart/form-data; boundary=x',
        ),
      expect: { status: 415 },
    },
    {
      name: 'no Content-Type at all',
      request: (c) => raw(Buffer.from(JSON.stringify(c.activity())), null),
      expect: { status: 415 },
    },
    {
      name: 'a gzip-encoded body (the size limit would apply before inflating)',
      request: (c) =>
        raw(gzipSync(JSON.stringify(c.activity({ text: 'hello' }))), 'application/json', {
          'content-encoding': 'gzip',
        }),
      expect: { status: 415 },
    },
    {
      name: 'a body over the 256 KB limit',
      request: (c) => json(c.activity({ text: 'x'.repeat(300_000) })),
      expect: { status: 413 },
    },
    {
      name: 'a chunked body (no Content-Length), over the limit',
      request: (c) => {
        const bytes = Buffer.from(JSON.stringify(c.activity({ text: 'y'.repeat(400_000) })));
        const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) =>
          bytes.subarray(i * 65536, (i + 1) * 65536),
        );
        return raw(
          new ReadableStream({ pull: (ctl) => (chunks.length ? ctl.enqueue(chunks.shift()!) : ctl.close()) }),
          'application/json',
        );
      },
      // Refused on its headers alone: a body of unknown length is never read.
      expect: { status: 411 },
    },
    {
      name: 'a top-level array',
      request: (c) => json([c.activity()]),
      expect: { status: 400, error: /JSON object/ },
    },
    {
      name: 'a top-level number',
      request: () => raw('42', 'application/json'),
      expect: { status: 400 },
    },
    {
      name: 'a top-level string',
      request: () => raw('"message"', 'application/json'),
      expect: { status: 400 },
    },
    {
      name: 'null',
      request: () => raw('null', 'application/json'),
      expect: { status: 400 },
    },
    {
      name: 'GET on the messages endpoint',
      request: () => ({ method: 'GET', headers: {} }),
      expect: { status: 405 },
    },
    {
      name: 'POST to an unknown path',
      request: (c) => ({ path: '/api/messages/../../admin', body: c.activity() }),
      expect: { status: 404 },
    },
  ]),
  // --- shape: required fields missing or of the wrong kind --------------------------------------
  ...inGroup('shape', [
    { name: 'no type', request: without('type'), expect: { status: 400, error: /"type"/ } },
    {
      name: 'a type that is a number',
      request: message({ type: 7 }),
      expect: { status: 400, error: /"type"/ },
    },
    {
      name: 'no channelId',
      request: without('channelId'),
      expect: { status: 400, error: /"channelId"/ },
    },
    {
      name: 'a channelId with path characters',
      request: message({ channelId: '../../msteams' }),
      expect: { status: 400, error: /"channelId"/ },
    },
    {
      name: 'no conversation',
      request: without('conversation'),
      expect: { status: 400, error: /conversation\.id/ },
    },
    {
      name: 'a conversation that is an array',
      request: message({ conversation: [{ id: 'x' }] }),
      expect: { status: 400, error: /conversation\.id/ },
    },
    {
      name: 'a conversation.id that is a number',
      request: message({ conversation: { id: 12345 } }),
      expect: { status: 400, error: /conversation\.id/ },
    },
    { name: 'no from', request: without('from'), expect: { status: 400, error: /from\.id/ } },
    {
      name: 'a from that is a string',
      request: message({ from: 'user-1' }),
      expect: { status: 400, error: /from\.id/ },
    },
    {
      name: 'a recipient that is a number',
      request: message({ recipient: 5 }),
      expect: { status: 400, error: /"recipient"/ },
    },
    {
      name: 'a recipient.id that is an object',
      request: message({ recipient: { id: { $ne: null } } }),
      expect: { status: 400, error: /recipient\.id/ },
    },
    {
      name: 'a text that is an object',
      request: message({ text: { toString: 'hello' } }),
      expect: { status: 400, error: /"text"/ },
    },
    {
      name: 'a deliveryMode the protocol does not have',
      request: message({ text: 'hello', deliveryMode: 'stream' }),
      expect: { status: 400, error: /"deliveryMode"/ },
    },
  ]),
  // --- text: what a user might paste --------------------------------------------------------------
  ...inGroup('text', [
    {
      name: 'a 100 000-character message',
      request: message({ text: repeatTo('The connector keeps failing and nobody knows why. ', 100_000) }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'control characters and terminal escapes',
      request: message({ text: '\u0000\u0001\u0007\u001b[31mred\u001b[0m\r\n\t\u007f\u0085\u2028' }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'zero-width characters inside an error text',
      request: message({
        text: REGISTRATION_ERROR.replace(/ /g, '\u200b \u200c').replace(/e/g, 'e\u200d\ufeff\u2060'),
      }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'right-to-left text and a direction override',
      request: message({ text: 'فشل تسجيل الموصل \u202eAADSTS50059\u202c שגיאה בחיבור' }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'a command wrapped in right-to-left marks',
      request: message({ text: '\u200fhelp\u200f' }),
      expect: { status: 200, reply: MENU },
    },
    {
      name: 'emoji, ZWJ sequences and flags',
      request: message({ text: `${'🔥'.repeat(500)} 👩‍💻🏳️‍🌈🇳🇱 AADSTS50059 😱` }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'lone surrogates',
      request: message({ text: 'AADSTS\ud800 50059 \udfff the end \ud83d' }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'bytes that are not UTF-8',
      request: (c) => {
        const [head, tail] = JSON.stringify(c.activity({ text: 'MARK' })).split('MARK') as [string, string];
        return raw(
          Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0]), Buffer.from(tail)]),
          'application/json',
        );
      },
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'HTML and script',
      request: message({ text: '<script>alert(1)</script><img src=x onerror=alert(1)> AADSTS50059' }),
      expect: { status: 200, reply: ANY_REPLY, never: /<script|onerror/ },
    },
    {
      name: 'Markdown links and images',
      request: message({
        text: '[click me](javascript:alert(1)) ![x](https://evil.example/x.png) **AADSTS50059**',
      }),
      expect: { status: 200, reply: ANY_REPLY, never: /javascript:|evil\.example/ },
    },
    {
      name: 'an Adaptive Card as the text',
      request: message({
        text: JSON.stringify({
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: 'Your password expired: sign in here' }],
          actions: [{ type: 'Action.OpenUrl', title: 'Sign in', url: 'https://evil.example/login' }],
        }),
      }),
      expect: { status: 200, reply: ANY_REPLY, never: /evil\.example|password expired/ },
    },
    {
      name: 'only whitespace',
      request: message({ text: ' \n\t\u00a0\u3000 ' }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'a null text and no value',
      request: message({ text: null }),
      expect: { status: 200, reply: ANY_REPLY },
    },
  ]),
  // --- prototype pollution and nesting ----------------------------------------------------------
  ...inGroup('prototype', [
    {
      name: '__proto__ at the top level',
      request: (c) => spliced(c, '"__proto__":{"polluted":true,"isAdmin":true}'),
      expect: { status: 400, error: /__proto__/ },
    },
    {
      name: '__proto__ inside a card value',
      request: (c) => spliced(c, '"value":{"__proto__":{"answerFor":"x","choice":0,"polluted":true}}'),
      expect: { status: 400, error: /__proto__/ },
    },
    {
      name: 'constructor.prototype in the activity and the conversation',
      request: (c) =>
        json({
          ...c.activity({ text: 'hello' }),
          constructor: { prototype: { polluted: true } },
          conversation: { id: c.conversationId, constructor: { prototype: { polluted: true } } },
        }),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'keys that shadow Object methods (toString, hasOwnProperty, valueOf)',
      request: (c) =>
        json({
          ...c.activity({ text: 'hello' }),
          toString: 'x',
          hasOwnProperty: 1,
          valueOf: {},
          from: { id: c.userId, toString: 5 },
        }),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'a value nested 100 000 levels deep',
      request: (c) => spliced(c, `"value":${nested(100_000)}`),
      expect: { status: 400, error: /nested more than/ },
    },
    {
      name: 'a value nested 60 levels deep (within the limit)',
      request: (c) => spliced(c, `"value":${nested(60)}`),
      expect: { status: 200, reply: INTRO },
    },
  ]),
  // --- forged card submits (the conversation has a question pending) ------------------------------
  ...inGroup('card submits', [
    {
      name: 'an unknown answerFor key',
      startFlow: true,
      request: submit({ answerFor: 'not-a-key', choice: 0, label: 'Yes, by itself' }),
      expect: { status: 200, reply: STALE },
      flowSurvives: true,
    },
    {
      name: 'a choice out of range',
      startFlow: true,
      request: (c) => submit({ ...c.pending[0], choice: 99 })(c),
      expect: { status: 200, reply: STALE },
      flowSurvives: true,
    },
    {
      name: 'a negative choice',
      startFlow: true,
      request: (c) => submit({ ...c.pending[0], choice: -1 })(c),
      expect: { status: 200, reply: STALE },
      flowSurvives: true,
    },
    {
      name: 'a choice that is not an integer',
      startFlow: true,
      request: (c) => submit({ ...c.pending[0], choice: 0.5 })(c),
      expect: { status: 200, reply: RETRY },
      flowSurvives: true,
    },
    {
      name: 'a choice that is a string',
      startFlow: true,
      request: (c) => submit({ ...c.pending[0], choice: '0' })(c),
      expect: { status: 200, reply: RETRY },
      flowSurvives: true,
    },
    {
      name: 'a huge choice',
      startFlow: true,
      request: (c) => submit({ ...c.pending[0], choice: 1e308 })(c),
      expect: { status: 200, reply: STALE },
      flowSurvives: true,
    },
    {
      name: "a submit for another conversation's question",
      startFlow: true,
      request: (c) => submit(c.sentinelPending[0])(c),
      expect: { status: 200, reply: STALE },
      flowSurvives: true,
    },
    {
      name: 'a value that is a string',
      startFlow: true,
      request: submit('{"answerFor":"x","choice":0}'),
      expect: { status: 200, reply: RETRY },
      flowSurvives: true,
    },
    {
      name: 'a value that is an array',
      startFlow: true,
      request: submit([{ answerFor: 'x', choice: 0 }]),
      expect: { status: 200, reply: RETRY },
      flowSurvives: true,
    },
    {
      name: 'a value that is null',
      startFlow: true,
      request: submit(null),
      expect: { status: 200, reply: RETRY },
      flowSurvives: true,
    },
    {
      name: "another member of the chat clicks this user's question",
      startFlow: true,
      request: (c) =>
        json(c.activity({ text: undefined, value: c.pending[0], from: { id: `${c.userId}-colleague` } })),
      expect: { status: 200, reply: STALE },
      flowSurvives: true,
    },
    {
      name: 'a submit with no question pending',
      request: submit({ answerFor: 'left-over', choice: 0, label: 'Yes' }),
      expect: { status: 200, reply: STALE },
    },
    {
      name: 'a label that contradicts the choice (the choice counts)',
      startFlow: true,
      request: (c) => submit({ ...c.pending[1], label: 'Yes, by itself' })(c),
      expect: { status: 200, reply: WINDOW_CLOSED_FIX },
    },
  ]),
  // --- activity types --------------------------------------------------------------------------------
  ...inGroup('activity types', [
    {
      name: 'an unknown activity type',
      request: message({ type: 'hackTheBot', text: 'hello' }),
      expect: { status: 200, silent: true },
    },
    {
      name: 'an invoke, replies expected',
      request: message({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'rm -rf' } },
      }),
      expect: { status: 200, silent: true },
    },
    {
      name: 'an invoke, normal delivery (the protocol answer is 501)',
      request: (c) =>
        json(
          c.activity({
            type: 'invoke',
            name: 'task/fetch',
            deliveryMode: undefined,
            serviceUrl: c.channel.url,
          }),
        ),
      expect: { status: 501 },
    },
    {
      name: 'an event with a name that is not a string',
      request: message({ type: 'event', name: 42, value: { x: 1 } }),
      expect: { status: 200, silent: true },
    },
    {
      name: 'a reaction with junk reactions',
      request: message({ type: 'messageReaction', reactionsAdded: 'thumbs up', reactionsRemoved: [null, 1] }),
      expect: { status: 200, silent: true },
    },
    {
      name: 'membersAdded with a null member',
      request: message({ type: 'conversationUpdate', membersAdded: [null] }),
      expect: { status: 400, error: /membersAdded\[0\]/ },
    },
    {
      name: 'membersAdded that is not an array',
      request: message({ type: 'conversationUpdate', membersAdded: 'everyone' }),
      expect: { status: 400, error: /"membersAdded"/ },
    },
    {
      name: 'membersAdded with 1 000 members',
      request: (c) =>
        json(
          c.activity({
            type: 'conversationUpdate',
            membersAdded: Array.from({ length: 1000 }, (_, i) => ({ id: `member-${i}` })),
          }),
        ),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'an installationUpdate with a junk action',
      request: message({ type: 'installationUpdate', action: { add: true } }),
      expect: { status: 200, silent: true },
    },
  ]),
  // --- entities and attachments ---------------------------------------------------------------------
  ...inGroup('entities', [
    {
      name: 'a mention on a message with no text',
      request: message({ text: undefined, entities: [mention({ text: '<at>Bot</at>' })] }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'a mention with no text',
      request: message({ text: 'hello', entities: [mention({})] }),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'a mention whose text is not a string',
      request: message({
        text: 'hello',
        entities: [mention({ text: 42 }), mention({ text: { at: 'Bot' } })],
      }),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'a mention whose text is one letter of the message',
      request: message({ text: 'hello', entities: [mention({ text: 'l' })] }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'a mention of nobody',
      request: message({
        text: 'hello',
        entities: [{ type: 'mention', mentioned: null, text: '<at>x</at>' }],
      }),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'entities that are an object',
      request: message({ text: 'hello', entities: { type: 'mention' } }),
      expect: { status: 400, error: /"entities"/ },
    },
    {
      name: 'entities with a null and a number',
      request: message({ text: 'hello', entities: [null, 5] }),
      expect: { status: 400, error: /entities\[0\]/ },
    },
    {
      name: '101 entities',
      request: message({
        text: 'hello',
        entities: Array.from({ length: 101 }, () => ({ type: 'clientInfo' })),
      }),
      expect: { status: 400, error: /more than 100/ },
    },
    {
      name: '100 mentions over a 100 000-character text (within the limit, answered quickly)',
      request: message({
        text: repeatTo('abcdefghij ', 100_000),
        entities: Array.from({ length: 100 }, (_, i) => mention({ text: String.fromCharCode(0x4e00 + i) })),
      }),
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'attachments that are a string',
      request: message({ text: 'hello', attachments: 'file.txt' }),
      expect: { status: 400, error: /"attachments"/ },
    },
    {
      name: '51 attachments',
      request: message({
        text: 'hello',
        attachments: Array.from({ length: 51 }, () => ({ contentType: 'text/html', content: '<p>x</p>' })),
      }),
      expect: { status: 400, error: /more than 50/ },
    },
  ]),
  // --- ids -------------------------------------------------------------------------------------------
  ...inGroup('ids', [
    {
      name: 'a 200 000-character conversation id',
      request: (c) =>
        json(
          c.activity({ text: 'hello', conversation: { id: `${c.conversationId}${'c'.repeat(200_000)}` } }),
        ),
      expect: { status: 400, error: /conversation\.id.*longer/ },
    },
    {
      name: 'a 100 000-character user id',
      request: (c) => json(c.activity({ text: 'hello', from: { id: `${c.userId}${'u'.repeat(100_000)}` } })),
      expect: { status: 400, error: /from\.id.*longer/ },
    },
    {
      name: 'a 100 000-character activity id',
      request: message({ text: 'hello', id: 'i'.repeat(100_000) }),
      expect: { status: 400, error: /"id".*longer/ },
    },
    {
      name: 'a replyToId that is an object',
      request: message({ text: 'hello', replyToId: { $gt: '' } }),
      expect: { status: 400, error: /replyToId/ },
    },
    {
      name: 'a 512-byte conversation id (the most allowed)',
      request: (c) =>
        json(c.activity({ text: 'hello', conversation: { id: `${c.conversationId}-`.padEnd(512, 'z') } })),
      expect: { status: 200, reply: INTRO },
    },
    {
      name: 'a 1 024-character CJK conversation id (3 072 bytes)',
      request: (c) =>
        json(c.activity({ text: 'hello', conversation: { id: `${c.conversationId}-`.padEnd(1024, '会') } })),
      expect: { status: 400, error: /conversation\.id.*longer than 512 bytes/ },
    },
    {
      name: 'a 200-character CJK user id (600 bytes)',
      request: (c) => json(c.activity({ text: 'hello', from: { id: `${c.userId}${'用'.repeat(200)}` } })),
      expect: { status: 400, error: /from\.id.*longer than 512 bytes/ },
    },
    {
      name: 'ids with path, markup and storage-key characters',
      request: (c) =>
        json(
          c.activity({
            text: 'hello',
            conversation: { id: `${c.conversationId}/../users/*?<x>` },
            from: { id: `${c.userId}/users/"';--` },
          }),
        ),
      expect: { status: 200, reply: INTRO },
    },
  ]),
  // --- delivery: replies posted to the channel's serviceUrl -------------------------------------
  ...inGroup('delivery', [
    {
      name: 'a file: serviceUrl',
      request: message({ text: 'hello', deliveryMode: undefined, serviceUrl: 'file:///etc/passwd' }),
      expect: { status: 400, error: /serviceUrl/ },
    },
    {
      name: 'a javascript: serviceUrl',
      request: message({ text: 'hello', serviceUrl: 'javascript:alert(1)' }),
      expect: { status: 400, error: /serviceUrl/ },
    },
    {
      name: 'a serviceUrl that is a number',
      request: message({ text: 'hello', serviceUrl: 443 }),
      expect: { status: 400, error: /serviceUrl/ },
    },
    {
      name: 'normal delivery with no serviceUrl',
      request: message({ text: 'hello', deliveryMode: undefined }),
      expect: { status: 400, error: /serviceUrl/ },
    },
    {
      name: 'normal delivery to a working channel service',
      request: (c) => json(c.activity({ text: 'hello', deliveryMode: undefined, serviceUrl: c.channel.url })),
      expect: { status: 200, silent: true },
      check: (_results, c) => {
        const posted = c.channel.received.filter((r) => r.url.includes(encodeURIComponent(c.conversationId)));
        expect(posted.map((r) => r.body).join('\n')).toMatch(INTRO);
      },
    },
    {
      name: 'normal delivery to a channel service that refuses the replies',
      request: (c) => {
        c.channel.status = 403;
        return json(c.activity({ text: 'hello', deliveryMode: undefined, serviceUrl: c.channel.url }));
      },
      expect: { status: 200, silent: true },
      turnMayFail: 'the channel refused the replies: the adapter logs it and forgets that conversation',
    },
  ]),
  // --- volume: repeats, bursts and floods -----------------------------------------------------------
  ...inGroup('volume', [
    {
      name: 'the same activity id twice (answered once)',
      request: message({ id: 'dup-1', text: 'hello' }),
      more: { send: 'sequential', requests: (c) => [json(c.activity({ id: 'dup-1', text: 'hello' }))] },
      expect: { status: 200, reply: ANY_REPLY },
      check: (results) => {
        expect(repliesOf(results[1]!)).toEqual([]);
      },
    },
    {
      name: 'three messages of one conversation at the same moment',
      request: message({ text: REGISTRATION_ERROR }),
      more: {
        send: 'concurrent',
        requests: (c) => [
          json(c.activity({ text: REGISTRATION_ERROR })),
          json(c.activity({ text: REGISTRATION_ERROR })),
        ],
      },
      expect: { status: 200, reply: ANY_REPLY },
    },
    {
      name: 'a flood of 40 messages from one user (the rate limit answers once, then stays quiet)',
      request: message({ text: 'hello' }),
      more: {
        send: 'sequential',
        requests: (c) =>
          Array.from({ length: 39 }, () => json(c.activity({ text: 'what is the weather like' }))),
      },
      expect: { status: 200, reply: INTRO },
      check: (results) => {
        expect(results.filter((r) => /faster than I can keep up/.test(r.text))).toHaveLength(1);
        expect(repliesOf(results.at(-1)!)).toEqual([]);
      },
    },
  ]),
];
