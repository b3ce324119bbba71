import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  type Activity,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { messages } from '../dialogs/messages';
import { CheckedBotFrameworkAuthentication } from './auth/checkedAuthentication';
import { ChannelUnreachableError } from './auth/clientReuse';
import { authSettingsWithDefaults } from './auth/settings';
import type { Config } from './config';
import type { Logger } from './logger';

export interface AdapterOptions {
  readonly config: Pick<Config, 'appId' | 'appPassword' | 'appType' | 'tenantId'> &
    Partial<Pick<Config, 'channelTimeoutMs'>>;
  readonly logger: Logger;
  /** Forgets the conversation's state after a failed turn, so the next message starts cleanly. */
  readonly resetState: (context: TurnContext) => Promise<void>;
  /** Overrides of the SDK's auth settings (tests point these at a local OpenID metadata server). */
  readonly authSettings?: Record<string, string>;
}

type Logic = (context: TurnContext) => Promise<void>;

const RAW_DATE_FIELDS = [
  ['timestamp', 'rawTimestamp'],
  ['localTimestamp', 'rawLocalTimestamp'],
  ['expiration', 'rawExpiration'],
] as const;

/**
 * The SDK's CloudAdapter with a cheaper way in for HTTP requests. `process()` checks its arguments
 * and the body against zod schemas it builds anew on every request (~60 µs of a ~1 ms turn in the
 * benchmark's profiles); by the time a request gets here the server has checked the body far more
 * strictly (src/activityShape.ts). Otherwise the same steps, statuses and bodies as `process()`.
 */
export class BotAdapter extends CloudAdapter {
  async processRequest(req: Request, res: Response, logic: Logic): Promise<void> {
    const end = (status: number, body?: unknown) => {
      res.status(status);
      if (body) res.send(body);
      res.end();
    };
    if (req.method !== 'POST') return end(StatusCodes.METHOD_NOT_ALLOWED);
    const activity = req.body as Record<string, unknown> | undefined;
    if (typeof activity !== 'object' || activity === null || Array.isArray(activity))
      return end(StatusCodes.BAD_REQUEST, 'The body is not an activity.');
    if (typeof activity.type !== 'string' || !activity.type) return end(StatusCodes.BAD_REQUEST);
    // As the SDK does: timestamps arrive as strings, the turn sees Dates and the raw strings.
    for (const [field, rawField] of RAW_DATE_FIELDS) {
      const raw = activity[field];
      if (typeof raw === 'string') {
        activity[rawField] = raw;
        activity[field] = new Date(raw);
      }
    }
    const header = req.headers.authorization ?? req.headers.Authorization;
    try {
      const answer = await this.processActivity(
        typeof header === 'string' ? header : '',
        activity as unknown as Activity,
        logic,
      );
      return end(answer?.status ?? StatusCodes.OK, answer?.body);
    } catch (err) {
      const e = err as Error;
      return end(
        err instanceof AuthenticationError ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR,
        e?.message ?? err,
      );
    }
  }
}

/** A ChannelUnreachableError, maybe wrapped (botbuilder-dialogs keeps the original in `error`). */
export function isChannelUnreachable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof ChannelUnreachableError) return true;
    current = (current as { error?: unknown }).error;
  }
  return false;
}

export function createAdapter({ config, logger, resetState, authSettings = {} }: AdapterOptions): BotAdapter {
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
    {
      logger,
      enabled: Boolean(config.appId),
      tenantId: config.tenantId,
      ...(config.channelTimeoutMs !== undefined ? { channelTimeoutMs: config.channelTimeoutMs } : {}),
    },
  );
  const adapter = new BotAdapter(auth);

  adapter.onTurnError = async (context, error) => {
    if (isChannelUnreachable(error)) {
      // The reply could not be sent, so the turn stopped before saving: the state is as it was
      // before this message, which is right, since the user never saw the answer. Saying
      // "something went wrong" would fail the same way, and resetting would lose their place.
      logger.warn(
        { error: error.message, activityId: context.activity.id },
        'the channel did not take the reply (unreachable or too slow); state left as before the turn',
      );
      return;
    }
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
