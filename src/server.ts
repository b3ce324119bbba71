import * as restify from 'restify';
import type { TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter';
import { activityProblem } from './activityShape';
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
}

/** What clients read on an error: one fixed sentence per status, never an exception's text. */
const PUBLIC_ERRORS: Readonly<Record<number, string>> = {
  400: 'The request is not a valid Bot Framework activity.',
  401: 'The request is not authorized.',
  404: 'Not found.',
  405: 'Method not allowed.',
  406: 'Not acceptable.',
  413: 'The request body is too large.',
  415: 'Send the activity as JSON (Content-Type: application/json), without Content-Encoding.',
  501: 'This bot does not handle that kind of activity.',
  503: 'The bot cannot verify requests right now. Please try again in a minute.',
};
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

/** Routes only; the caller decides where to listen. */
export function createServer({
  adapter,
  runTurn,
  logger,
  maxBodyBytes = 256 * 1024,
  ready = async () => undefined,
}: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'app-proxy-troubleshooter', handleUncaughtExceptions: false });

  server.post(
    '/api/messages',
    requireJson,
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
