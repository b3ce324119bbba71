import type { Socket } from 'node:net';
import * as restify from 'restify';
import type { TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter';
import { activityProblem } from './activityShape';
import { looksLikeBearerToken } from './auth/checkedAuthentication';
import { authFailureOf } from './auth/failures';
import type { Logger } from './logger';

export interface ServerOptions {
  readonly adapter: BotAdapter;
  readonly runTurn: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
  /** Largest accepted request body; Bot Framework activities are a few KB. */
  readonly maxBodyBytes?: number;
  /** Resolves when everything a turn needs (state storage) can be reached; for /readyz. */
  readonly ready?: () => Promise<void>;
  /**
   * With credentials configured, a request without a bearer token is refused before its body is
   * read: the token is checked only after the body arrives, and reading costs the server memory.
   */
  readonly requireAuthorization?: boolean;
  readonly limits?: Partial<ServerLimits>;
}

/** What one instance takes on at once; past it, new work is turned away with 503, not queued. */
export interface ServerLimits {
  /** Open connections. A new one past it is answered 503 and closed. */
  readonly maxConnections: number;
  /** Bytes of request bodies being received at once (by their Content-Length). */
  readonly bodiesInFlightBytes: number;
  /** From a connection's opening to the end of its first request's headers. */
  readonly headersTimeoutMs: number;
  /** From a request's first byte to the end of its body: a 256 KB body in 30 s is ~9 KB/s. */
  readonly requestTimeoutMs: number;
  /**
   * An idle keep-alive connection is kept this long. Longer than the idle timeout of the load
   * balancers in front (Azure's is 4 minutes at most, App Service's front ends 230 s): a server
   * that closes first races with a request already on its way, which then fails.
   */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 1_000,
  bodiesInFlightBytes: 16 * 2 ** 20,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 245_000,
};

/** What clients read on an error: one fixed sentence per status, never an exception's text. */
const PUBLIC_ERRORS: Readonly<Record<number, string>> = {
  400: 'The request is not a valid Bot Framework activity.',
  401: 'The request is not authorized.',
  404: 'Not found.',
  405: 'Method not allowed.',
  408: 'The request took too long to arrive.',
  406: 'Not acceptable.',
  411: 'Send the activity with a Content-Length header.',
  413: 'The request body is too large.',
  415: 'Send the activity as JSON (Content-Type: application/json), without Content-Encoding.',
  501: 'This bot does not handle that kind of activity.',
  503: 'The bot cannot verify requests right now. Please try again in a minute.',
};
const BUSY = 'The bot is busy. Please try again in a moment.';
/** How long a client turned away for load should wait. */
const BUSY_RETRY_AFTER_SECONDS = 2;
/** Written on the raw socket to a connection past the cap: no parser, no request object. */
const CONNECTION_REFUSED_RESPONSE = [
  'HTTP/1.1 503 Service Unavailable',
  `Retry-After: ${BUSY_RETRY_AFTER_SECONDS}`,
  'Content-Type: application/json',
  'Connection: close',
  `Content-Length: ${Buffer.byteLength(JSON.stringify({ error: BUSY }))}`,
  '',
  JSON.stringify({ error: BUSY }),
].join('\r\n');
const INTERNAL_ERROR = 'The bot could not process this activity. Please try again.';
const publicError = (status: number): string =>
  PUBLIC_ERRORS[status] ?? (status >= 500 ? INTERNAL_ERROR : 'The request could not be processed.');

/** How long a channel should wait before retrying when the signing keys cannot be fetched. */
const RETRY_AFTER_SECONDS = 30;

/**
 * Stands in for the HTTP response while the SDK processes an activity. The SDK writes its
 * status and body here; the server then decides what the client sees (see {@link respond}).
 */
class AdapterResponse {
  statusCode = 200;
  body: unknown = undefined;
  readonly socket = undefined;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  send(body?: unknown): this {
    this.body = body;
    return this;
  }
  header(): this {
    return this;
  }
  end(): this {
    return this;
  }
}

/** Trace activities are the Emulator's debugging aid; with expectReplies the SDK returns them too. */
function withoutTraces(body: unknown): unknown {
  const activities = (body as { activities?: unknown } | null)?.activities;
  if (!Array.isArray(activities)) return body;
  return {
    ...(body as object),
    activities: activities.filter((a) => (a as { type?: unknown } | null)?.type !== 'trace'),
  };
}

/** Sends the SDK's answer, replacing anything that could carry internal detail. */
function respond(res: restify.Response, answer: AdapterResponse, logger: Logger): void {
  const { statusCode: status, body } = answer;
  if (status < 300) {
    if (body === undefined) res.send(status);
    else res.send(status, withoutTraces(body));
    return;
  }
  const authFailure = status >= 500 ? authFailureOf(body) : undefined;
  if (authFailure === 'cannot-verify') {
    res.header('Retry-After', String(RETRY_AFTER_SECONDS));
    res.send(503, { error: publicError(503) });
    return;
  }
  if (authFailure === 'not-authenticated' || status === 401) {
    res.header('WWW-Authenticate', 'Bearer');
    res.send(401, { error: publicError(401) });
    return;
  }
  if (status >= 500 && status !== 501)
    logger.error({ status, detail: String(body).slice(0, 500) }, 'turn failed inside the adapter');
  res.send(status === 501 ? 501 : status >= 500 ? 500 : status, { error: publicError(status) });
}

/**
 * Only JSON, and only as sent (no Content-Encoding): a form or a multipart body would otherwise be
 * parsed into an activity too (a web page can post those cross-origin without a CORS preflight),
 * and the body reader applies the size limit to gzip's input, not to what it inflates to.
 */
function requireJson(req: restify.Request, res: restify.Response, next: restify.Next): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  // The same types restify's JSON parser reads.
  const json = type === 'application/json' || /^application\/[a-z.]+\+json$/.test(type);
  if (!json || encoding !== 'identity') {
    res.send(415, { error: publicError(415) });
    next(false);
    return;
  }
  next();
}

