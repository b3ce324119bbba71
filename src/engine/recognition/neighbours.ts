import type { Neighbour } from '../knowledgeSchema';
import type { NeighbourHint } from './types';

// Other products whose errors look like application proxy's: their tell-tale signals (product
// and role names, cmdlets, services, event sources, log paths, distinctive error texts).

// Signals are names and short phrases, found near the start of a post; a long paste's tail
// needn't be scanned for them.
const SIGNAL_SCAN_CHARS = 2500;

export interface NeighbourSignals {
  /** Each neighbour whose signals the text has, most signals first. */
  find(normalisedText: string): NeighbourHint[];
}

export function createNeighbourSignals(neighbours: readonly Neighbour[]): NeighbourSignals {
  const compiled = neighbours.map((n) => ({
    id: n.id,
    patterns: n.signals.map((s) => new RegExp(s, 'i')),
  }));
  return {
    find(fullText) {
      const text = fullText.length > SIGNAL_SCAN_CHARS ? fullText.slice(0, SIGNAL_SCAN_CHARS) : fullText;
      const found: NeighbourHint[] = [];
      for (const { id, patterns } of compiled) {
        const signals: string[] = [];
        let firstAt = text.length;
        for (const p of patterns) {
          const m = p.exec(text);
          if (!m) continue;
          signals.push(m[0]);
          firstAt = Math.min(firstAt, m.index);
        }
        if (signals.length) found.push({ id, signals, firstAt });
      }
      return found.sort((a, b) => b.signals.length - a.signals.length);
    },
  };
}
