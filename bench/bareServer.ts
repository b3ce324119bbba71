import * as restify from 'restify';

// The floor: the same restify setup answering POST /api/messages with the JSON an expectReplies
// turn returns ({"activities": [one reply]}), built from the request, with no bot behind it.

interface Account {
  id?: string;
  name?: string;
}
interface IncomingActivity {
  id?: string;
  channelId?: string;
  serviceUrl?: string;
  conversation?: { id?: string };
  from?: Account;
  recipient?: Account;
}

export function createBareServer(): restify.Server {
  const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, rejectUnknown: true }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const incoming = (req.body ?? {}) as IncomingActivity;
    res.send(200, {
      activities: [
        {
          type: 'message',
          text: 'Did the sign-in window close by itself, before you could sign in?',
          inputHint: 'expectingInput',
          channelId: incoming.channelId,
          serviceUrl: incoming.serviceUrl,
          conversation: incoming.conversation,
          from: incoming.recipient,
          recipient: incoming.from,
          replyToId: incoming.id,
        },
      ],
    });
  });
  return server;
}
