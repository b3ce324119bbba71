import { ContainerClient, type BlobLeaseClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import type { DistributedLock } from './turnGate';

export interface BlobLeaseLockOptions {
  readonly connectionString: string;
  readonly container: string;
  /** How long a lease lasts if its holder dies mid-turn (Azure allows 15 to 60 seconds). */
  readonly leaseSeconds?: number;
  /** How long to wait for another instance's turn before giving up. */
  readonly waitMs?: number;
  readonly pipeline?: StoragePipelineOptions;
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`timed out waiting for the turn lock of ${key}`);
    this.name = 'LockTimeoutError';
  }
}

const blobNameFor = (key: string) => `locks/${Buffer.from(key).toString('base64url')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A lock per conversation across bot instances: a lease on a small blob. Azure grants a lease
 * to one client at a time and ends it by itself after `leaseSeconds`, so a crashed instance
 * cannot block a conversation for long.
 */
export class BlobLeaseLock implements DistributedLock {
  private readonly container: ContainerClient;
  private readonly leaseSeconds: number;
  private readonly waitMs: number;
  private ready: Promise<unknown> | undefined;

  constructor(options: BlobLeaseLockOptions) {
    this.container = new ContainerClient(options.connectionString, options.container, options.pipeline);
    this.leaseSeconds = options.leaseSeconds ?? 15;
    this.waitMs = options.waitMs ?? 10_000;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.ready ??= this.container.createIfNotExists().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    await this.ready;
    const blob = this.container.getBlockBlobClient(blobNameFor(key));
    const lease = blob.getBlobLeaseClient(randomUUID());
    await this.acquire(key, blob, lease);
    try {
      return await fn();
    } finally {
      await lease.releaseLease().catch(() => undefined);
    }
  }

  private async acquire(
    key: string,
    blob: ReturnType<ContainerClient['getBlockBlobClient']>,
    lease: BlobLeaseClient,
  ): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await lease.acquireLease(this.leaseSeconds);
        return;
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (Date.now() > deadline) throw status === 409 ? new LockTimeoutError(key) : err;
        if (status === 404 && (err as { code?: string }).code === 'ContainerNotFound') {
          await this.container.createIfNotExists();
          continue;
        }
        if (status === 404) {
          // First turn of this conversation anywhere: create the lock blob, unless someone just did.
          await blob
            .upload('', 0, { conditions: { ifNoneMatch: '*' } })
            .catch((e: { statusCode?: number }) => {
              if (e.statusCode !== 409 && e.statusCode !== 412) throw e;
            });
          continue;
        }
        if (status !== 409) throw err;
        await sleep(Math.min(200, 10 * 2 ** attempt) + Math.random() * 10);
      }
    }
  }
}