/**
 * Admission before the body is read: a token when one is required, a Content-Length within the
 * limit, and room in the budget of bodies being received. What costs memory is decided on the
 * headers alone, so a flood of slow or large bodies is turned away instead of held.
 */
function createAdmission(
  maxBodyBytes: number,
  budgetBytes: number,
  requestTimeoutMs: number,
  requireAuthorization: boolean,
) {
  let inFlight = 0;
  return (req: restify.Request, res: restify.Response, next: restify.Next): void => {
    if (requireAuthorization && !looksLikeBearerToken(req.headers.authorization)) {
      res.header('WWW-Authenticate', 'Bearer');
      res.header('Connection', 'close');
      res.send(401, { error: publicError(401) });
      next(false);
      return;
    }
    const declared = req.headers['content-length'];
    const length = declared !== undefined && /^\d{1,12}$/.test(declared) ? Number(declared) : NaN;
    if (Number.isNaN(length)) {
      res.header('Connection', 'close');
      res.send(411, { error: publicError(411) });
      next(false);
      return;
    }
    if (length > maxBodyBytes) {
      res.header('Connection', 'close');
      res.send(413, { error: publicError(413) });
      next(false);
      return;
    }
    if (inFlight + length > budgetBytes) {
      res.header('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      res.header('Connection', 'close');
      res.send(503, { error: BUSY });
      next(false);
      return;
    }
    inFlight += length;
    // A body that hasn't arrived in time is not waited for: the connection is closed.
    const deadline = setTimeout(() => {
      res.header('Connection', 'close');
      if (!res.headersSent) res.send(408, { error: publicError(408) });
      req.socket.destroy();
    }, requestTimeoutMs).unref();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(deadline);
      inFlight -= length;
    };
    // The body is parsed by the time the handler runs; a request that dies first releases too.
    req.once('end', release);
    req.once('close', release);
    res.once('close', release);
    next();
  };
}

const HEADER_DEADLINE = Symbol('headerDeadline');
type GuardedSocket = Socket & { [HEADER_DEADLINE]?: NodeJS.Timeout };

