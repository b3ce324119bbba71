// Turns of one conversation run one at a time. Within a process a queue per conversation does it;
// across processes (several instances behind Azure Bot Service sharing Blob Storage) a lease on
// a lock blob does. Without this, two messages that arrive together both read the same state and
// the later save silently discards the earlier one's changes.

export interface DistributedLock {
  /** Runs `fn` while holding the lock named `key`, waiting for it if another instance holds it. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface TurnGate {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Conversations with a turn running or waiting (for tests and readiness). */
  readonly busy: number;
}

export function createTurnGate(distributed?: DistributedLock): TurnGate {
  const tails = new Map<string, Promise<unknown>>();
  return {
    get busy() {
      return tails.size;
    },
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const guarded = () => (distributed ? distributed.withLock(key, fn) : fn());
      // The next turn waits for this one whether it succeeds or fails.
      const result = previous.then(guarded, guarded);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
