import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { createBotApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';

// A channel whose service URL takes requests and never answers: the bot gives up on its reply
// after CHANNEL_TIMEOUT_MS instead of holding the conversation, and its state stays intact.

const CHANNEL_TIMEOUT_MS = 400;

let bot: Server;
let botUrl: string;
let blackHole: http.Server;
let blackHoleUrl: string;
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  blackHole = http.createServer((_req, res) => held.push(res));
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
  blackHoleUrl = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
  const app = createBotApp({ config: { channelTimeoutMs: CHANNEL_TIMEOUT_MS } });
  bot = createServer({ adapter: app.adapter, runTurn: app.runTurn, logger: createLogger('silent') });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', () => r()));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  blackHole.closeAllConnections();
  await new Promise<void>((r) => blackHole.close(() => r()));
  await new Promise<void>((r) => bot.close(() => r()));
});

const send = (conversation: string, text: string, serviceUrl: string, deliveryMode?: string) =>
  fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `m-${Math.random()}`,
      channelId: 'emulator',
      serviceUrl,
      conversation: { id: conversation },
      from: { id: 'user-1' },
      recipient: { id: 'bot' },
      text,
      ...(deliveryMode ? { deliveryMode } : {}),
    }),
  });

describe('a service URL that never answers', () => {
  it('does not hold the conversation, and the turn whose reply was lost changes no state', async () => {
    const opened = await send('dead-1', 'AADSTS50059', blackHoleUrl, 'expectReplies');
    expect(JSON.stringify(await opened.json())).toContain('Did that fix it?');

    // The reply to "no" goes to the service URL, which never answers.
    const started = Date.now();
    const lost = await send('dead-1', 'no', blackHoleUrl);
    expect(lost.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(CHANNEL_TIMEOUT_MS * 10);
    expect(held.length).toBeGreaterThan(0);

    // Asked again, the bot answers "no" as the answer to the same question: nothing was lost.
    const again = await send('dead-1', 'no', blackHoleUrl, 'expectReplies');
    expect(again.status).toBe(200);
    expect(JSON.stringify(await again.json())).toContain('out of documented fixes');
  }, 15_000);
});
