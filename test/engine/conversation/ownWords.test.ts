import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInference } from '../../../src/engine/conversation/inference';
import { loadKnowledge } from '../../../src/engine/knowledge';
import { defaultKnowledgeDir } from '../../../src/engine/paths';

// Causes told in people's own words (knowledge/…cues and rulesOut): one line a case,
// "topic|cause|sign|text", where + states the cause, - rules it out, 0 decides nothing.

const kb = loadKnowledge(defaultKnowledgeDir());
const inference = createInference(kb);
const rows = fs
  .readFileSync(path.join(__dirname, 'ownWords.cases.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => line.split('|') as [string, string, '+' | '-' | '0', string]);

describe('causes told in own words', () => {
  it.each(rows)('%s/%s %s: "%s"', (topic, cause, sign, text) => {
    const { stated, denied } = inference.rulings(topic, text);
    if (sign === '+') {
      expect(stated).toEqual([cause]);
      expect(denied).not.toContain(cause);
    } else if (sign === '-') {
      expect(denied).toContain(cause);
      expect(stated).not.toContain(cause);
    } else expect({ stated, denied }).toEqual({ stated: [], denied: [] });
  });
});
