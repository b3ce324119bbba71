import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { percentile } from '../engine/evaluate';
import { projectRoot } from '../engine/paths';

// `npm run bench`: one run that measures recognition quality and latency, HTTP throughput against
// a peer bot and a bare route, cold start and memory, prints a table, rewrites the figures in
// BENCHMARKS.md and ends with one JSON line. Servers, the recogniser and the memory run each live
// in a child process (bench/*.ts), so the load generator here never shares their event loop.
// Targets are reported PASS/MISS; a miss never fails the run (exit 1 means it crashed).
//
//   npm run bench [-- --duration 10 --warmup 3 --rounds 2 --connections 50 --conversations 100000
//                     --profile --no-write]
//   npm run bench -- --only http,memory      (some parts only: recognition, cold-start, http, memory)
//   npm run bench -- --summarise FILE.cpuprofile…   (summarise profiles taken before)

const ROOT = projectRoot();
const BENCH_DIR = path.join(ROOT, 'bench');

// ---------------------------------------------------------------------------------------------
// Options and targets

interface Options {
  readonly duration: number;
  readonly warmup: number;
  readonly connections: number;
  /** The measured seconds of each server are split into this many rounds, interleaved. */
  readonly rounds: number;
  readonly conversations: number;
  /** Profile every part, not only those that missed their target. */
  readonly profile: boolean;
  readonly write: boolean;
  /** The parts to run (all by default). */
  readonly parts: ReadonlySet<Part>;
}

const PARTS = ['recognition', 'cold-start', 'http', 'memory'] as const;
type Part = (typeof PARTS)[number];

function parseOptions(argv: readonly string[]): Options {
  const number = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number`);
    return value;
  };
  const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '').split(',') : [...PARTS];
  const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`--only takes a comma list of ${PARTS.join(', ')}`);
  return {
    duration: number('duration', 10),
    warmup: number('warmup', 3),
    connections: Math.round(number('connections', 50)),
    rounds: Math.round(number('rounds', 2)),
    conversations: Math.round(number('conversations', 100_000)),
    profile: argv.includes('--profile'),
    // A partial run would blank the other figures in BENCHMARKS.md.
    write: !argv.includes('--no-write') && only.length === PARTS.length,
    parts: new Set(only as Part[]),
  };
}

interface Figures {
  top1: number | null;
  baselineTop1: number | null;
  recogP99Us: number | null;
  pasteP99Us: number | null;
  /** The slowest recognition of a hostile message (shown in the table, not in the JSON line). */
  worstCaseMs: number | null;
  /** The slowest whole conversation turn on a hostile message (table only, like worstCaseMs). */
  worstTurnMs: number | null;
  httpRps: number | null;
  peerRps: number | null;
  bareRps: number | null;
  peerRatio: number | null;
  httpRatio: number | null;
  turnP99Ms: number | null;
  coldStartMs: number | null;
  rssMb100k: number | null;
}

interface Target {
  readonly label: string;
  readonly text: string;
  readonly value: (f: Figures) => number | null;
  readonly pass: (v: number) => boolean;
  /** Which profile explains a miss. */
  readonly area: 'recognition' | 'paste' | 'http' | 'cold-start' | 'memory';
}

const TARGETS: readonly Target[] = [
  {
    label: 'top1 − baselineTop1',
    text: '≥ 0.15',
    value: (f) => (f.top1 === null || f.baselineTop1 === null ? null : round(f.top1 - f.baselineTop1, 3)),
    pass: (v) => v >= 0.15,
    area: 'recognition',
  },
  {
    label: 'recogP99Us',
    text: '≤ 1000',
    value: (f) => f.recogP99Us,
    pass: (v) => v <= 1000,
    area: 'recognition',
  },
  { label: 'pasteP99Us', text: '≤ 5000', value: (f) => f.pasteP99Us, pass: (v) => v <= 5000, area: 'paste' },
  {
    label: 'worst-case recognition ms',
    text: '≤ 50',
    value: (f) => f.worstCaseMs,
    pass: (v) => v <= 50,
    area: 'paste',
  },
  {
    label: 'worst-case conversation turn ms',
    text: '≤ 50',
    value: (f) => f.worstTurnMs,
    pass: (v) => v <= 50,
    area: 'paste',
  },
  { label: 'peerRatio', text: '≥ 0.9', value: (f) => f.peerRatio, pass: (v) => v >= 0.9, area: 'http' },
  { label: 'httpRatio', text: '≥ 0.2', value: (f) => f.httpRatio, pass: (v) => v >= 0.2, area: 'http' },
  { label: 'turnP99Ms', text: '≤ 20', value: (f) => f.turnP99Ms, pass: (v) => v <= 20, area: 'http' },
  {
    label: 'coldStartMs',
    text: '≤ 1500',
    value: (f) => f.coldStartMs,
    pass: (v) => v <= 1500,
    area: 'cold-start',
  },
  { label: 'rssMb100k', text: '≤ 200', value: (f) => f.rssMb100k, pass: (v) => v <= 200, area: 'memory' },
];

const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Child processes

/** The node flags of `npm start`, so the bot is measured as it is run. */
function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const match = /^node\s+(.*?)\s*dist\/src\/index\.js/.exec(pkg.scripts?.start ?? '');
  return match?.[1] ? match[1].split(/\s+/).filter(Boolean) : [];
}

/** A TypeScript child (bench/NAME.ts) run through tsx, like the project's other scripts. */
function spawnBenchChild(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[],
): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(BENCH_DIR, script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
}

function collectStdout(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`child exited with ${signal ?? code}`)),
    );
  });
}

const lastJsonLine = <T>(out: string): T => JSON.parse(out.trim().split('\n').pop() ?? '') as T;

type ServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'usage'; cpuUs: number; rssMb: number; heapUsedMb: number; serverMs: number[] }
  | { type: 'profiling' }
  | { type: 'profile'; file: string };

/** Sends a message to a server child and waits for its answer of the given type. */
function ask<T extends ServerMessage['type']>(
  child: ChildProcess,
  message: object | undefined,
  type: T,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ServerMessage) => {
      if (m.type !== type) return;
      cleanup();
      resolve(m as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`server child exited (${code}) while waiting for "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (message) child.send(message);
  });
}

