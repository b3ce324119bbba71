import type { Topic } from '../knowledgeSchema';
import type { CauseHint } from './types';

// The cause a message already states ("the sign-in window closed by itself"), from each cause's
// cue patterns, so the question that asks about it can be skipped.

// A cause is stated near the start of a message; cues need not scan the rest of a 20 KB paste.
const CUE_SCAN_CHARS = 2500;

export interface CauseCues {
  /**
   * The cause of `topicId` the normalised text states, or the topic's only cause. `mended` is the
   * same text with its typos mended: a cue found in either counts.
   */
  detect(topicId: string, normalisedText: string, mended?: string): CauseHint | undefined;
}

export function createCauseCues(topics: readonly Topic[]): CauseCues {
  const cueIndex = new Map(
    topics.map((t) => [
      t.id,
      t.causes.map((c) => ({ cause: c.id, patterns: c.cues.map((s) => new RegExp(s, 'i')) })),
    ]),
  );
  return {
    detect(topicId, fullText, fullMended) {
      const text = fullText.length > CUE_SCAN_CHARS ? fullText.slice(0, CUE_SCAN_CHARS) : fullText;
      const mended = fullMended?.slice(0, CUE_SCAN_CHARS);
      const other = mended !== undefined && mended !== text ? mended : undefined;
      const found = (p: RegExp) => p.test(text) || (other !== undefined && p.test(other));
      const causes = cueIndex.get(topicId);
      if (!causes || causes.length === 0) return undefined;
      if (causes.length === 1) {
        const only = causes[0]!;
        return { cause: only.cause, reason: only.patterns.some(found) ? 'cue' : 'only-cause' };
      }
      let best: { cause: string; hits: number } | undefined;
      let tie = false;
      for (const { cause, patterns } of causes) {
        const hits = patterns.filter(found).length;
        if (hits === 0) continue;
        if (!best || hits > best.hits) {
          best = { cause, hits };
          tie = false;
        } else if (hits === best.hits) tie = true;
      }
      return best && !tie ? { cause: best.cause, reason: 'cue' } : undefined;
    },
  };
}
