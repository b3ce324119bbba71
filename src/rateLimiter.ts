// A per-user limit on messages (a sliding window), so one user or script cannot flood the bot.
// Kept per process: behind several instances each enforces it on the traffic it sees.

export interface RateLimiterOptions {
  readonly limit?: number;
  readonly windowMs?: number;
  /** Most users tracked at once; the longest idle are forgotten first. */
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

const newest = (times: Times): number => (typeof times === 'number' ? times : times[times.length - 1]!);

export class RateLimiter {
  /** Map order is recency order (each check re-inserts its user): the longest idle come first. */
  private readonly hits = new Map<string, Times>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxUsers: number;
  private readonly now: () => number;
  private swept: number;

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 30;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxUsers = options.maxUsers ?? 50_000;
    this.now = options.now ?? Date.now;
    this.swept = this.now();
  }

  /** Users tracked: those who wrote within the last window, at most `maxUsers`. */
  get size(): number {
    return this.hits.size;
  }

  /** `limit-first`: the first message over the limit (worth one polite reply); `limit`: later ones. */
  check(key: string): RateDecision {
    const now = this.now();
    const times = this.hits.get(key);
    this.hits.delete(key);
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
    this.hits.set(key, kept);
    if (this.hits.size > this.maxUsers || now - this.swept >= this.windowMs) this.sweep(now);
    return !over ? 'allow' : first ? 'limit-first' : 'limit';
  }

  /**
   * Forgets users whose last message has left the window and, past `maxUsers`, the longest idle.
   * Runs once a window, or when full, then frees 1/64 of the room at once: every walk from the
   * front of a Map also steps over the slots its deletions left there (V8 reclaims them only
   * when it rebuilds the table), which cost ~13 µs a message evicting one user at a time.
   */
  private sweep(now: number): void {
    this.swept = now;
    const keep =
      this.hits.size > this.maxUsers ? this.maxUsers - Math.floor(this.maxUsers / 64) : this.hits.size;
    for (const [key, times] of this.hits) {
      if (this.hits.size <= keep && now - newest(times) < this.windowMs) break;
      this.hits.delete(key);
    }
  }
}
