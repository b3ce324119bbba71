import {
  AuthenticationConstants,
  ConnectorFactory,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

// The SDK builds a new ConnectorClient and a new UserTokenClient, each with its own HTTP pipeline
// and credentials object, for every activity it receives; profiling showed that to be a large
// share of a whole turn's CPU time. They hold no per-turn state (tokens are cached by the
// credentials), so one per app id and service URL serves every turn.

/** A small insertion-ordered map that forgets its least recently used entry past `limit`. */
class RecentlyUsed<V> {
  private readonly entries = new Map<string, V>();
  /** The most recently used key. Moving it to the end again would change nothing, yet each
   * delete-and-set leaves a hole the Map must later rebuild its table to reclaim: with one app
   * id and one service URL, that is every turn. */
  private newest: string | undefined;

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && key !== this.newest) this.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets `key` only while it still holds `value` (a newer entry stays). */
  forget(key: string, value: V): void {
    if (this.entries.get(key) !== value) return;
    this.entries.delete(key);
    if (this.newest === key) this.newest = undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Caches a promise; a rejected one is forgotten, so the next call tries again. */
function remember<V>(cache: RecentlyUsed<Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  const cached = cache.get(key);
  if (cached) return cached;
  const made = make();
  cache.set(key, made);
  made.catch(() => cache.forget(key, made));
  return made;
}

/** How long a request to the channel (a reply, a card update) may take before it is given up. */
export const DEFAULT_CHANNEL_TIMEOUT_MS = 10_000;

/** A request to the channel that timed out or could not be made: the reply is lost, nothing else. */
export class ChannelUnreachableError extends Error {
  constructor(readonly cause: unknown) {
    super(`the channel could not be reached: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'ChannelUnreachableError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

const isNetworkFailure = (err: unknown): boolean => {
  const e = err as { name?: unknown; code?: unknown } | null;
  return e?.name === 'AbortError' || (typeof e?.code === 'string' && NETWORK_CODES.has(e.code));
};

/**
 * Makes every request the client sends give up after `ms` (the SDK sets no limit, so a service
 * URL that never answers held its conversation, for everyone in it, for minutes), and tells a
 * channel that can't be reached apart from other failures. The SDK's operations all go through
 * sendOperationRequest, whose options take a timeout.
 */
export function withRequestTimeout(client: ConnectorClient, ms: number): ConnectorClient {
  const send = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = async (args, spec, callback) => {
    try {
      return await send(
        { ...args, options: { ...args.options, timeout: args.options?.timeout ?? ms } },
        spec,
        callback,
      );
    } catch (err) {
      throw isNetworkFailure(err) ? new ChannelUnreachableError(err) : err;
    }
  };
  return client;
}

/**
 * Hands out one ConnectorClient per (service URL, audience). Service URLs come from activities:
 * with authentication on they are checked against the channel's token, without it anyone could
 * send any, so the number kept is bounded.
 */
export class ReusingConnectorFactory extends ConnectorFactory {
  private readonly clients: RecentlyUsed<Promise<ConnectorClient>>;

  constructor(
    private readonly inner: ConnectorFactory,
    maxClients = 64,
    private readonly timeoutMs = DEFAULT_CHANNEL_TIMEOUT_MS,
  ) {
    super();
    this.clients = new RecentlyUsed(maxClients);
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return remember(this.clients, `${serviceUrl}\n${audience ?? ''}`, async () =>
      withRequestTimeout(await this.inner.create(serviceUrl, audience), this.timeoutMs),
    );
  }

  get size(): number {
    return this.clients.size;
  }
}

/** The app id the SDK builds clients for: the token's audience, or the Emulator's appid claim. */
export function clientAppIdOf(identity: ClaimsIdentity): string {
  return (
    identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** Per app id: one connector factory (with its clients) and one user token client. */
export class ClientReuse {
  private readonly factories: RecentlyUsed<ReusingConnectorFactory>;
  private readonly tokenClients: RecentlyUsed<Promise<UserTokenClient>>;

  constructor(
    maxAppIds = 16,
    private readonly channelTimeoutMs = DEFAULT_CHANNEL_TIMEOUT_MS,
  ) {
    this.factories = new RecentlyUsed(maxAppIds);
    this.tokenClients = new RecentlyUsed(maxAppIds);
  }

  connectorFactory(identity: ClaimsIdentity, make: () => ConnectorFactory): ConnectorFactory {
    const appId = clientAppIdOf(identity);
    let factory = this.factories.get(appId);
    if (!factory) {
      factory = new ReusingConnectorFactory(make(), 64, this.channelTimeoutMs);
      this.factories.set(appId, factory);
    }
    return factory;
  }

  userTokenClient(identity: ClaimsIdentity, make: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    return remember(this.tokenClients, clientAppIdOf(identity), make);
  }
}
