import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { freePort } from './support/azurite';

// The real process: SIGTERM while a turn is in flight lets it finish and answer, then exits 0.

jest.setTimeout(120_000);

it('finishes the turn in flight on SIGTERM, then exits 0', async () => {
  // A channel service that takes a second to accept each reply keeps the turn in flight.
  let turnStarted: () => void = () => undefined;
  const replying = new Promise<void>((r) => (turnStarted = r));
  const channel = http.createServer((req, res) => {
    req.resume();
    turnStarted();
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    }, 1000);
  });
  await new Promise<void>((r) => channel.listen(0, '127.0.0.1', () => r()));
  const channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}`;

  const port = await freePort();
  const root = path.join(__dirname, '..');
  const bot = spawn(
    process.execPath,
    // One process (tsx as a loader, not its CLI, which runs the bot in a child of its own): a
    // SIGKILL must reach the bot itself, or it lives on after the test.
    ['--import', 'tsx', path.join(root, 'src', 'index.ts')],
    {
      cwd: root,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent', MicrosoftAppId: '' },
      stdio: 'ignore',
    },
  );
  const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        if (i > 600) throw new Error('the bot did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const inFlight = fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({
        type: 'message',
        text: 'AADSTS50059',
        channelId: 'emulator',
        serviceUrl: channelUrl,
        conversation: { id: 'shutdown-1' },
        from: { id: 'admin' },
        recipient: { id: 'bot' },
      }),
    });
    // The turn is in flight once the bot is posting its first reply.
    await replying;
    bot.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  } finally {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    await new Promise<void>((r) => channel.close(() => r()));
  }
});