async function stopChild(child: ChildProcess, message?: object): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (message && child.connected) child.send(message);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// 1. Recognition (bench/recognition.ts)

interface RecognitionResult {
  cases: number;
  inScope: number;
  top1: number;
  top3: number;
  oosRecall: number;
  top1TabledTopics: number;
  baselines: { name: string; top1: number; top1TabledTopics: number }[];
  guideRows: number;
  recogniserBuildMs: number;
  short: { samples: number; p50Us: number; p99Us: number; maxUs: number };
  paste: { samples: number; bytes: number; p50Us: number; p99Us: number; maxUs: number; recognised: string };
  adversarial: {
    shapes: number;
    worstMs: number;
    worstShape: string;
    worstTurnMs: number;
    worstTurnShape: string;
  };
  profiles: { short?: string; paste?: string };
}

async function measureRecognition(profileDir: string): Promise<RecognitionResult> {
  const child = spawnBenchChild('recognition.ts', ['--profile-dir', profileDir], []);
  return lastJsonLine<RecognitionResult>(await collectStdout(child));
}

// ---------------------------------------------------------------------------------------------
// 2. HTTP load (autocannon here, servers in bench/serve.ts children)

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: AutocannonRequest[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  requests: { average: number; total: number };
}
// autocannon ships no type declarations; this is the part of its programmatic API used here.
const autocannon = createRequire(__filename)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

/** A three-turn troubleshooting conversation: the error, then the answers to two questions. */
const FLOW = [
  "Connector registration failed: Make sure you enabled Application Proxy in the Azure Management Portal and that you entered your Active Directory user name and password correctly. Error: 'One or more errors occurred.'",
  'yes',
  'no',
] as const;

let conversationCounter = 0;

