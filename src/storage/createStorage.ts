import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { BoundedMemoryStorage } from './boundedMemoryStorage';
import { ETagTrackingStorage } from './eTagTrackingStorage';
import type { DistributedLock } from './turnGate';

export interface StateStore {
  readonly storage: Storage;
  /** Set when several instances may share the store and must take turns per conversation. */
  readonly lock: DistributedLock | undefined;
  /** Answers when the store can be reached (for /readyz). */
  readonly ping: () => Promise<void>;
}

export function createStateStore(
  config: Pick<
    Config,
    'stateStore' | 'blobConnectionString' | 'blobContainer' | 'memoryMaxConversations' | 'memoryMaxMb'
  >,
): StateStore {
  if (config.stateStore === 'blob') {
    // Loaded only when used: the Azure SDK adds about 100 ms to every start otherwise.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { BlobLeaseLock } = require('./blobLeaseLock') as typeof import('./blobLeaseLock');
    const { BLOB_PIPELINE, RecoveringBlobsStorage } =
      require('./recoveringBlobsStorage') as typeof import('./recoveringBlobsStorage');
    /* eslint-enable @typescript-eslint/no-require-imports */
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
  // Each conversation keeps two entries: its own state and its user's.
  const memory = new BoundedMemoryStorage({
    maxEntries: 2 * config.memoryMaxConversations,
    maxBytes: config.memoryMaxMb * 2 ** 20,
  });
  return { storage: new ETagTrackingStorage(memory), lock: undefined, ping: async () => undefined };
}
