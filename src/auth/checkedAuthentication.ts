import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { ClaimsIdentity, ConnectorFactory, UserTokenClient } from 'botframework-connector';
import type { Logger } from '../logger';
import { ClientReuse } from './clientReuse';
import { AuthFailure } from './failures';

type Authenticate = ConfigurationBotFrameworkAuthentication['authenticateRequest'];

export interface CheckedAuthenticationOptions {
  readonly logger: Logger;
  /** Whether tokens are checked at all (the SDK checks none without an app id). */
  readonly enabled: boolean;
  /** The bot's own tenant, when it has one: a token naming another tenant is refused up front. */
  readonly tenantId?: string | undefined;
  /** How long a request to the channel may take (see clientReuse.ts). */
  readonly channelTimeoutMs?: number;
}

/** Longer than any token a Bot Framework channel or the Emulator sends. */
const MAX_AUTH_HEADER = 8 * 1024;

/** Error names meaning "this token is not acceptable" rather than "the check could not be done". */
const TOKEN_REJECTIONS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The SDK's authentication with three additions:
 *
 * - every failure leaves as an {@link AuthFailure}: "not authenticated" (401) when the token is
 *   missing, malformed, badly signed, expired, or for another audience, issuer or channel;
 *   "cannot verify" (503) when the signing keys could not be fetched or read, which is not the
 *   caller's fault and which the caller may retry;
 * - a token whose `tid` claim names a tenant other than the bot's is refused before the SDK sees
 *   it. The SDK's Emulator check adds the issuer URLs of every `tid` it reads, from tokens not yet
 *   verified, to a process-wide list that never shrinks: left alone, anyone could grow it at will;
 * - the connector and user token clients are built once and reused (see clientReuse.ts).
 */
export class CheckedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients: ClientReuse;

  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory: ConfigurationServiceClientCredentialFactory,
    private readonly checks: CheckedAuthenticationOptions,
  ) {
    super(settings, credentialsFactory);
    this.clients = new ClientReuse(16, checks.channelTimeoutMs);
  }

  override async authenticateRequest(
    ...[activity, authHeader]: Parameters<Authenticate>
  ): ReturnType<Authenticate> {
    if (this.checks.enabled) {
      const refused = refusalBeforeValidation(authHeader, this.checks.tenantId);
      if (refused) throw this.failed(new AuthFailure('not-authenticated', refused));
    }
    let result: Awaited<ReturnType<Authenticate>>;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw this.failed(classify(err));
    }
    const made = result.connectorFactory;
    if (!made) return result;
    return { ...result, connectorFactory: this.clients.connectorFactory(result.claimsIdentity, () => made) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.clients.connectorFactory(claimsIdentity, () => super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.clients.userTokenClient(claimsIdentity, () => super.createUserTokenClient(claimsIdentity));
  }

  private failed(failure: AuthFailure): AuthFailure {
    if (failure.kind === 'cannot-verify')
      this.checks.logger.error(
        { reason: failure.reason },
        'cannot verify requests: the signing keys could not be fetched',
      );
    else this.checks.logger.warn({ reason: failure.reason }, 'request not authenticated');
    return failure;
  }
}

function classify(err: unknown): AuthFailure {
  const e = err as { name?: unknown; message?: unknown; statusCode?: unknown } | null;
  const reason = `${String(e?.name ?? 'Error')}: ${String(e?.message ?? err)}`;
  // The SDK's own AuthenticationError carries the status it means: 401 for every token check,
  // 500 when the OpenID metadata or the key set answered with an error status.
  if (e?.statusCode === 401 || TOKEN_REJECTIONS.has(String(e?.name)))
    return new AuthFailure('not-authenticated', reason);
  // Everything else happened while fetching or reading the keys: the metadata server refused the
  // connection or timed out (node-fetch's FetchError), answered an error status, sent something
  // that is not JSON, or named no key set.
  return new AuthFailure('cannot-verify', reason);
}

/**
 * Whether an Authorization header could carry a Bot Framework token at all: "Bearer", then a
 * JWT's three base64url parts, within the length any channel sends. The server asks this on the
 * headers alone, before it reads a body; the token itself is checked after.
 */
export function looksLikeBearerToken(header: string | undefined): boolean {
  return (
    typeof header === 'string' &&
    header.length <= MAX_AUTH_HEADER &&
    /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(header.trim())
  );
}

/** Why the header is refused without asking the SDK, or undefined to let the SDK decide. */
function refusalBeforeValidation(authHeader: string, tenantId: string | undefined): string | undefined {
  if (authHeader.length > MAX_AUTH_HEADER) return 'the Authorization header is too long';
  if (!tenantId) return undefined;
  const claims = unverifiedClaims(authHeader);
  if (claims && 'tid' in claims && claims.tid !== tenantId)
    return 'the token names a tenant other than the bot’s';
  return undefined;
}

/** The payload of a "Bearer <JWT>" header, decoded without any check; undefined if it isn't one. */
function unverifiedClaims(authHeader: string): Record<string, unknown> | undefined {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(authHeader.trim());
  if (!match) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(match[2]!, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
