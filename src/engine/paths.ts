import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root (the folder with package.json), whether running from src/ via tsx or from dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'knowledge')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the project root above ${from}`);
    dir = parent;
  }
}

export const defaultKnowledgeDir = (): string => path.join(projectRoot(), 'knowledge');