function activityBody(conversation: string, turn: number): string {
  return JSON.stringify({
    type: 'message',
    id: `${conversation}-${turn}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    conversation: { id: conversation, conversationType: 'personal', tenantId: 'bench-tenant' },
    from: { id: `user-${conversation}`, name: 'Ada Admin' },
    recipient: { id: 'bot', name: 'App Proxy Helper' },
    channelData: { tenant: { id: 'bench-tenant' } },
    text: FLOW[turn],
  });
}

interface LoadRun {
  result: AutocannonResult;
  /** 200 answers that carried no message activity: the bot did not really answer. */
  emptyAnswers: number;
  conversations: number;
  /** Each turn's latencies (ms), as the load generator saw them. */
  turnMs: number[][];
}

async function load(port: number, seconds: number, connections: number, tag: string): Promise<LoadRun> {
  let emptyAnswers = 0;
  const firstConversation = conversationCounter;
  const turnMs: number[][] = FLOW.map(() => []);
  // autocannon gives each connection a fresh context at the start of every pass through
  // `requests`, so each connection runs one conversation per pass, under a new id each time.
  // It builds a request just before sending it, so setupRequest → onResponse times the turn.
  const requests: AutocannonRequest[] = FLOW.map((_, turn) => ({
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request, context) => {
      if (turn === 0) {
        context.conversation = `${tag}-${++conversationCounter}`;
        // Each connection's first request is built before it has even connected: not a turn.
        context.timed = conversationCounter - firstConversation > connections;
      }
      context.sentAt = performance.now();
      return { ...request, body: activityBody(String(context.conversation), turn) };
    },
    onResponse: (status, body, context) => {
      if (turn > 0 || context.timed) turnMs[turn]!.push(performance.now() - Number(context.sentAt));
      if (status === 200 && !body.includes('"type":"message"')) emptyAnswers++;
    },
  }));
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 30,
    requests,
  });
  return { result, emptyAnswers, conversations: conversationCounter - firstConversation, turnMs };
}

interface HttpFigures {
  target: string;
  rps: number;
  /** Latency of the turns on established connections (each connection's first request left out). */
  p50Ms: number;
  p99Ms: number;
  /** autocannon's own p99 and max, which include each new connection's first request. */
  rawP99Ms: number;
  maxMs: number;
  requests: number;
  conversations: number;
  failures: number;
  cpuUsPerRequest: number;
  rssMb: number;
  /** p50 and p99 (ms) of turn 1, 2 and 3 of the conversation, all rounds together. */
  byTurn: { p50: number; p99: number }[];
  /** p50 and p99 (ms) inside the server: from the request's arrival to its response's last byte. */
  inServer: { p50: number; p99: number };
}

async function startServer(target: string, flags: readonly string[]) {
  const child = spawnBenchChild('serve.ts', [target], flags);
  child.stdout?.resume();
  const { port } = await ask(child, undefined, 'listening');
  return { child, port };
}

function p50p99(ms: readonly number[]): { p50: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50), 1), p99: round(percentile(sorted, 99), 1) };
}

interface RoundTotals {
  seconds: number;
  ok: number;
  failures: number;
  conversations: number;
  cpuUs: number;
  rawP99Ms: number;
  maxMs: number;
  rssMb: number;
  turnMs: number[][];
  serverMs: number[];
}

/**
 * Loads each server in turn, in rounds (bot, peer, bare, bot, peer, bare…), so that a change in
 * what else the machine is doing falls on all three alike instead of on whichever ran last.
 */
async function measureHttp(
  targets: readonly string[],
  options: Options,
  flags: readonly string[],
): Promise<HttpFigures[]> {
  const servers: { target: string; child: ChildProcess; port: number; totals: RoundTotals }[] = [];
  try {
    for (const target of targets) {
      const { child, port } = await startServer(target, flags);
      const totals: RoundTotals = {
        seconds: 0,
        ok: 0,
        failures: 0,
        conversations: 0,
        cpuUs: 0,
        rawP99Ms: 0,
        maxMs: 0,
        rssMb: 0,
        turnMs: FLOW.map(() => []),
        serverMs: [],
      };
      servers.push({ target, child, port, totals });
      await load(port, options.warmup, options.connections, `${target}-warmup`);
    }
    const seconds = options.duration / options.rounds;
    for (let pass = 1; pass <= options.rounds; pass++)
      for (const { target, child, port, totals } of servers) {
        const before = await ask(child, { type: 'usage' }, 'usage');
        const run = await load(port, seconds, options.connections, target);
        const after = await ask(child, { type: 'usage' }, 'usage');
        const { result } = run;
        totals.seconds += result.duration;
        totals.ok += result['2xx'];
        totals.failures += result.errors + result.timeouts + result.non2xx + run.emptyAnswers;
        totals.conversations += run.conversations;
        totals.cpuUs += after.cpuUs - before.cpuUs;
        totals.rawP99Ms = Math.max(totals.rawP99Ms, result.latency.p99);
        totals.maxMs = Math.max(totals.maxMs, result.latency.max);
        totals.rssMb = after.rssMb;
        run.turnMs.forEach((ms, turn) => totals.turnMs[turn]!.push(...ms));
        totals.serverMs.push(...after.serverMs);
        log(
          `  round ${pass} ${target}: ${Math.round(result['2xx'] / result.duration)} req/s, p99 ${result.latency.p99} ms`,
        );
      }
  } finally {
    for (const { child } of servers) await stopChild(child, { type: 'stop' });
  }
  return servers.map(({ target, totals: t }) => {
    const turns = p50p99(t.turnMs.flat());
    return {
      target,
      rps: round(t.ok / t.seconds),
      p50Ms: turns.p50,
      p99Ms: turns.p99,
      rawP99Ms: t.rawP99Ms,
      maxMs: t.maxMs,
      requests: t.ok,
      conversations: t.conversations,
      failures: t.failures,
      cpuUsPerRequest: round(t.cpuUs / Math.max(1, t.ok)),
      rssMb: round(t.rssMb),
      byTurn: t.turnMs.map(p50p99),
      inServer: p50p99(t.serverMs),
    };
  });
}

async function profileHttp(
  target: string,
  options: Options,
  flags: readonly string[],
  dir: string,
): Promise<string> {
  const { child, port } = await startServer(target, flags);
  try {
    await load(port, options.warmup, options.connections, 'profile-warmup');
    await ask(child, { type: 'profile-start', dir, name: `http-${target}` }, 'profiling');
    await load(port, options.duration, options.connections, 'profile');
    return (await ask(child, { type: 'profile-stop' }, 'profile')).file;
  } finally {
    await stopChild(child, { type: 'stop' });
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Cold start (the built bot, started as `npm start` starts it)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function post(port: number, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** True when every compiled file of src/ and dialogs/ is newer than its source. */
function distIsFresh(): boolean {
  const stale = (dir: string): boolean =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).some((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return stale(rel);
      if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) return false;
      const built = path.join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
      return !fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(ROOT, rel)).mtimeMs;
    });
  return !stale('src') && !stale('dialogs');
}

/** Builds dist/ when it is missing or older than the sources; says whether the build is current. */
function ensureBuilt(): boolean {
  if (distIsFresh()) return true;
  log('  dist/ is missing or stale: npm run build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status === 0) return true;
  log('  the build failed; measuring the dist/ that is there');
  return false;
}

const ENTRY = path.join('dist', 'src', 'index.js');

async function coldStartOnce(flags: readonly string[], extraFlags: readonly string[] = []): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, ...extraFlags, ENTRY], {
    cwd: ROOT,
    // No credentials: the bot then checks no tokens, as in local use.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  try {
    const body = activityBody(`cold-${port}`, 0);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} before answering`);
      if (performance.now() - started > 30_000) throw new Error('the bot did not answer within 30 s');
      try {
        const answer = await post(port, body);
        if (answer.status === 200 && answer.body.includes('"type":"message"'))
          return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      await sleep(5);
    }
  } finally {
    await stopChild(child);
  }
}

