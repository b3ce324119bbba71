import type { StoragePipelineOptions } from '@azure/storage-blob';
import type { Storage, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { isETagConflict } from './eTagTrackingStorage';

/**
 * Bot state in Azure Blob Storage that recovers after an outage. The SDK's BlobsStorage checks
 * its container once and keeps that first answer, so if storage was down at that moment every
 * later call fails too; here a failed call drops the client and the next call starts afresh.
 */
export class RecoveringBlobsStorage implements Storage {
  private client: BlobsStorage | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly container: string,
    private readonly pipeline: StoragePipelineOptions = {},
  ) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.call((s) => s.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.call((s) => s.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.call((s) => s.delete(keys));
  }

  private async call<T>(fn: (s: BlobsStorage) => Promise<T>): Promise<T> {
    const client = (this.client ??= new BlobsStorage(this.connectionString, this.container, {
      storagePipelineOptions: this.pipeline,
    }));
    try {
      return await fn(client);
    } catch (err) {
      if (!isETagConflict(err) && this.client === client) this.client = undefined;
      throw err;
    }
  }
}

/** Fail fast while storage is down: a turn should apologise in seconds, not hang for a minute. */
export const BLOB_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 5000, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
};
