import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { createBotApp } from '../../src/app';
import { silentLogger } from '../../src/logger';
import { createServer } from '../../src/server';

// The real restify server on an ephemeral port, spoken to over HTTP as the Emulator and Teams do.

interface Received {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** A stand-in for the channel service: records what the bot posts back and gives ids. */
function startChannelService(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  let nextId = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: data ? JSON.parse(data) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${++nextId}` }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received,
        close: () => new Promise((r) => server.close(() => r())),
      });
    }),
  );
}

let bot: Server;
let botUrl: string;
let channel: Awaited<ReturnType<typeof startChannelService>>;

beforeAll(async () => {
  const app = createBotApp();
  bot = createServer({ adapter: app.adapter, runTurn: app.runTurn, logger: silentLogger });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', () => resolve()));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
  channel = await startChannelService();
});

afterAll(async () => {
  await channel.close();
  await new Promise<void>((resolve) => bot.close(() => resolve()));
});

const activity = (conversationId: string, extra: Record<string, unknown>) => ({
  type: 'message',
  id: `in-${Math.random().toString(36).slice(2)}`,
  channelId: 'emulator',
  serviceUrl: channel.url,
  conversation: { id: conversationId },
  from: { id: 'user-1', name: 'Admin' },
  recipient: { id: 'bot-1', name: 'App Proxy Helper' },
  ...extra,
});

const post = (body: unknown, contentType = 'application/json') =>
  fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const cardButtons = (a: Record<string, unknown>) =>
  (
    (a.attachments as
      { content: { actions?: { type: string; data?: object; title: string }[] } }[] | undefined) ?? []
  ).flatMap((att) => (att.content.actions ?? []).filter((x) => x.type === 'Action.Submit'));

describe('a conversation over HTTP', () => {
  it('posts replies back to the channel service (normal delivery), as the Emulator receives them', async () => {
    channel.received.length = 0;
    const first = await post(
      activity('http-normal', {
        text: "Connector registration failed ... Error: 'One or more errors occurred.'",
      }),
    );
    expect(first.status).toBe(200);
    const posted = channel.received.filter((r) => r.method === 'POST');
    expect(posted.map((r) => r.url)).toEqual(
      posted.map(() => expect.stringMatching(/^\/v3\/conversations\/http-normal\/activities/)),
    );
    expect(JSON.stringify(posted.map((r) => r.body))).toContain('This looks like');
    const yes = posted.flatMap((r) => cardButtons(r.body)).find((b) => b.title === 'Yes, by itself')!;

    channel.received.length = 0;
    const second = await post(activity('http-normal', { text: undefined, value: yes.data }));
    expect(second.status).toBe(200);
    // The answered question card is edited in place: same activity, no buttons left.
    const update = channel.received.find((r) => r.method === 'PUT');
    expect(update?.url).toMatch(/^\/v3\/conversations\/http-normal\/activities\/sent-\d+$/);
    expect(cardButtons(update!.body)).toHaveLength(0);
    expect(JSON.stringify(channel.received.filter((r) => r.method === 'POST').map((r) => r.body))).toContain(
      'Likely cause',
    );
  });

  it('returns replies in the response with deliveryMode "expectReplies"', async () => {
    channel.received.length = 0;
    const res = await post(activity('http-expect', { text: 'AADSTS50059', deliveryMode: 'expectReplies' }));
    expect(res.status).toBe(200);
    const { activities } = (await res.json()) as { activities: Record<string, unknown>[] };
    expect(JSON.stringify(activities[0])).toContain('Likely cause:');
    const no = activities.flatMap(cardButtons).find((b) => b.title === 'No, still broken')!;
    const next = await post(
      activity('http-expect', { text: undefined, value: no.data, deliveryMode: 'expectReplies' }),
    );
    const body = (await next.json()) as { activities: Record<string, unknown>[] };
    // Its one documented cause tried, the bot writes the case summary.
    expect(JSON.stringify(body.activities)).toContain('out of documented fixes');
    expect(channel.received).toHaveLength(0);
  });
});

describe('bad requests get a clear status and the server keeps serving', () => {
  it.each([
    ['malformed JSON', '{"type": "message",', 'application/json', 400],
    ['no activity type', JSON.stringify({ text: 'hi' }), 'application/json', 400],
    ['a body that is not JSON', 'type=message', 'text/plain', 415],
  ])('%s → %s', async (_name, body, contentType, status) => {
    const res = await post(body, contentType);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(/at .+\.js:\d+/); // no stack trace
    const healthy = await post(activity('after-bad', { text: 'hello', deliveryMode: 'expectReplies' }));
    expect(healthy.status).toBe(200);
  });

  it('answers GET /healthz', async () => {
    const res = await fetch(`${botUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