/**
 * Caps the connections open at once, and gives a new connection `headersTimeoutMs` to send its
 * first request's headers. Past the cap a connection is told 503 on its raw socket and closed,
 * which costs far less than letting it queue. (Node checks its own header and request timeouts
 * only every 30 s, and restify builds the server without a way to change that.)
 */
function guardConnections(server: restify.Server, limits: ServerLimits, logger: Logger): void {
  let open = 0;
  let refusedSinceLog = 0;
  // Ahead of the HTTP server's own listener: a refused socket never gets a parser.
  server.server.prependListener('connection', (socket: GuardedSocket) => {
    if (open >= limits.maxConnections) {
      if (refusedSinceLog++ === 0)
        logger.warn({ max: limits.maxConnections }, 'connection cap reached: refusing new connections');
      socket.end(CONNECTION_REFUSED_RESPONSE);
      // A client that doesn't read its answer doesn't keep the socket either.
      setTimeout(() => socket.destroy(), 1_000).unref();
      return;
    }
    refusedSinceLog = 0;
    open++;
    socket[HEADER_DEADLINE] = setTimeout(() => socket.destroy(), limits.headersTimeoutMs).unref();
    socket.once('close', () => {
      open--;
      clearTimeout(socket[HEADER_DEADLINE]);
    });
  });
  server.server.prependListener('request', (req: { socket: GuardedSocket }) => {
    clearTimeout(req.socket[HEADER_DEADLINE]);
  });
}

/** Routes only; the caller decides where to listen. */
export function createServer({
  adapter,
  runTurn,
  logger,
  maxBodyBytes = 256 * 1024,
  ready = async () => undefined,
  requireAuthorization = false,
  limits: limitOverrides = {},
}: ServerOptions): restify.Server {
  const limits = { ...DEFAULT_LIMITS, ...limitOverrides };
  const server = restify.createServer({ name: 'app-proxy-troubleshooter', handleUncaughtExceptions: false });
  server.server.headersTimeout = limits.headersTimeoutMs;
  server.server.requestTimeout = limits.requestTimeoutMs;
  server.server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  guardConnections(server, limits, logger);

  server.post(
    '/api/messages',
    requireJson,
    createAdmission(maxBodyBytes, limits.bodiesInFlightBytes, limits.requestTimeoutMs, requireAuthorization),
    restify.plugins.bodyReader({ maxBodySize: maxBodyBytes }),
    restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true }),
    async (req: restify.Request, res: restify.Response) => {
      const problem = activityProblem(req.body);
      if (problem) {
        res.send(400, { error: problem });
        return;
      }
      const answer = new AdapterResponse();
      try {
        await adapter.processRequest(req, answer, runTurn);
      } catch (err) {
        // The adapter catches what fails in a turn; this is what fails around it. Restify would
        // answer an error escaping this handler with the error's text.
        logger.error({ error: (err as Error)?.name, detail: String(err).slice(0, 500) }, 'adapter failed');
        answer.status(500).send(undefined);
      }
      respond(res, answer, logger);
    },
  );
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });
  // Knowledge is loaded before the server exists, so ready means: state storage answers.
  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    try {
      await ready();
      res.send(200, { status: 'ready' });
    } catch (err) {
      logger.warn({ error: (err as Error)?.name }, 'not ready: state storage unreachable');
      res.send(503, { status: 'not ready', reason: 'state storage is unreachable' });
    }
  });
  // The Agents Playground and some load balancers probe the endpoint with HEAD.
  server.head('/api/messages', async (_req: restify.Request, res: restify.Response) => {
    res.send(200);
  });

  // Errors raised by restify itself (routing, body reading and parsing) would otherwise leave
  // with restify's message, which can quote the request or, for a 500, an exception.
  server.on(
    'restifyError',
    (
      req: restify.Request,
      _res: restify.Response,
      err: Error & { statusCode?: number; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
      logger.warn({ method: req.method, url: req.url, status, error: err.name }, 'request rejected');
      const message =
        err.name === 'InvalidContentError' ? 'The request body is not valid JSON.' : publicError(status);
      err.toJSON = () => ({ error: message });
      callback();
    },
  );
  return server;
}
