import type { Storage, StoreItems } from 'botbuilder';

export interface BoundedMemoryStorageOptions {
  /** Most keys kept; past it the least recently used are dropped. */
  readonly maxEntries?: number;
  /**
   * Most bytes (UTF-8) of keys and JSON kept; past it the least recently used are dropped. A count
   * alone would not bound memory: one entry may hold a few hundred bytes or a pasted log. Bytes,
   * not characters: a character outside Latin-1 takes two bytes in the heap (three in UTF-8).
   */
  readonly maxBytes?: number;
  /** Keys not read or written for this long are dropped. */
  readonly idleTtlMs?: number;
  readonly now?: () => number;
}

const SWEEP_IDLE_EVERY_MS = 60_000;

interface Entry {
  json: string;
  eTag: string;
  touched: number;
  /** UTF-8 bytes of the key and the JSON, worked out once. */
  bytes: number;
}

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * In-memory bot state that cannot grow without bound: the SDK's MemoryStorage keeps every
 * conversation ever seen. Least recently used keys go first past `maxEntries` or `maxBytes`, idle ones after
 * `idleTtlMs`. Items are stored as JSON (so callers can't mutate them by reference) with real
 * eTags: a write whose eTag is neither "*" nor the current one fails, as Blob Storage does.
 */
export class BoundedMemoryStorage implements Storage {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly idleTtlMs: number;
  private readonly now: () => number;
  private nextETag = 1;
  private swept: number;

  constructor(options: BoundedMemoryStorageOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 32 * 2 ** 20;
    this.idleTtlMs = options.idleTtlMs ?? 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
    this.swept = this.now();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes (UTF-8) of keys and JSON held now. */
  get byteCount(): number {
    return this.bytes;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const now = this.now();
    for (const key of keys) {
      const entry = this.live(key, now);
      if (!entry) continue;
      this.touch(key, entry, now);
      items[key] = { ...JSON.parse(entry.json), eTag: entry.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    for (const [key, change] of Object.entries(changes)) {
      const existing = this.live(key, now);
      const eTag = (change as { eTag?: unknown } | null)?.eTag;
      if (existing && typeof eTag === 'string' && eTag !== '*' && eTag !== existing.eTag)
        throw new ETagConflictError(key);
    }
    for (const [key, change] of Object.entries(changes)) {
      const { eTag: _ignored, ...value } = (change ?? {}) as Record<string, unknown>;
      void _ignored;
      const json = JSON.stringify(value);
      const bytes = Buffer.byteLength(key, 'utf8') + Buffer.byteLength(json, 'utf8');
      this.touch(key, { json, eTag: String(this.nextETag++), touched: now, bytes }, now);
    }
    this.evict(now);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.drop(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.touched > this.idleTtlMs) {
      this.drop(key);
      return undefined;
    }
    return entry;
  }

  /** Map order is recency order: re-inserting moves a key to the end. */
  private touch(key: string, entry: Entry, now: number): void {
    entry.touched = now;
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /**
   * Drops idle keys and, past `maxEntries` or `maxBytes`, the least recently used. Runs when full,
   * then frees 1/64 of the room at once, or at most once a minute for idle keys (a read drops an
   * idle key anyway): every walk from the front of a Map also steps over the slots its deletions
   * left there (V8 reclaims them only when it rebuilds the table), which cost ~10 µs a write
   * evicting one key at a time.
   */
  private evict(now: number): void {
    const full = this.entries.size > this.maxEntries || this.bytes > this.maxBytes;
    if (!full && now - this.swept < Math.min(this.idleTtlMs, SWEEP_IDLE_EVERY_MS)) return;
    this.swept = now;
    const keepEntries = full ? this.maxEntries - Math.floor(this.maxEntries / 64) : this.entries.size;
    const keepBytes = full ? this.maxBytes - Math.floor(this.maxBytes / 64) : this.bytes;
    for (const [key, entry] of this.entries) {
      const roomy = this.entries.size <= keepEntries && this.bytes <= keepBytes;
      if (roomy && now - entry.touched <= this.idleTtlMs) break;
      this.drop(key);
    }
  }
}
