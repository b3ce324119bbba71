import type { ServerResponse } from 'node:http';
import type * as restify from 'restify';
import { createAdapter } from '../src/adapter';
import { createBotApp } from '../src/app';
import { silentLogger } from '../src/logger';
import { createServer } from '../src/server';
import { createBareServer } from './bareServer';
import { createPeerBot } from './peerBot';
import { startProfile, type RunningProfile } from './profiler';

// Child process of `npm run bench`: one server under load, on an ephemeral port of 127.0.0.1, so
// the load generator never shares its event loop. Talks to the bench over IPC: it says which
// port it listens on, reports its CPU time and memory, profiles a window on request, and stops.
//   node --import tsx bench/serve.ts bot|peer|bare

export type Target = 'bot' | 'peer' | 'bare';

export type ToServer =
  | { readonly type: 'usage' }
  | { readonly type: 'profile-start'; readonly dir: string; readonly name: string }
  | { readonly type: 'profile-stop' }
  | { readonly type: 'stop' };

export type FromServer =
  | { readonly type: 'listening'; readonly port: number }
  | {
      readonly type: 'usage';
      readonly cpuUs: number;
      readonly rssMb: number;
      readonly heapUsedMb: number;
      /** Time from a request's arrival to its response's last byte, inside this process, since the last report. */
      readonly serverMs: readonly number[];
    }
  | { readonly type: 'profiling' }
  | { readonly type: 'profile'; readonly file: string };

function serverFor(target: string): restify.Server {
  switch (target) {
    case 'bot': {
      // What src/index.ts composes, minus configuration and logging: the default in-memory state.
      const app = createBotApp();
      return createServer({ adapter: app.adapter, runTurn: app.runTurn, logger: silentLogger });
    }
    case 'peer': {
      // The same adapter and server as ours, with no credentials, as src/app.ts builds them.
      const peer = createPeerBot();
      const adapter = createAdapter({
        config: { appId: undefined, appPassword: undefined, appType: 'SingleTenant', tenantId: undefined },
        logger: silentLogger,
        resetState: peer.resetState,
      });
      return createServer({ adapter, runTurn: peer.runTurn, logger: silentLogger });
    }
    case 'bare':
      return createBareServer();
    default:
      throw new Error(`unknown target "${target}": expected bot, peer or bare`);
  }
}

function main(): void {
  const send = (message: FromServer) => process.send?.(message);
  const server = serverFor(process.argv[2] ?? '');
  let profile: RunningProfile | undefined;
  let serverMs: number[] = [];
  // The node server under restify: from the parsed request to the response handed to the socket.
  server.server.on('request', (_req: unknown, res: ServerResponse) => {
    const arrived = performance.now();
    res.once('finish', () => serverMs.push(performance.now() - arrived));
  });

  process.on('message', (message: ToServer) => {
    void (async () => {
      switch (message.type) {
        case 'usage': {
          const cpu = process.cpuUsage();
          const memory = process.memoryUsage();
          send({
            type: 'usage',
            cpuUs: cpu.user + cpu.system,
            rssMb: memory.rss / 2 ** 20,
            heapUsedMb: memory.heapUsed / 2 ** 20,
            serverMs,
          });
          serverMs = [];
          break;
        }
        case 'profile-start':
          profile = await startProfile(message.dir, message.name);
          send({ type: 'profiling' });
          break;
        case 'profile-stop':
          if (profile) send({ type: 'profile', file: await profile.stop() });
          profile = undefined;
          break;
        case 'stop':
          server.close();
          process.exit(0);
      }
    })();
  });
  // The bench went away: nothing left to serve.
  process.on('disconnect', () => process.exit(0));

  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    send({ type: 'listening', port: address.port });
  });
}

main();
