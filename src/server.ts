import * as restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { activityProblem } from './activityShape';
import type { Logger } from './logger';

export interface ServerOptions {
  readonly adapter: CloudAdapter;
  readonly runTurn: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
  /** Largest accepted request body; Bot Framework activities are a few KB. */
  readonly maxBodyBytes?: number;
}

/**
 * The SDK answers a failed turn with status 500 and the exception's message as the body; that
 * text can name internals, so server errors leave with a fixed body (the log has the details).
 */
function withoutInternalErrors(res: restify.Response, logger: Logger): restify.Response {
  let status = 200;
  return new Proxy(res, {
    get(target, property, receiver) {
      if (property === 'status')
        return (code: number) => {
          status = code;
          return target.status(code);
        };
      if (property === 'send')
        return (body?: unknown) => {
          if (status < 500) return target.send(body);
          logger.error({ status, detail: String(body).slice(0, 500) }, 'turn failed inside the adapter');
          return target.send({ error: 'The bot could not process this activity. Please try again.' });
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Routes only; the caller decides where to listen. */
export function createServer({
  adapter,
  runTurn,
  logger,
  maxBodyBytes = 256 * 1024,
}: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'app-proxy-troubleshooter', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, rejectUnknown: true }),
  );

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    await adapter.process(req, withoutInternalErrors(res, logger), runTurn);
  });
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  server.on(
    'restifyError',
    (
      req: restify.Request,
      _res: restify.Response,
      err: Error & { statusCode?: number },
      callback: () => void,
    ) => {
      logger.warn(
        { method: req.method, url: req.url, status: err.statusCode, error: err.name },
        'request rejected',
      );
      callback();
    },
  );
  return server;
}
