import { loadKnowledge, KnowledgeError } from '../engine/knowledge';
import { defaultKnowledgeDir } from '../engine/paths';

// `npm run validate [-- DIR]`: checks a knowledge folder without starting the bot.
const dir = process.argv[2] ?? defaultKnowledgeDir();
try {
  const kb = loadKnowledge(dir);
  const causes = [...kb.topics.values()].reduce((n, t) => n + t.causes.length, 0);
  console.log(`${dir}: ${kb.topics.size} topics, ${causes} causes, all valid`);
} catch (err) {
  console.error(err instanceof KnowledgeError ? err.message : err);
  process.exitCode = 1;
}
