import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { ConfigError, loadConfig } from '../config';
import { projectRoot } from '../engine/paths';

// `npm run playground`: the bot (src/index.ts, as `npm start` runs it, but unauthenticated and on
// loopback) plus the Microsoft 365 Agents Playground pointed at it, until Ctrl-C stops both.
// The end-to-end tests (test/e2e) start the same two processes through the functions below.

/** A child process that has come up, and how to stop it. */
export interface Running {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Every line the child prints, stdout and stderr; by default they are dropped. */
  readonly output?: (line: string) => void;
  /** How long to wait for the child to say it is listening. */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
// Longer than the bot's own limit for finishing turns in flight after SIGTERM (10 s).
const STOP_GRACE_MS = 12_000;
const LINES_KEPT = 15;

/** A TCP port nobody listens on right now (the OS picks it; it is free again once we close). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? child.signalCode ?? 'unknown');
      return;
    }
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    // A process that could not be spawned at all never exits.
    child.once('error', () => resolve(child.exitCode ?? 'not started'));
  });
}

/**
 * Spawns `args` with node, forwards its output line by line, and resolves once a line matches
 * `ready` (its first group is the port). Rejects, after killing the child, if it exits first or
 * stays silent past the timeout.
 */
async function startChild(
  name: string,
  args: string[],
  ready: RegExp,
  options: StartOptions & { readonly cwd: string; readonly url: (port: number) => string },
): Promise<Running> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  // If this process ends without stopping the child (a crash, process.exit), take it along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  const output = options.output ?? (() => undefined);
  // The last lines printed, to say why a child that failed to start failed.
  const recent: string[] = [];
  const withRecent = (message: string) =>
    recent.length ? `${message}; its last output:\n  ${recent.join('\n  ')}` : message;
  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(withRecent(`${name} did not start within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const onLine = (line: string) => {
      output(line);
      recent.push(line);
      if (recent.length > LINES_KEPT) recent.shift();
      const match = ready.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    readline.createInterface({ input: child.stdout! }).on('line', onLine);
    readline.createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not be started: ${err.message}`));
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(withRecent(`${name} exited (${how}) before it was listening`)));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: options.url(port), port, child, exited, stop };
}

export interface BotOptions extends StartOptions {
  /** The port to listen on (0 is not allowed: the bot would not say which port it got). */
  readonly port: number;
  readonly logLevel?: string;
}

/**
 * The bot's real entry point (src/index.ts under tsx), as `npm start` runs it, with the settings
 * the Playground needs forced: no credentials (so no tokens are checked) and the default host,
 * which for an unauthenticated bot is 127.0.0.1. Everything else still comes from the environment
 * and .env. `url` is the messaging endpoint.
 */
export function startBot(options: BotOptions): Promise<Running> {
  if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535)
    throw new Error(`startBot needs a port from 1 to 65535, not ${options.port}`);
  const root = projectRoot();
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    PORT: String(options.port),
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    HOST: '',
    DOTENV_CONFIG_QUIET: 'true',
  };
  if (options.logLevel) env.LOG_LEVEL = options.logLevel;
  return startChild(
    'the bot',
    ['--import', 'tsx', '--disable-warning=DEP0111', path.join(root, 'src', 'index.ts')],
    /^Bot endpoint: http:\/\/[^:/]+:(\d+)\/api\/messages/,
    { ...options, env, cwd: root, url: (port) => `http://127.0.0.1:${port}/api/messages` },
  );
}

export interface PlaygroundOptions extends StartOptions {
  /** The bot's messaging endpoint. */
  readonly endpoint: string;
  /** 0 lets the OS choose; a busy port makes the Playground choose another one itself. */
  readonly port: number;
  /** Its log (it writes one to ./devTools/ unless told otherwise). */
  readonly logFile: string;
  /** Let the Playground open the system browser (it does by default; we don't). */
  readonly openBrowser?: boolean;
  readonly channelId?: 'msteams' | 'directline' | 'webchat' | 'emulator' | 'agents';
}

