import { ActivityHandler, ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';

// The peer: the bot a developer would otherwise write for the same job, straight from the SDK
// samples. One conversation state in the SDK's MemoryStorage, a two-step waterfall (ask the
// question that tells the causes apart, then answer). bench/serve.ts runs it behind our own adapter
// and server (src/adapter.ts, src/server.ts), so only the bot differs: what ours adds on top of
// this (recognition, the knowledge walk, cards, per-user state, bounded storage, duplicate and
// rate checks) is what the benchmark's peerRatio prices.

const QUESTION = 'Did the sign-in window close by itself, before you could sign in?';
const ANSWERS: Record<string, string> = {
  yes: 'That points to a network problem on the connector server: check that it can reach the Application Proxy endpoints on ports 80 and 443, then register again.',
  no: 'Run the connector installer again and finish signing in before closing the window.',
};

class PeerActivityHandler extends ActivityHandler {
  constructor(
    private readonly conversationState: ConversationState,
    dialogs: DialogSet,
  ) {
    super();
    this.onMessage(async (context, next) => {
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog('troubleshoot');
      await next();
    });
  }

  async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context);
  }
}

export interface PeerBot {
  readonly runTurn: (context: TurnContext) => Promise<void>;
  readonly resetState: (context: TurnContext) => Promise<void>;
}

export function createPeerBot(): PeerBot {
  const conversationState = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(new TextPrompt('answer'));
  dialogs.add(
    new WaterfallDialog('troubleshoot', [
      async (step: WaterfallStepContext) => step.prompt('answer', QUESTION),
      async (step: WaterfallStepContext) => {
        const said = String(step.result ?? '')
          .trim()
          .toLowerCase();
        await step.context.sendActivity(ANSWERS[said] ?? ANSWERS.no!);
        return step.endDialog();
      },
    ]),
  );
  const bot = new PeerActivityHandler(conversationState, dialogs);
  return {
    runTurn: (context) => bot.run(context),
    resetState: (context) => conversationState.delete(context),
  };
}
