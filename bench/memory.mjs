// Child process of `npm run bench`: the built bot's memory as conversations pile up. It runs
// dist/ under plain node with the flags of `npm start` (tsx would add its own ~40 MB), so the
// figures are those of the process users run. N distinct conversations, one message each (the
// dev set's texts in turn, so the state left behind is what real first messages leave: a dialog
// waiting on a question, a topic menu, a "not my area"), driven in-process through the real
// CloudAdapter with the default in-memory state. Prints one JSON line per checkpoint, after a
// full GC when node runs with --expose-gc.
//   node --expose-gc bench/memory.mjs [conversations] [checkpointEvery]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { createBotApp } = require('./dist/src/app.js');
const { DirectClient } = require('./dist/src/directClient.js');
const { parseCases } = require('./dist/src/engine/evaluate.js');

const MB = 2 ** 20;

function snapshot(conversations, started) {
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return {
    conversations,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    rssMb: Math.round(memory.rss / MB),
    heapUsedMb: Math.round(memory.heapUsed / MB),
    heapTotalMb: Math.round(memory.heapTotal / MB),
    oldSpaceMb: Math.round((old?.space_size ?? 0) / MB),
    oldSpaceUsedMb: Math.round((old?.space_used_size ?? 0) / MB),
  };
}

async function main(argv) {
  const total = Number(argv[0] ?? 100_000);
  const every = Number(argv[1] ?? 10_000);
  const devFile = path.join(root, 'test', 'eval', 'dev.jsonl');
  const texts = parseCases(fs.readFileSync(devFile, 'utf8'), devFile).map((c) => c.text);
  const app = createBotApp();
  const started = performance.now();
  console.log(JSON.stringify(snapshot(0, started)));
  for (let i = 1; i <= total; i++) {
    const client = new DirectClient({
      adapter: app.adapter,
      runTurn: app.runTurn,
      channelId: 'msteams',
      conversationId: `memory-${i}`,
      userId: `user-${i}`,
    });
    await client.say(texts[i % texts.length]);
    if (i % every === 0) console.log(JSON.stringify(snapshot(i, started)));
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exitCode = 1;
});
