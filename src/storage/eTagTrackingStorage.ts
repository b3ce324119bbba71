import type { Storage, StoreItems } from 'botbuilder';

/**
 * Makes the SDK's state saves conditional. BotState keeps the very object it read and, when it
 * saves, overwrites that object's eTag with "*" (last writer wins). This wrapper remembers each
 * object it handed out with the eTag it had, and writes with that eTag instead, so a save over
 * state someone else has changed since fails (as an eTag conflict) instead of erasing it. An item
 * that did not exist when read is written unconditionally.
 */
export class ETagTrackingStorage implements Storage {
  private readonly eTagOf = new WeakMap<object, string>();

  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items)) {
      const eTag = (item as { eTag?: unknown } | null)?.eTag;
      if (item && typeof item === 'object' && typeof eTag === 'string' && eTag !== '*')
        this.eTagOf.set(item, eTag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const conditional: StoreItems = {};
    for (const [key, change] of Object.entries(changes)) {
      const known = change && typeof change === 'object' ? this.eTagOf.get(change) : undefined;
      conditional[key] = known ? { ...change, eTag: known } : change;
    }
    await this.inner.write(conditional);
    // Saved: a later save of the same object (a second save in one turn) builds on this one.
    for (const change of Object.values(changes))
      if (change && typeof change === 'object') this.eTagOf.delete(change);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

export const isETagConflict = (err: unknown): boolean =>
  err instanceof Error && /eTag conflict/i.test(err.message);