async function profileColdStart(flags: readonly string[], dir: string): Promise<string | undefined> {
  // The preload exits the process after its first answer, so --cpu-prof writes the profile.
  const before = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  await coldStartOnce(flags, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--import',
    path.join(BENCH_DIR, 'exitAfterFirstAnswer.mjs'),
  ]).catch(() => undefined);
  const written = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  return written[0] ? path.join(dir, written[0]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// 4. Memory (bench/memory.ts)

interface MemoryPoint {
  conversations: number;
  seconds: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  oldSpaceMb: number;
  oldSpaceUsedMb: number;
}

function measureMemory(conversations: number, flags: readonly string[]): Promise<MemoryPoint[]> {
  const every = Math.max(1, Math.round(conversations / 10));
  // Plain node on dist/, as `npm start` runs the bot: tsx would add ~40 MB of its own.
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...flags, path.join(BENCH_DIR, 'memory.mjs'), String(conversations), String(every)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const points: MemoryPoint[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) {
      const point = JSON.parse(line) as MemoryPoint;
      points.push(point);
      log(
        `  ${String(point.conversations).padStart(7)} conversations  ${String(point.seconds).padStart(6)} s  rss ${point.rssMb} MB  heap used ${point.heapUsedMb} MB`,
      );
    }
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(points) : reject(new Error(`memory child exited with ${code}`)),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Profiles: the top self-time functions of a .cpuprofile

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

const OWN_FOLDERS = ['src', 'dialogs', 'bench', 'dist'];
const PROFILER_FILE = path.join('bench', 'profiler.ts');

function where(url: string): { place: string; owner: string; pkg?: string; own?: boolean } {
  const file = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (inModules)
    return { place: `${inModules[1]}/${inModules[2]}`, owner: inModules[1]!, pkg: inModules[1]! };
  if (file.startsWith('node:')) return { place: file, owner: 'node (internal)' };
  if (!file) return { place: '', owner: '(gc, native, idle)' };
  const rel = path.relative(ROOT, file);
  const top = rel.split(path.sep)[0] ?? '';
  return { place: rel, owner: rel.split(path.sep).slice(0, 2).join('/'), own: OWN_FOLDERS.includes(top) };
}

/**
 * Where a sample's time goes, seen from our code: the first package entered after the deepest
 * frame of our own code on the stack (so the time botbuilder-dialogs spends, callees included,
 * counts once under its name, while a waterfall step of ours that it calls counts as ours, and
 * natural's stemmer called from the recogniser counts as natural).
 */
function enteredFrom(stack: readonly { url: string }[]): string {
  const places = stack.map((frame) => where(frame.url));
  let lastOwn = -1;
  places.forEach((p, i) => {
    if (p.own) lastOwn = i;
  });
  const entered = places.slice(lastOwn + 1).find((p) => p.pkg);
  if (entered?.pkg) return entered.pkg;
  if (lastOwn >= 0) return places[lastOwn]!.owner;
  return places.find((p) => p.pkg)?.pkg ?? places[places.length - 1]?.owner ?? '?';
}

function summariseProfile(file: string, top = 12): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  const entered = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, dt: number) => map.set(key, (map.get(key) ?? 0) + dt);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    const stack: { url: string }[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
      stack.unshift(byId.get(at)?.callFrame ?? { url: '' });
    // Stopping the profiler serialises the profile inside the last sample: not the server's work.
    if (stack.some((f) => f.url.endsWith(PROFILER_FILE))) return;
    add(entered, enteredFrom(stack), dt);
    const { place, owner } = where(frame.url);
    add(
      self,
      `${frame.functionName || '(anonymous)'}${place ? `  ${place}:${frame.lineNumber + 1}` : ''}`,
      dt,
    );
    add(owners, owner, dt);

    total += dt;
  });
  const pct = (v: number) => `${((v / Math.max(1, total)) * 100).toFixed(1).padStart(5)}%`;
  const list = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${pct(v)}  ${k}`);
  return [
    `${path.basename(file)}: ${round(total / 1000)} ms of samples (idle and the profiler excluded)`,
    'top self time:',
    ...list(self, top),
    'self time by package / folder:',
    ...list(owners, 8),
    'all time by what our code called into (self + callees):',
    ...list(entered, 8),
  ];
}

// ---------------------------------------------------------------------------------------------
// Report

interface Report {
  figures: Figures;
  recognition?: RecognitionResult;
  http: HttpFigures[];
  coldStarts: number[];
  buildNote?: string;
  memory: MemoryPoint[];
  profiles: { area: string; lines: string[] }[];
  failures: string[];
  seconds: number;
  loadAverage: number[];
}

function machine(loadAverage: readonly number[]): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${round(os.totalmem() / 2 ** 30, 1)} GB, ${os.type()} ${os.release()}, node ${process.version}; load average at start ${loadAverage.map((l) => l.toFixed(2)).join(' / ')}`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)];
}

