import type { Request, TurnContext } from 'botbuilder';
import { createAdapter, type BotAdapter } from '../src/adapter';
import { AuthFailure } from '../src/auth/failures';
import { silentLogger } from '../src/logger';

// BotAdapter.processRequest is CloudAdapter.process without its per-request schema checks: for
// every request below, both must answer with the same status and body, and the turn must see
// the same activity.

interface Answer {
  status: number;
  body: unknown;
  ended: boolean;
}

const adapter = createAdapter({
  config: { appId: undefined, appPassword: undefined, appType: 'SingleTenant', tenantId: undefined },
  logger: silentLogger,
  resetState: async () => undefined,
});

const seen: { ours?: TurnContext['activity']; sdk?: TurnContext['activity'] } = {};

async function answerOf(
  via: 'ours' | 'sdk',
  req: Request,
  logic: (context: TurnContext) => Promise<void>,
  target: BotAdapter = adapter,
): Promise<Answer> {
  const answer: Answer = { status: 0, body: undefined, ended: false };
  const res = {
    socket: undefined,
    status: (code: number) => void (answer.status = code),
    send: (body: unknown) => void (answer.body = body),
    header: () => undefined,
    end: () => void (answer.ended = true),
  };
  const copy = structuredClone(req);
  if (via === 'ours') await target.processRequest(copy, res, logic);
  else await target.process(copy, res, logic);
  return answer;
}

const message = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'a1',
  channelId: 'test',
  serviceUrl: 'http://127.0.0.1:1/unused',
  conversation: { id: 'c1' },
  from: { id: 'u1' },
  recipient: { id: 'bot' },
  text: 'hello',
  ...extra,
});

const echo = (via: 'ours' | 'sdk') => async (context: TurnContext) => {
  seen[via] = context.activity;
  await context.sendActivity(`you said ${context.activity.text}`);
};

const cases: [string, Request][] = [
  [
    'an expectReplies message',
    { method: 'POST', headers: {}, body: message({ deliveryMode: 'expectReplies' }) },
  ],
  ['a GET', { method: 'GET', headers: {}, body: message() }],
  ['no body', { method: 'POST', headers: {} }],
];

describe('processRequest answers as CloudAdapter.process does', () => {
  it.each(cases)('%s', async (_name, req) => {
    const ours = await answerOf('ours', req, echo('ours'));
    const sdk = await answerOf('sdk', req, echo('sdk'));
    expect(ours.status).toBe(sdk.status);
    expect(ours.ended).toBe(true);
    expect(sdk.ended).toBe(true);
    if (ours.status === 400) expect(typeof ours.body === 'string' || ours.body === undefined).toBe(true);
    else expect(JSON.stringify(ours.body)).toBe(JSON.stringify(sdk.body));
  });

  it('answers an activity without a type with 400, where the SDK throws', async () => {
    const req: Request = { method: 'POST', headers: {}, body: { ...message(), type: undefined } };
    expect((await answerOf('ours', req, echo('ours'))).status).toBe(400);
    await expect(answerOf('sdk', req, echo('sdk'))).rejects.toThrow(/activity type/);
  });

  it('gives the turn the same activity, timestamps as Dates with the raw strings kept', async () => {
    const stamped = message({
      deliveryMode: 'expectReplies',
      timestamp: '2026-11-24T10:00:00.000Z',
      localTimestamp: '2026-11-24T11:00:00.000+01:00',
      expiration: '2026-11-25T10:00:00.000Z',
    });
    await answerOf('ours', { method: 'POST', headers: {}, body: stamped }, echo('ours'));
    await answerOf('sdk', { method: 'POST', headers: {}, body: stamped }, echo('sdk'));
    expect(seen.ours?.timestamp).toBeInstanceOf(Date);
    expect(seen.ours?.localTimestamp).toBeInstanceOf(Date);
    expect(seen.ours?.expiration).toBeInstanceOf(Date);
    expect((seen.ours as unknown as Record<string, unknown>).rawTimestamp).toBe('2026-11-24T10:00:00.000Z');
    expect(seen.ours).toEqual(seen.sdk);
  });

  it('answers a failed authentication as the SDK does: 500 with the failure message, for the server to map', async () => {
    const refusing = createAdapter({
      config: { appId: undefined, appPassword: undefined, appType: 'SingleTenant', tenantId: undefined },
      logger: silentLogger,
      resetState: async () => undefined,
    });
    const auth = (refusing as unknown as { botFrameworkAuthentication: { authenticateRequest: unknown } })
      .botFrameworkAuthentication;
    auth.authenticateRequest = async () => {
      throw new AuthFailure('not-authenticated', 'test');
    };
    const req = { method: 'POST', headers: { authorization: 'Bearer x' }, body: message() };
    const ours = await answerOf('ours', req, echo('ours'), refusing);
    const sdk = await answerOf('sdk', req, echo('sdk'), refusing);
    expect(ours).toEqual(sdk);
    expect(ours.status).toBe(500);
    expect(ours.body).toBe('bot-auth/not-authenticated');
  });
});
