import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ConversationState, TestAdapter, type TurnContext } from 'botbuilder';
import { createBotApp } from '../../src/app';
import type { AddressInfo } from 'node:net';
import { DirectClient } from '../../src/directClient';
import { silentLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { BlobLeaseLock } from '../../src/storage/blobLeaseLock';
import { createStateStore } from '../../src/storage/createStorage';
import { ETagTrackingStorage } from '../../src/storage/eTagTrackingStorage';
import { BLOB_PIPELINE, RecoveringBlobsStorage } from '../../src/storage/recoveringBlobsStorage';
import { createTurnGate } from '../../src/storage/turnGate';
import { Azurite, freePort } from '../support/azurite';

// Bot state in Azure Blob Storage, against Azurite started by the tests. Bot "instances" are
// real child processes running src/index.ts with STATE_STORE=blob.

jest.setTimeout(180_000);

let azurite: Azurite;
beforeAll(async () => {
  azurite = await Azurite.start();
});
afterAll(async () => {
  await azurite.dispose();
});

const REGISTRATION_ERROR = "Connector registration failed ... Error: 'One or more errors occurred.'";
let containers = 0;
const newContainer = () => `state-${process.pid}-${++containers}`;

/** A bot process serving HTTP with its state in Azurite. */
class BotProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(container: string): Promise<BotProcess> {
    const port = await freePort();
    const root = path.join(__dirname, '..', '..');
    const child = spawn(
      process.execPath,
      // One process (tsx as a loader, not its CLI, which runs the bot in a child of its own): a
      // SIGKILL must reach the bot itself, or it lives on after the test.
      ['--import', 'tsx', path.join(root, 'src', 'index.ts')],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          STATE_STORE: 'blob',
          BLOB_CONNECTION_STRING: azurite.connectionString,
          BLOB_CONTAINER: container,
          LOG_LEVEL: 'error',
          MicrosoftAppId: '',
        },
        stdio: 'ignore',
      },
    );
    const bot = new BotProcess(child, `http://127.0.0.1:${port}/api/messages`);
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return bot;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the bot process did not start');
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async say(conversationId: string, text: string): Promise<string> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text,
        channelId: 'emulator',
        conversation: { id: conversationId },
        from: { id: 'admin' },
        recipient: { id: 'bot' },
        deliveryMode: 'expectReplies',
      }),
    });
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}

describe('state in Blob Storage', () => {
  it('survives a restart in the middle of a clarifying question', async () => {
    const container = newContainer();
    const first = await BotProcess.start(container);
    try {
      expect(await first.say('restart-1', REGISTRATION_ERROR)).toContain(
        'Did the sign-in window close by itself',
      );
    } finally {
      await first.stop();
    }
    const second = await BotProcess.start(container);
    try {
      expect(await second.say('restart-1', 'yes')).toContain('Likely cause');
    } finally {
      await second.stop();
    }
  });

  it('lets two bot processes take turns in one conversation', async () => {
    const container = newContainer();
    const [a, b] = await Promise.all([BotProcess.start(container), BotProcess.start(container)]);
    try {
      expect(await a.say('shared-1', REGISTRATION_ERROR)).toContain('Did the sign-in window close by itself');
      expect(await b.say('shared-1', 'no')).toContain('registration sign-in window was closed');
      expect(await a.say('shared-1', 'no, same error')).toContain('next likely cause');
      expect(await b.say('shared-1', 'yes')).toContain("glad it's working");
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('loses no update when ten turns of one conversation arrive at two instances at once', async () => {
    const container = newContainer();
    // Two independent instances: their own storage clients, locks and in-process queues.
    const instances = [0, 1].map(() => {
      const state = new ConversationState(
        new ETagTrackingStorage(
          new RecoveringBlobsStorage(azurite.connectionString, container, BLOB_PIPELINE),
        ),
      );
      const gate = createTurnGate(
        new BlobLeaseLock({ connectionString: azurite.connectionString, container }),
      );
      const count = state.createProperty<number>('count');
      const turn = async (context: TurnContext) => {
        const n = await count.get(context, 0);
        await new Promise((r) => setTimeout(r, 5));
        await count.set(context, n + 1);
        await state.saveChanges(context);
      };
      return { state, count, adapter: new TestAdapter((context) => gate.run('conv', () => turn(context))) };
    });
    const conversation = TestAdapter.createConversation('ten-at-once').conversation;
    const message = (i: number) => ({ type: 'message', text: `m${i}`, conversation, channelId: 'test' });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => instances[i % 2]!.adapter.processActivity(message(i))),
    );
    const seen: number[] = [];
    await new TestAdapter(async (context) => {
      seen.push(await instances[0]!.count.get(context, 0));
    }).processActivity(message(99));
    expect(seen).toEqual([10]);
  });
});

describe('when storage goes down', () => {
  it('apologises, keeps serving, and recovers by itself when storage returns', async () => {
    const storage = await Azurite.start({ persistent: true });
    try {
      const app = createBotApp({
        store: createStateStore({
          stateStore: 'blob',
          blobConnectionString: storage.connectionString,
          blobContainer: newContainer(),
          memoryMaxConversations: 100,
          memoryMaxMb: 32,
        }),
      });
      const chat = new DirectClient({ adapter: app.adapter, runTurn: app.runTurn, channelId: 'test' });
      const server = createServer({
        adapter: app.adapter,
        runTurn: app.runTurn,
        logger: silentLogger,
        ready: app.store.ping,
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const readyz = async () =>
        (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`)).status;
      try {
        expect(JSON.stringify(await chat.say(REGISTRATION_ERROR))).toContain(
          'Did the sign-in window close by itself',
        );
        expect(await readyz()).toBe(200);

        await storage.stop();
        expect(JSON.stringify(await chat.say('yes'))).toContain('Sorry, something went wrong on my side');
        expect(await readyz()).toBe(503);

        await storage.resume();
        expect(await readyz()).toBe(200);
        // The question asked before the outage is still there to answer.
        expect(JSON.stringify(await chat.say('yes'))).toContain('Likely cause');
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    } finally {
      await storage.dispose();
    }
  });
});