const show = (v: number | null | undefined, unit = ''): string =>
  v === null || v === undefined ? 'n/a' : `${v}${unit}`;

function render(report: Report): string[] {
  const f = report.figures;
  const out: string[] = [];
  out.push(
    `Run ${new Date().toISOString()} in ${report.seconds} s on ${machine(report.loadAverage)}.`,
    '',
    ...table([
      ['figure', 'value', 'target', 'result'],
      ['top1 (ours, dev set)', show(f.top1), '', ''],
      ['baselineTop1 (best of natural Bayes / LR on the guide)', show(f.baselineTop1), '', ''],
      ...TARGETS.map((t) => {
        const v = t.value(f);
        return [t.label, show(v), t.text, v === null ? 'n/a' : t.pass(v) ? 'PASS' : 'MISS'];
      }),
      ['httpRps (our bot)', show(f.httpRps), '', ''],
      ['peerRps (SDK waterfall bot)', show(f.peerRps), '', ''],
      ['bareRps (bare restify route)', show(f.bareRps), '', ''],
    ]),
  );
  const r = report.recognition;
  if (r) {
    out.push(
      '',
      `Recognition on test/eval/dev.jsonl (${r.cases} cases, ${r.inScope} in scope; baselines trained on the guide's ${r.guideRows} table rows):`,
      '',
      ...table([
        ['recogniser', 'top1', 'top1 without connector-health*'],
        ['ours', String(r.top1), String(r.top1TabledTopics)],
        ...r.baselines.map((b) => [b.name, String(b.top1), String(b.top1TabledTopics)]),
      ]),
      '',
      "\\* connector-health (the general checks) has no row in the guide's tables, so the baselines never answer it.",
      '',
      `recognise() latency: short messages p50 ${r.short.p50Us} µs, p99 ${r.short.p99Us} µs (${r.short.samples} calls); ${r.paste.bytes}-byte pastes p50 ${r.paste.p50Us} µs, p99 ${r.paste.p99Us} µs (${r.paste.samples} calls), topic right in ${r.paste.recognised}; building the recogniser ${r.recogniserBuildMs} ms. Worst case over ${r.adversarial.shapes} hostile shapes (each attack of the reliability issue at the body limit): ${r.adversarial.worstMs} ms (${r.adversarial.worstShape}); as whole conversation turns (first message, after a fix, at a question, with replies shaped against the core's patterns too): ${r.adversarial.worstTurnMs} ms (${r.adversarial.worstTurnShape}).`,
    );
  }
  if (report.http.length) {
    out.push(
      '',
      'HTTP, POST /api/messages with expectReplies, 3-turn conversations, a new conversation per pass:',
      '',
      ...table([
        [
          'server',
          'req/s',
          'p50 / p99 ms',
          'incl. connection opening p99 / max ms',
          'in the server p50 / p99 ms',
          'by turn 1, 2, 3 p50 / p99 ms',
          'requests',
          'conversations',
          'failures',
          'CPU µs/req',
          'RSS MB',
        ],
        ...report.http.map((h) => [
          h.target,
          String(h.rps),
          `${h.p50Ms} / ${h.p99Ms}`,
          `${h.rawP99Ms} / ${h.maxMs}`,
          `${h.inServer.p50} / ${h.inServer.p99}`,
          h.byTurn.map((t) => `${t.p50} / ${t.p99}`).join(', '),
          String(h.requests),
          String(h.conversations),
          String(h.failures),
          String(h.cpuUsPerRequest),
          String(h.rssMb),
        ]),
      ]),
    );
    out.push(
      '',
      "Latency is the load generator's, per request, on connections already open; autocannon's own p99 also counts each new connection's first request, which a saturated server admits only one per event-loop pass (up to seconds). \"In the server\" runs from the request's arrival in the server process to its response's last byte: the rest of a turn's latency is waiting for the event loop.",
    );
    const cpu = (target: string) => report.http.find((h) => h.target === target)?.cpuUsPerRequest;
    const [bot, peer, bare] = [cpu('bot'), cpu('peer'), cpu('bare')];
    if (bot && peer && bare)
      out.push(
        '',
        `The servers are CPU-bound, so CPU time per request predicts the ratios without the machine's other load: peer ÷ ours ${round(peer / bot, 3)} (peerRatio), bare ÷ ours ${round(bare / bot, 3)} (httpRatio).`,
      );
  }
  if (report.coldStarts.length)
    out.push(
      '',
      `Cold start (spawn → first answered message): ${report.coldStarts.map((ms) => `${round(ms)} ms`).join(', ')}; median ${show(f.coldStartMs, ' ms')}.`,
    );
  if (report.memory.length)
    out.push(
      '',
      'Memory after N distinct conversations (one message each, in-process, after a full GC):',
      '',
      ...table([
        ['conversations', 'RSS MB', 'heap used MB', 'heap total MB', 'old space MB (used)', 'seconds'],
        ...report.memory
          .filter((p) =>
            [0, 0.1, 0.5, 1].some((share) => p.conversations === Math.round(share * maxOf(report))),
          )
          .map((p) => [
            String(p.conversations),
            String(p.rssMb),
            String(p.heapUsedMb),
            String(p.heapTotalMb),
            `${p.oldSpaceMb} (${p.oldSpaceUsedMb})`,
            String(p.seconds),
          ]),
      ]),
    );
  if (report.buildNote) out.push('', `Note: ${report.buildNote}`);
  for (const p of report.profiles) out.push('', `Profile for ${p.area}:`, '', '```', ...p.lines, '```');
  if (report.failures.length) out.push('', 'Failures:', ...report.failures.map((m) => `- ${m}`));
  return out;
}