/** The path of the Playground CLI inside node_modules. */
export function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

/**
 * `agentsplayground start` for `endpoint`, as a Teams client (channel msteams), telemetry off.
 * With stdout not a terminal it prints "Listening on PORT", which is how we learn its port.
 * `url` is the web client's address. It listens on every interface: it has no host option.
 */
export function startPlayground(options: PlaygroundOptions): Promise<Running> {
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
  };
  if (options.openBrowser) delete env.TEAMSAPPTESTER_BROWSER;
  else env.TEAMSAPPTESTER_BROWSER = 'none';
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  return startChild(
    'the Agents Playground',
    [
      playgroundCli(),
      'start',
      '--app-endpoint',
      options.endpoint,
      '--channel-id',
      options.channelId ?? 'msteams',
      '--port',
      String(options.port),
      '--disable-telemetry',
    ],
    /^Listening on (\d+)\s*$/,
    { ...options, env, cwd: projectRoot(), url: (port) => `http://localhost:${port}` },
  );
}

// --- the command ---------------------------------------------------------------------------------

const USAGE = `Usage: npm run playground [-- [--playground-port N] [--open]]

Starts the bot on PORT (default 3978; 127.0.0.1, no authentication) and the Microsoft 365 Agents
Playground (a Teams-like web client) pointed at it, on port N (default 56150; another free port
if that one is busy). Ctrl-C stops both.

  --playground-port N   the Playground's port (0: any free port)
  --open                let the Playground open your browser
`;

interface Args {
  playgroundPort: number;
  open: boolean;
}

function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { playgroundPort: 56150, open: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--open') args.open = true;
    else if (arg === '--playground-port' || arg.startsWith('--playground-port=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--playground-port expects a port number from 0 to 65535, not '${value ?? ''}'`);
      args.playgroundPort = port;
    } else throw new Error(`unknown argument '${arg}'\n\n${USAGE}`);
  }
  return args;
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  // The port the bot will use, read and checked as `npm start` reads it (environment, then .env).
  // Credentials are left out here: the Playground talks to the bot without tokens.
  process.env.DOTENV_CONFIG_QUIET = 'true';
  const hadAppId = Boolean(process.env.MicrosoftAppId);
  Object.assign(process.env, { MicrosoftAppId: '', MicrosoftAppPassword: '', HOST: '' });
  const { port } = loadConfig();
  if (port === 0) throw new ConfigError('PORT is 0: the Playground needs to know the bot port, set one');

  const prefix = (tag: string) => (line: string) => process.stderr.write(`[${tag}] ${line}\n`);
  const logFile = path.join(os.tmpdir(), `m365agentsplayground-${process.pid}.log`);
  const bot = await startBot({ port, output: prefix('bot') });
  let playground: Running;
  try {
    playground = await startPlayground({
      endpoint: bot.url,
      port: args.playgroundPort,
      logFile,
      openBrowser: args.open,
      output: prefix('playground'),
    });
  } catch (err) {
    await bot.stop();
    throw err;
  }

  console.log(
    [
      '',
      `Bot:               ${bot.url} (no authentication${hadAppId ? '; MicrosoftAppId ignored' : ''}, 127.0.0.1 only)`,
      `Agents Playground: ${playground.url}  <- open this in a browser`,
      `Playground log:    ${logFile}`,
      'Press Ctrl-C to stop both.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([playground.stop(), bot.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const [name, running] of [
    ['the bot', bot],
    ['the Agents Playground', playground],
  ] as const)
    void running.exited.then((how) => {
      // Ctrl-C reaches the children too (same process group); that is not a crash.
      if (stopping) return;
      if (how === 'SIGINT') {
        void stopAll(0);
        return;
      }
      console.error(`${name} stopped unexpectedly (${how}); stopping the other one.`);
      void stopAll(1);
    });
}

if (require.main === module)
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(
      err instanceof ConfigError ? `Configuration error: ${err.message}` : (err as Error).message,
    );
    process.exitCode = 1;
  });
