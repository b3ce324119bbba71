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
  const server = createServer({ adapter: app.adapter, runTurn: app.runTurn, logger });
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