const maxOf = (report: Report): number => Math.max(...report.memory.map((p) => p.conversations));

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function writeBenchmarks(lines: readonly string[]): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const section = `${START}\n\n${lines.join('\n')}\n\n${END}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n## Latest figures\n\n${section}\n`;
  fs.writeFileSync(file, next);
}

// ---------------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
  // `npm run bench -- --summarise FILE.cpuprofile…`: the three views of profiles taken earlier.
  if (argv[0] === '--summarise') {
    for (const file of argv.slice(1)) console.log([...summariseProfile(file, 20), ''].join('\n'));
    return 0;
  }
  const options = parseOptions(argv);
  const started = performance.now();
  const flags = startFlags();
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profiles-'));
  const report: Report = {
    figures: {
      top1: null,
      baselineTop1: null,
      recogP99Us: null,
      pasteP99Us: null,
      worstCaseMs: null,
      worstTurnMs: null,
      httpRps: null,
      peerRps: null,
      bareRps: null,
      peerRatio: null,
      httpRatio: null,
      turnP99Ms: null,
      coldStartMs: null,
      rssMb100k: null,
    },
    http: [],
    coldStarts: [],
    memory: [],
    profiles: [],
    failures: [],
    seconds: 0,
    loadAverage: os.loadavg(),
  };
  const f = report.figures;
  const phase = async (name: string, run: () => Promise<void>) => {
    log(`${name}…`);
    try {
      await run();
    } catch (err) {
      report.failures.push(`${name}: ${(err as Error).message}`);
      log(`  FAILED: ${(err as Error).message}`);
    }
  };
  log(`machine: ${machine(report.loadAverage)}`);
  if (report.loadAverage[0]! > os.cpus().length * 0.5)
    log('  note: the machine is busy; throughput and latency figures will be lower than on an idle one');

  const run = (part: Part) => options.parts.has(part);
  if (run('recognition'))
    await phase('recognition (dev set, baselines, latency)', async () => {
      const r = await measureRecognition(profileDir);
      report.recognition = r;
      f.top1 = r.top1;
      f.baselineTop1 = Math.max(...r.baselines.map((b) => b.top1));
      f.recogP99Us = r.short.p99Us;
      f.pasteP99Us = r.paste.p99Us;
      f.worstCaseMs = r.adversarial.worstMs;
      f.worstTurnMs = r.adversarial.worstTurnMs;
    });

  const needsBuild = run('cold-start') || run('memory');
  if (needsBuild) log('build (cold start and memory run the built bot, as npm start does)…');
  const built = needsBuild && ensureBuilt();
  if (needsBuild && !built)
    report.buildNote =
      'dist/ could not be rebuilt (the sources did not compile), so cold start and memory measure the previous build.';
  if (run('cold-start'))
    await phase('cold start (3 runs of the built bot)', async () => {
      for (let i = 0; i < 3; i++) report.coldStarts.push(await coldStartOnce(flags));
      f.coldStartMs = round(median(report.coldStarts));
    });

  if (run('http'))
    await phase(
      `HTTP load (${options.warmup} s warm-up each, then ${options.rounds} rounds of bot, peer, bare: ${options.duration} s each in all)`,
      async () => {
        report.http = await measureHttp(['bot', 'peer', 'bare'], options, flags);
      },
    );
  const rps = (target: string) => report.http.find((h) => h.target === target)?.rps ?? null;
  f.httpRps = rps('bot');
  f.peerRps = rps('peer');
  f.bareRps = rps('bare');
  f.turnP99Ms = report.http.find((h) => h.target === 'bot')?.p99Ms ?? null;
  if (f.httpRps !== null && f.peerRps) f.peerRatio = round(f.httpRps / f.peerRps, 3);
  if (f.httpRps !== null && f.bareRps) f.httpRatio = round(f.httpRps / f.bareRps, 3);

  if (run('memory'))
    await phase(`memory (${options.conversations} conversations of the built bot)`, async () => {
      if (!built && !fs.existsSync(path.join(ROOT, ENTRY))) throw new Error('no dist/ to measure');
      report.memory = await measureMemory(options.conversations, flags);
      const last = report.memory[report.memory.length - 1];
      // The figure is defined at 100,000 conversations; shorter runs only fill the table.
      if (last?.conversations === 100_000) f.rssMb100k = last.rssMb;
    });

  // Profiles explain misses: run them after every measurement so they cannot disturb one.
  const missed = new Set(
    TARGETS.filter((t) => {
      const v = t.value(f);
      return v !== null && !t.pass(v);
    }).map((t) => t.area),
  );
  const wanted = (area: Target['area']) =>
    (options.profile && (area === 'paste' || run(area as Part))) || missed.has(area);
  const r = report.recognition;
  if (r?.profiles.short && wanted('recognition'))
    report.profiles.push({
      area: 'recognise() on short messages',
      lines: summariseProfile(r.profiles.short),
    });
  if (r?.profiles.paste && wanted('paste'))
    report.profiles.push({ area: 'recognise() on 20 KB pastes', lines: summariseProfile(r.profiles.paste) });
  if (wanted('http'))
    await phase('profiling our bot under HTTP load', async () => {
      const file = await profileHttp('bot', options, flags, profileDir);
      report.profiles.push({ area: 'our bot under HTTP load', lines: summariseProfile(file, 20) });
    });
  if (options.profile && run('http'))
    await phase('profiling the peer bot under HTTP load', async () => {
      const file = await profileHttp('peer', options, flags, profileDir);
      report.profiles.push({ area: 'the peer bot under HTTP load', lines: summariseProfile(file, 20) });
    });
  if (wanted('cold-start') && fs.existsSync(path.join(ROOT, ENTRY)))
    await phase('profiling a cold start', async () => {
      const file = await profileColdStart(flags, profileDir);
      if (file) report.profiles.push({ area: 'cold start', lines: summariseProfile(file, 15) });
    });

  report.seconds = round((performance.now() - started) / 1000);
  const lines = render(report);
  console.log(lines.join('\n'));
  if (options.write) {
    writeBenchmarks(lines);
    log('\nBENCHMARKS.md updated');
  }
  if (report.profiles.length) log(`profiles (.cpuprofile, open in Chrome DevTools): ${profileDir}`);
  else fs.rmSync(profileDir, { recursive: true, force: true });
  // The JSON line keeps its keys; the worst case is a row of the table.
  console.log(JSON.stringify({ ...f, worstCaseMs: undefined, worstTurnMs: undefined }));
  return report.failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error((err as Error).stack ?? String(err));
    process.exitCode = 1;
  },
);
