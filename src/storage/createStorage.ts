import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { BlobLeaseLock } from './blobLeaseLock';
import { BoundedMemoryStorage } from './boundedMemoryStorage';
import { ETagTrackingStorage } from './eTagTrackingStorage';
import { BLOB_PIPELINE, RecoveringBlobsStorage } from './recoveringBlobsStorage';
import type { DistributedLock } from './turnGate';

export interface StateStore {
  readonly storage: Storage;
  /** Set when several instances may share the store and must take turns per conversation. */
  readonly lock: DistributedLock | undefined;
  /** Answers when the store can be reached (for /readyz). */
  readonly ping: () => Promise<void>;
}

export function createStateStore(
  config: Pick<Config, 'stateStore' | 'blobConnectionString' | 'blobContainer' | 'memoryMaxConversations'>,
): StateStore {
  if (config.stateStore === 'blob') {
    const blobs = new RecoveringBlobsStorage(
      config.blobConnectionString!,
      config.blobContainer,
      BLOB_PIPELINE,
    );
    return {
      storage: new ETagTrackingStorage(blobs),
      lock: new BlobLeaseLock({
        connectionString: config.blobConnectionString!,
        container: config.blobContainer,
        pipeline: BLOB_PIPELINE,
      }),
      ping: async () => {
        await blobs.read(['readiness-probe']);
      },
    };
  }
  const memory = new BoundedMemoryStorage({ maxEntries: config.memoryMaxConversations });
  return { storage: new ETagTrackingStorage(memory), lock: undefined, ping: async () => undefined };
}
