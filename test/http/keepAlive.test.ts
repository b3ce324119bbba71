import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { TurnContext } from 'botbuilder';
import { createBotApp } from '../../src/app';
import { silentLogger } from '../../src/logger';
import { createServer } from '../../src/server';

// A request sent on an idle keep-alive connection while the server is busy must be served, not
// dropped: a server that closes idle connections sooner than its clients expect (Node's default
// is 5 s) races with requests already on their way, and a busy event loop loses that race.

jest.setTimeout(30_000);

/** The client, in a thread of its own so the server's busy loop doesn't stop it. */
const CLIENT = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = () => new Promise((resolve) => {
  const req = http.get({ host: '127.0.0.1', port: workerData.port, path: '/healthz', agent }, (res) => {
    res.resume();
    res.on('end', () => resolve(String(res.statusCode)));
  });
  req.on('error', (err) => resolve(err.code || err.message));
});
(async () => {
  parentPort.postMessage({ first: await get() });
  // Idle longer than Node's default keep-alive timeout, sent while the server is still busy.
  await new Promise((r) => setTimeout(r, workerData.idleMs));
  parentPort.postMessage({ second: await get() });
})();
`;

it('serves a request that arrives on an idle keep-alive connection during a long turn', async () => {
  const app = createBotApp();
  const STALL_MS = 6_500;
  const runTurn = async (context: TurnContext) => {
    if (context.activity.text === 'stall') {
      // A turn that holds the event loop (what an unbounded regex once did).
      const until = Date.now() + STALL_MS;
      while (Date.now() < until);
    }
    await app.runTurn(context);
  };
  const server = createServer({ adapter: app.adapter, runTurn, logger: silentLogger });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const worker = new Worker(CLIENT, { eval: true, workerData: { port, idleMs: 5_500 } });
  const answers: Record<string, string> = {};
  const done = new Promise<void>((resolve) =>
    worker.on('message', (m: Record<string, string>) => {
      Object.assign(answers, m);
      if ('second' in m) resolve();
    }),
  );
  try {
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const stalled = fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        channelId: 'test',
        conversation: { id: 'stall' },
        from: { id: 'u' },
        recipient: { id: 'b' },
        deliveryMode: 'expectReplies',
        text: 'stall',
      }),
    });
    await done;
    await stalled;
    expect(answers).toEqual({ first: '200', second: '200' });
  } finally {
    await worker.terminate();
    server.server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
