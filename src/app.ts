import type { TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { TroubleshootDialog } from '../dialogs/troubleshootDialog';
import { createAdapter } from './adapter';
import { TroubleshootBot } from './bot';
import type { Config } from './config';
import { loadKnowledge, type KnowledgeBase } from './engine/knowledge';
import { defaultKnowledgeDir } from './engine/paths';
import { createRecogniser, type Recogniser } from './engine/recogniser';
import { silentLogger, type Logger } from './logger';
import { RateLimiter } from './rateLimiter';
import { ConversationOnlyState, keyPart, UserInConversationState } from './state';
import { createStateStore, type StateStore } from './storage/createStorage';
import { createTurnGate, type TurnGate } from './storage/turnGate';

export interface BotApp {
  readonly kb: KnowledgeBase;
  readonly recogniser: Recogniser;
  readonly bot: TroubleshootBot;
  readonly adapter: ReturnType<typeof createAdapter>;
  readonly store: StateStore;
  readonly gate: TurnGate;
  /** One turn of the bot, run after any other turn of the same conversation has finished. */
  readonly runTurn: (context: TurnContext) => Promise<void>;
}

export interface BotAppOptions {
  readonly config?: Partial<Config>;
  readonly store?: StateStore;
  readonly knowledge?: KnowledgeBase;
  readonly logger?: Logger;
  readonly authSettings?: Record<string, string>;
  /** Per-user message limit; pass `false` to switch it off (benchmarks, load tests). */
  readonly rateLimiter?: RateLimiter | false;
}

export const conversationKey = (context: TurnContext): string =>
  `${keyPart(context.activity.channelId ?? '')}/${keyPart(context.activity.conversation?.id ?? '')}`;

/** Knowledge → recogniser → dialog → bot → adapter, ready to serve or to drive in-process. */
export function createBotApp(options: BotAppOptions = {}): BotApp {
  const logger = options.logger ?? silentLogger;
  const kb = options.knowledge ?? loadKnowledge(options.config?.knowledgeDir ?? defaultKnowledgeDir());
  const recogniser = createRecogniser(kb);
  const store =
    options.store ??
    createStateStore({
      stateStore: options.config?.stateStore ?? 'memory',
      blobConnectionString: options.config?.blobConnectionString,
      blobContainer: options.config?.blobContainer ?? 'bot-state',
      memoryMaxConversations: options.config?.memoryMaxConversations ?? 10_000,
      memoryMaxMb: options.config?.memoryMaxMb ?? 32,
    });
  const conversationState = new ConversationOnlyState(store.storage);
  const userState = new UserInConversationState(store.storage);
  const dialogState = userState.createProperty<DialogState>('dialogState');
  const dialog = new TroubleshootDialog({
    kb,
    recogniser,
  });
  const rateLimiter = options.rateLimiter === false ? undefined : (options.rateLimiter ?? new RateLimiter());
  const bot = new TroubleshootBot({ conversationState, userState, dialog, dialogState, logger, rateLimiter });
  const adapter = createAdapter({
    config: {
      appId: options.config?.appId,
      appPassword: options.config?.appPassword,
      appType: options.config?.appType ?? 'SingleTenant',
      tenantId: options.config?.tenantId,
      ...(options.config?.channelTimeoutMs !== undefined
        ? { channelTimeoutMs: options.config.channelTimeoutMs }
        : {}),
    },
    logger,
    authSettings: options.authSettings,
    resetState: async (context) => {
      await conversationState.delete(context);
      await userState.delete(context);
    },
  });
  const gate = createTurnGate(store.lock);
  return {
    kb,
    recogniser,
    bot,
    adapter,
    store,
    gate,
    runTurn: (context) => gate.run(conversationKey(context), () => bot.run(context)),
  };
}
