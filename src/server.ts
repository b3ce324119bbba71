import * as restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from './logger';

export interface ServerOptions {
  readonly adapter: CloudAdapter;
  readonly runTurn: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
  /** Largest accepted request body; Bot Framework activities are a few KB. */
  readonly maxBodyBytes?: number;
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
    await adapter.process(req, res, runTurn);
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
