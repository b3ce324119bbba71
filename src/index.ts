import { createBotApp } from './app';
import { ConfigError, loadConfig } from './config';
import { KnowledgeError } from './engine/knowledge';
import { createLogger } from './logger';
import { createServer } from './server';

// Composition root: config → knowledge → bot → server → listen.
function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = createBotApp({ config, logger });
  } catch (err) {
    if (err instanceof KnowledgeError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (config.unauthenticated)
    logger.warn(
      { host: config.host },
      config.hostExplicit
        ? 'no MicrosoftAppId: requests are not authenticated, and HOST exposes the bot beyond this machine'
        : 'no MicrosoftAppId: requests are not authenticated, so the bot listens on 127.0.0.1 only',
    );
  const server = createServer({
    adapter: app.adapter,
    runTurn: app.runTurn,
    logger,
    ready: app.store.ping,
    requireAuthorization: !config.unauthenticated,
    limits: { maxConnections: config.maxConnections, bodiesInFlightBytes: config.bodiesInFlightMb * 2 ** 20 },
  });

  // On SIGTERM (a deployment stopping this instance) or Ctrl-C: take no new requests, let the
  // turns in flight finish and answer, then exit 0. A hung turn gets 10 seconds.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing turns in flight');
    const forced = setTimeout(() => {
      logger.error({}, 'turns still running after 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    forced.unref();
    server.close(() => {
      logger.info({}, 'stopped');
      process.exit(0);
    });
    server.server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  server.listen(config.port, config.host, () => {
    const shown = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
    logger.info(
      { url: `http://${shown}:${config.port}/api/messages`, topics: app.kb.topics.size },
      'bot is listening',
    );
    console.log(`Bot endpoint: http://${shown}:${config.port}/api/messages`);
  });
}

main();
