import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import * as path from 'node:path';

// CPU profiles of a chosen window, from inside the process: the same .cpuprofile that
// `node --cpu-prof` writes, without start-up and warm-up in it, and with positions mapped back
// to the TypeScript source (tsx compiles each file to one line, which says nothing).

export interface RunningProfile {
  /** Stops profiling and writes the profile; resolves to its path. */
  stop(): Promise<string>;
}

interface CallFrame {
  url: string;
  lineNumber: number;
  columnNumber: number;
}

function mapToSource(nodes: readonly { callFrame: CallFrame }[]): void {
  for (const { callFrame } of nodes) {
    if (!callFrame.url || callFrame.url.includes('/node_modules/')) continue;
    const entry = findSourceMap(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (entry && 'originalLine' in entry) {
      callFrame.lineNumber = entry.originalLine;
      callFrame.columnNumber = entry.originalColumn;
    }
  }
}

export async function startProfile(dir: string, name: string): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mapToSource(profile.nodes);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
