import { CloudAdapter, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import { messages } from '../dialogs/messages';
import { CheckedBotFrameworkAuthentication } from './auth/checkedAuthentication';
import { authSettingsWithDefaults } from './auth/settings';
import type { Config } from './config';
import type { Logger } from './logger';

export interface AdapterOptions {
  readonly config: Pick<Config, 'appId' | 'appPassword' | 'appType' | 'tenantId'>;
  readonly logger: Logger;
  /** Forgets the conversation's state after a failed turn, so the next message starts cleanly. */
  readonly resetState: (context: TurnContext) => Promise<void>;
  /** Overrides of the SDK's auth settings (tests point these at a local OpenID metadata server). */
  readonly authSettings?: Record<string, string>;
}

export function createAdapter({
  config,
  logger,
  resetState,
  authSettings = {},
}: AdapterOptions): CloudAdapter {
  // Without an app id the SDK checks no tokens (the Emulator / Playground case); its credential
  // factory then refuses an app type, so none is given.
  const credentials = config.appId
    ? {
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        MicrosoftAppType: config.appType,
        MicrosoftAppTenantId: config.tenantId,
      }
    : {};
  // Token failures leave as 401, unreachable signing keys as 503 (see src/auth/failures.ts).
  const auth = new CheckedBotFrameworkAuthentication(
    authSettingsWithDefaults({ ...credentials, ...authSettings }),
    new ConfigurationServiceClientCredentialFactory(credentials),
    { logger, enabled: Boolean(config.appId), tenantId: config.tenantId },
  );
  const adapter = new CloudAdapter(auth);

  adapter.onTurnError = async (context, error) => {
    logger.error(
      {
        err: { name: error.name, message: error.message, stack: error.stack },
        activityId: context.activity.id,
      },
      'turn failed',
    );
    try {
      await context.sendActivity(messages.busy);
    } catch {
      // The channel may be what failed; the log above is what matters then.
    }
    try {
      await resetState(context);
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'could not reset state after a failed turn');
    }
  };
  return adapter;
}
