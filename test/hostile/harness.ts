import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBotApp, type BotAppOptions } from '../../src/app';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';

// The real bot behind the real restify server on an ephemeral port, in-memory state, spoken to
// over HTTP. Log lines are kept so a test can tell a handled input from a turn that crashed
// (which the user only sees as "something went wrong").

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface RunningBot {
  readonly url: string;
  readonly logs: LogLine[];
  close(): Promise<void>;
}

export async function startBot(options: Omit<BotAppOptions, 'logger'> = {}): Promise<RunningBot> {
  const logs: LogLine[] = [];
  const logger = createLogger('warn', {
    write: (line: string) => {
      logs.push(JSON.parse(line) as LogLine);
    },
  });
  const app = createBotApp({ ...options, logger });
  const server = createServer({ adapter: app.adapter, runTurn: app.runTurn, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Log lines that say a turn threw (the adapter's onTurnError). */
export const turnFailures = (logs: readonly LogLine[]): LogLine[] =>
  logs.filter((l) => l.msg === 'turn failed');

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

export interface HttpRequest {
  readonly method?: string;
  readonly path?: string;
  /** Content-Type is application/json unless given; a null value leaves a header out. */
  readonly headers?: Record<string, string | null>;
  /** Sent as is when a string, bytes or a stream; anything else is sent as JSON. */
  readonly body?: unknown;
}

export async function send(bot: RunningBot, request: HttpRequest): Promise<HttpResult> {
  const { body } = request;
  const raw =
    body === undefined || typeof body === 'string' || Buffer.isBuffer(body) || body instanceof ReadableStream
      ? body
      : JSON.stringify(body);
  const headers = Object.fromEntries(
    Object.entries({ 'content-type': 'application/json', ...request.headers }).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    ),
  );
  const res = await fetch(`${bot.url}${request.path ?? '/api/messages'}`, {
    method: request.method ?? 'POST',
    headers,
    body: raw as RequestInit['body'],
    ...(raw instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export type Activity = Record<string, unknown>;

/** A message (or other activity) as a channel sends it, asking for the replies in the response. */
export function activity(conversationId: string, userId: string, extra: Activity = {}): Activity {
  return {
    type: 'message',
    id: `in-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal' },
    from: { id: userId, name: 'Admin' },
    recipient: { id: 'bot-1', name: 'App Proxy Helper' },
    deliveryMode: 'expectReplies',
    ...extra,
  };
}

/** The bot's replies in an expectReplies response (messages only). */
export function repliesOf(result: HttpResult): Activity[] {
  const activities = (result.json as { activities?: Activity[] } | undefined)?.activities ?? [];
  return activities.filter((a) => a.type === 'message');
}

interface CardAction {
  type: string;
  title: string;
  data?: Record<string, unknown>;
}
interface CardElement {
  type: string;
  text?: string;
  items?: CardElement[];
}

/** Everything a user would read in the replies: texts, card texts and button titles. */
export function readableText(replies: readonly Activity[]): string {
  const parts: string[] = [];
  const walk = (el: CardElement) => {
    if (el.text) parts.push(el.text);
    el.items?.forEach(walk);
  };
  for (const reply of replies) {
    if (typeof reply.text === 'string') parts.push(reply.text);
    for (const att of (reply.attachments as {
      content?: { body?: CardElement[]; actions?: CardAction[] };
    }[]) ?? []) {
      att.content?.body?.forEach(walk);
      for (const action of att.content?.actions ?? []) parts.push(action.title);
    }
  }
  return parts.join('\n');
}

/** The submit buttons of the replies' cards. */
export function buttonsOf(replies: readonly Activity[]): CardAction[] {
  return replies.flatMap((reply) =>
    ((reply.attachments as { content?: { actions?: CardAction[] } }[]) ?? []).flatMap((att) =>
      (att.content?.actions ?? []).filter((a) => a.type === 'Action.Submit'),
    ),
  );
}

/** A stand-in for the channel service the bot posts replies to; `status` is what it answers. */
export interface FakeChannel {
  readonly url: string;
  readonly received: { method: string; url: string; body: string }[];
  status: number;
  close(): Promise<void>;
}

export async function startFakeChannel(): Promise<FakeChannel> {
  const received: FakeChannel['received'] = [];
  const state = { status: 200, next: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(state.status, { 'content-type': 'application/json' });
      res.end(
        state.status < 300
          ? JSON.stringify({ id: `sent-${++state.next}` })
          : '{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
