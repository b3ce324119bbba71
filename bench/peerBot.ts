import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  type TurnContext,
} from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import * as restify from 'restify';

// The peer: the bot a developer would otherwise write for the same job, straight from the SDK
// samples. One conversation state in the SDK's MemoryStorage, a two-step waterfall (ask the
// question that tells the causes apart, then answer), the same CloudAdapter with no credentials,
// and the same restify setup as src/server.ts. What our bot adds on top of this (recognition,
// the knowledge walk, cards, per-user state, bounded storage, request checks) is what the
// benchmark's peerRatio prices.

const QUESTION = 'Did the sign-in window close by itself, before you could sign in?';
const ANSWERS: Record<string, string> = {
  yes: 'That points to a network problem on the connector server: check that it can reach the Application Proxy endpoints on ports 80 and 443, then register again.',
  no: 'Run the connector installer again and finish signing in before closing the window.',
};

class PeerBot extends ActivityHandler {
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

export function createPeerServer(): restify.Server {
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
  const bot = new PeerBot(conversationState, dialogs);

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    console.error(`peer bot turn failed: ${error.message}`);
    await context.sendActivity('Sorry, something went wrong.');
    await conversationState.delete(context);
  };

  const server = restify.createServer({ name: 'peer-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, rejectUnknown: true }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return server;
}
