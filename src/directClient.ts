import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter';

// Talks to the bot in-process through the real CloudAdapter, using the "expectReplies" delivery
// mode: the adapter returns the bot's replies in the response instead of posting them to a
// channel. Used by the terminal chat, the dialog evaluation and tests; no HTTP involved.

export interface DirectClientOptions {
  readonly adapter: BotAdapter;
  readonly runTurn: (context: TurnContext) => Promise<void>;
  readonly channelId?: string;
  readonly conversationId?: string;
  readonly userId?: string;
  readonly userName?: string;
}

interface CapturedResponse {
  status: number;
  body: unknown;
}

export class DirectClient {
  readonly conversationId: string;
  private readonly channelId: string;
  private readonly userId: string;
  private readonly userName: string;

  constructor(private readonly options: DirectClientOptions) {
    this.conversationId = options.conversationId ?? `direct-${randomUUID()}`;
    this.channelId = options.channelId ?? 'terminal';
    // Each client is its own user unless told otherwise, as separate people would be.
    this.userId = options.userId ?? `user-${randomUUID().slice(0, 8)}`;
    this.userName = options.userName ?? 'User';
  }

  /** Sends one activity (a message by default) and returns the bot's replies to it. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const full: Partial<Activity> = {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date(),
      channelId: this.channelId,
      serviceUrl: 'http://127.0.0.1:1/unused',
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: this.userId, name: this.userName },
      recipient: { id: 'bot', name: 'App Proxy Helper' },
      deliveryMode: 'expectReplies',
      ...activity,
    };
    const captured: CapturedResponse = { status: 0, body: undefined };
    const res = {
      socket: undefined,
      status: (code: number) => {
        captured.status = code;
      },
      send: (body: unknown) => {
        captured.body = body;
      },
      header: () => undefined,
      end: () => undefined,
    };
    await this.options.adapter.processRequest(
      { method: 'POST', headers: {}, body: full as Record<string, unknown> },
      res,
      this.options.runTurn,
    );
    if (captured.status !== 200)
      throw new Error(`the adapter answered HTTP ${captured.status}: ${String(captured.body)}`);
    return ((captured.body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? []).filter(
      (a) => a.type === 'message',
    );
  }

  say(text: string): Promise<Partial<Activity>[]> {
    return this.send({ text });
  }

  /** A card button click: the card's submit data arrives as `value`, with no text. */
  click(value: object): Promise<Partial<Activity>[]> {
    return this.send({ text: undefined, value });
  }

  join(): Promise<Partial<Activity>[]> {
    return this.send({
      type: 'conversationUpdate',
      membersAdded: [
        { id: this.userId, name: this.userName },
        { id: 'bot', name: 'App Proxy Helper' },
      ],
    });
  }
}
