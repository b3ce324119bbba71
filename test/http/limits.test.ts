import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { createBotApp } from '../../src/app';
import { silentLogger } from '../../src/logger';
import { createServer, type ServerLimits } from '../../src/server';

// What one instance takes on at once: connections, bodies being received, and how long a client
// may take to send them. Spoken to over raw sockets, as a slow or hostile client would.

const app = createBotApp();

async function startBot(limits: Partial<ServerLimits>, requireAuthorization = false) {
  const server = createServer({
    adapter: app.adapter,
    runTurn: app.runTurn,
    logger: silentLogger,
    requireAuthorization,
    limits,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { server, port };
}

const stop = (server: Server) => {
  server.server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
};

/** A socket that collects what the server sends until it closes. */
function connect(
  port: number,
): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const head = (length: number, extra = '') =>
  `POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

const activity = (conversation: string) =>
  JSON.stringify({
    type: 'message',
    channelId: 'test',
    conversation: { id: conversation },
    from: { id: 'u' },
    recipient: { id: 'b' },
    deliveryMode: 'expectReplies',
    text: 'hello',
  });

async function postNormally(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: activity(`normal-${Math.random()}`),
  });
  await res.text();
  return res.status;
}

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe('the connection cap', () => {
  it('answers a connection past it with 503 and Retry-After, and serves again once there is room', async () => {
    const { server, port } = await startBot({ maxConnections: 5 });
    try {
      const idle = await Promise.all(Array.from({ length: 5 }, () => connect(port)));
      const refused = await connect(port);
      await refused.closed;
      expect(refused.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      expect(refused.received()).toMatch(/\r\nRetry-After: \d+\r\n/);
      for (const c of idle) c.socket.destroy();
      await Promise.all(idle.map((c) => c.closed));
      expect(await postNormally(port)).toBe(200);
    } finally {
      await stop(server);
    }
  });
});

describe('bodies in flight', () => {
  it('turns away a body that would pass the budget with 503, on its headers alone', async () => {
    const { server, port } = await startBot({ bodiesInFlightBytes: 10_000 });
    try {
      // A slow client: headers and the first bytes of a 6 000-byte body, then nothing.
      const slow = await connect(port);
      slow.socket.write(head(6_000) + '{"type":');
      await new Promise((r) => setTimeout(r, 100));
      const second = await connect(port);
      second.socket.write(head(6_000));
      expect(await waitFor(() => second.received().includes('\r\n\r\n'))).toBe(true);
      expect(second.received()).toMatch(/^HTTP\/1\.1 503 /);
      expect(second.received()).toMatch(/\r\nRetry-After: \d+\r\n/);
      // A small request still fits beside the slow one.
      expect(await postNormally(port)).toBe(200);
      slow.socket.destroy();
      second.socket.destroy();
    } finally {
      await stop(server);
    }
  });

  it('refuses a body of unknown length (411) and one declared over the limit (413) without reading it', async () => {
    const { server, port } = await startBot({});
    try {
      const chunked = await connect(port);
      chunked.socket.write(
        'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      expect(await waitFor(() => chunked.received().includes('\r\n\r\n'))).toBe(true);
      expect(chunked.received()).toMatch(/^HTTP\/1\.1 411 /);
      const huge = await connect(port);
      huge.socket.write(head(50 * 2 ** 20));
      expect(await waitFor(() => huge.received().includes('\r\n\r\n'))).toBe(true);
      expect(huge.received()).toMatch(/^HTTP\/1\.1 413 /);
      chunked.socket.destroy();
      huge.socket.destroy();
    } finally {
      await stop(server);
    }
  });
});

describe('slow clients', () => {
  it('closes a connection that sends no complete headers in time', async () => {
    const { server, port } = await startBot({ headersTimeoutMs: 300 });
    try {
      const slow = await connect(port);
      slow.socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\n');
      const started = Date.now();
      await slow.closed;
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await stop(server);
    }
  });

  it('gives up on a body that does not arrive in time, and answers 408', async () => {
    const { server, port } = await startBot({ requestTimeoutMs: 300 });
    try {
      const slow = await connect(port);
      slow.socket.write(head(5_000) + '{"type":"mess');
      const started = Date.now();
      await slow.closed;
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(await postNormally(port)).toBe(200);
    } finally {
      await stop(server);
    }
  });
});

describe('with credentials configured', () => {
  it('refuses a request without a bearer token before reading its body', async () => {
    const { server, port } = await startBot({}, true);
    try {
      // 200 000 bytes declared, none sent: the answer comes on the headers alone.
      const client = await connect(port);
      client.socket.write(head(200_000));
      expect(await waitFor(() => client.received().includes('\r\n\r\n'))).toBe(true);
      expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
      expect(client.received()).toMatch(/\r\nWWW-Authenticate: Bearer\r\n/i);
      client.socket.destroy();
      // Nor with something that is no JWT at all.
      const garbage = await connect(port);
      garbage.socket.write(head(200_000, 'Authorization: Bearer not-a-token\r\n'));
      expect(await waitFor(() => garbage.received().includes('\r\n\r\n'))).toBe(true);
      expect(garbage.received()).toMatch(/^HTTP\/1\.1 401 /);
      garbage.socket.destroy();
    } finally {
      await stop(server);
    }
  });
});
