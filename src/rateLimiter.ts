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

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxUsers: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 30;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxUsers = options.maxUsers ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** `limit-first`: the first message over the limit (worth one polite reply); `limit`: later ones. */
  check(key: string): RateDecision {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.delete(key);
    if (recent.length >= this.limit) {
      const first = recent.length === this.limit;
      // Over-limit messages are remembered only once, so the polite reply is sent once a window.
      if (first) recent.push(now);
      this.hits.set(key, recent);
      return first ? 'limit-first' : 'limit';
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxUsers) this.hits.delete(this.hits.keys().next().value as string);
    return 'allow';
  }
}
