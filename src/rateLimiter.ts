import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

// A per-user limit on messages (a sliding window), so one user or script cannot flood the bot.
// Kept per process: behind several instances each enforces it on the traffic it sees.

export interface RateLimiterOptions {
  readonly limit?: number;
  readonly windowMs?: number;
  /** Most users tracked at once; the least recently seen are forgotten first. */
  readonly maxUsers?: number;
  readonly now?: () => number;
}

export type RateDecision = 'allow' | 'limit-first' | 'limit';

/**
 * A user's messages inside the window, oldest first: a bare number for a single one (most users),
 * else an array with no spare room. (An array pushed to from empty reserves 17 slots: a tracked
 * user cost ~310 bytes that way, ~140 this way.)
 */
type Times = number | number[];

/**
 * Users are tracked by a digest of their key, not the key: what a client chooses for its ids
 * (up to 512 bytes each) then costs the limiter the same 22 characters as anyone's.
 */
const digestOf = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 22);

export class RateLimiter {
  private readonly hits: LRUCache<string, Times>;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private swept: number;

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 30;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    // An entry lives one window after its user's last message; lru-cache drops the least recently
    // seen past maxUsers.
    this.hits = new LRUCache<string, Times>({
      max: options.maxUsers ?? 50_000,
      ttl: this.windowMs,
      perf: { now: this.now },
      // Read the clock on every check (the default caches it for a millisecond on a timer).
      ttlResolution: 0,
    });
    this.swept = this.now();
  }

  /** Users tracked: those who wrote within the last window, at most `maxUsers`. */
  get size(): number {
    return this.hits.size;
  }

  /** `limit-first`: the first message over the limit (worth one polite reply); `limit`: later ones. */
  check(key: string): RateDecision {
    const now = this.now();
    const id = digestOf(key);
    const times = this.hits.get(id);
    const recent =
      times === undefined
        ? []
        : typeof times === 'number'
          ? now - times < this.windowMs
            ? [times]
            : []
          : times.filter((t) => now - t < this.windowMs);
    const over = recent.length >= this.limit;
    const first = recent.length === this.limit;
    // Over-limit messages are remembered only once, so the polite reply is sent once a window.
    const kept = over && !first ? recent : recent.length ? recent.concat(now) : now;
    this.hits.set(id, kept);
    // Users who went quiet leave the cache once a window, not on a timer of their own.
    if (now - this.swept >= this.windowMs) {
      this.swept = now;
      this.hits.purgeStale();
    }
    return !over ? 'allow' : first ? 'limit-first' : 'limit';
  }
}
