import { ConversationState, type Storage, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { TroubleshootDialog } from '../dialogs/troubleshootDialog';
import { createAdapter } from './adapter';
import { TroubleshootBot } from './bot';
import type { Config } from './config';
import { loadKnowledge, type KnowledgeBase } from './engine/knowledge';
import { defaultKnowledgeDir } from './engine/paths';
import { createRecogniser, type Recogniser } from './engine/recogniser';
import { silentLogger, type Logger } from './logger';
import { UserInConversationState } from './state';
import { BoundedMemoryStorage } from './storage/boundedMemoryStorage';

export interface BotApp {
  readonly kb: KnowledgeBase;
  readonly recogniser: Recogniser;
  readonly bot: TroubleshootBot;
  readonly adapter: ReturnType<typeof createAdapter>;
  readonly runTurn: (context: TurnContext) => Promise<void>;
}

export interface BotAppOptions {
  readonly config?: Partial<Config>;
  readonly storage?: Storage;
  readonly knowledge?: KnowledgeBase;
  readonly logger?: Logger;
  readonly authSettings?: Record<string, string>;
}

/** Knowledge → recogniser → dialog → bot → adapter, ready to serve or to drive in-process. */
export function createBotApp(options: BotAppOptions = {}): BotApp {
  const logger = options.logger ?? silentLogger;
  const kb = options.knowledge ?? loadKnowledge(options.config?.knowledgeDir ?? defaultKnowledgeDir());
  const recogniser = createRecogniser(kb);
  const storage = options.storage ?? new BoundedMemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserInConversationState(storage);
  const dialogState = userState.createProperty<DialogState>('dialogState');
  const dialog = new TroubleshootDialog({
    kb,
    recogniser,
    misses: userState.createProperty<number>('misses'),
  });
  const bot = new TroubleshootBot({ conversationState, userState, dialog, dialogState, logger });
  const adapter = createAdapter({
    config: {
      appId: options.config?.appId,
      appPassword: options.config?.appPassword,
      appType: options.config?.appType ?? 'SingleTenant',
      tenantId: options.config?.tenantId,
    },
    logger,
    authSettings: options.authSettings,
    resetState: async (context) => {
      await conversationState.delete(context);
      await userState.delete(context);
    },
  });
  return { kb, recogniser, bot, adapter, runTurn: (context) => bot.run(context) };
}
