import type { TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { createAdapter } from '../../src/adapter';
import {
  ChannelUnreachableError,
  ClientReuse,
  clientAppIdOf,
  ReusingConnectorFactory,
  withRequestTimeout,
} from '../../src/auth/clientReuse';
import { silentLogger } from '../../src/logger';

// The SDK builds a new ConnectorClient and UserTokenClient for every activity; the bot's
// authentication hands out one per app id and service URL instead.

/** Counts its calls; each call makes a distinct fake client, or fails while `failNext` is set. */
class CountingFactory extends ConnectorFactory {
  readonly calls: { serviceUrl: string; audience: string | undefined }[] = [];
  failNext = 0;

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.calls.push({ serviceUrl, audience });
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('the credentials could not be fetched'));
    }
    const client = { serviceUrl, audience, n: this.calls.length, sendOperationRequest: async () => ({}) };
    return Promise.resolve(client as unknown as ConnectorClient);
  }

  callsFor(serviceUrl: string): number {
    return this.calls.filter((c) => c.serviceUrl === serviceUrl).length;
  }
}

describe('withRequestTimeout', () => {
  it('gives every request the client sends a timeout, unless the caller set one', async () => {
    const seen: unknown[] = [];
    const client = {
      sendOperationRequest: async (args: { options?: { timeout?: number } }) => {
        seen.push(args.options?.timeout);
        return {};
      },
    } as unknown as ConnectorClient;
    withRequestTimeout(client, 1234);
    await client.sendOperationRequest({ conversationId: 'c' }, {} as never);
    await client.sendOperationRequest({ conversationId: 'c', options: { timeout: 50 } }, {} as never);
    expect(seen).toEqual([1234, 50]);
  });

  it('tells a channel it could not reach from any other failure', async () => {
    const failing = (err: unknown) =>
      withRequestTimeout(
        {
          sendOperationRequest: async () => {
            throw err;
          },
        } as unknown as ConnectorClient,
        10,
      );
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const forbidden = Object.assign(new Error('Forbidden'), { statusCode: 403 });
    await expect(failing(abort).sendOperationRequest({}, {} as never)).rejects.toBeInstanceOf(
      ChannelUnreachableError,
    );
    await expect(failing(refused).sendOperationRequest({}, {} as never)).rejects.toBeInstanceOf(
      ChannelUnreachableError,
    );
    await expect(failing(forbidden).sendOperationRequest({}, {} as never)).rejects.toBe(forbidden);
  });
});

const identity = (type: string, value: string) => new ClaimsIdentity([{ type, value }], true);
const fakeTokenClient = (name: string) => ({ name }) as unknown as UserTokenClient;

describe('through the real adapter', () => {
  const adapter = createAdapter({
    config: { appId: undefined, appPassword: undefined, appType: 'SingleTenant', tenantId: undefined },
    logger: silentLogger,
    resetState: async () => undefined,
  });

  interface Seen {
    connector: unknown;
    userToken: unknown;
  }

  /** Runs one expectReplies turn in-process and returns the clients the turn saw. */
  async function turn(serviceUrl: string): Promise<Seen> {
    const seen: Seen[] = [];
    let status = 0;
    const res = {
      socket: undefined,
      status: (code: number) => void (status = code),
      send: () => undefined,
      header: () => undefined,
      end: () => undefined,
    };
    await adapter.processRequest(
      {
        method: 'POST',
        headers: {},
        body: {
          type: 'message',
          id: 'a1',
          channelId: 'test',
          serviceUrl,
          conversation: { id: 'c1' },
          from: { id: 'u1' },
          recipient: { id: 'bot' },
          text: 'hello',
          deliveryMode: 'expectReplies',
        },
      },
      res,
      async (context: TurnContext) => {
        seen.push({
          connector: context.turnState.get(adapter.ConnectorClientKey),
          userToken: context.turnState.get(adapter.UserTokenClientKey),
        });
      },
    );
    expect(status).toBe(200);
    expect(seen).toHaveLength(1);
    return seen[0]!;
  }

  it('gives two turns with the same serviceUrl the same ConnectorClient and UserTokenClient', async () => {
    const first = await turn('http://127.0.0.1:1/one');
    const second = await turn('http://127.0.0.1:1/one');
    expect(first.connector).toBeDefined();
    expect(first.userToken).toBeDefined();
    expect(second.connector).toBe(first.connector);
    expect(second.userToken).toBe(first.userToken);
  });

  it('gives a turn with another serviceUrl another ConnectorClient', async () => {
    const one = await turn('http://127.0.0.1:1/one');
    const two = await turn('http://127.0.0.1:1/two');
    expect(two.connector).toBeDefined();
    expect(two.connector).not.toBe(one.connector);
    // The user token client depends on the app id alone.
    expect(two.userToken).toBe(one.userToken);
    expect(await turn('http://127.0.0.1:1/two')).toMatchObject({ connector: two.connector });
  });
});

describe('ReusingConnectorFactory', () => {
  it('asks its inner factory once per service URL and audience', async () => {
    const inner = new CountingFactory();
    const factory = new ReusingConnectorFactory(inner);
    const first = await factory.create('https://a.test/', 'aud-1');
    const second = await factory.create('https://a.test/', 'aud-1');
    expect(second).toBe(first);
    expect(inner.calls).toEqual([{ serviceUrl: 'https://a.test/', audience: 'aud-1' }]);
    expect(factory.size).toBe(1);
  });

  it('shares one creation between concurrent callers', async () => {
    const inner = new CountingFactory();
    const factory = new ReusingConnectorFactory(inner);
    const [a, b] = await Promise.all([factory.create('https://a.test/'), factory.create('https://a.test/')]);
    expect(a).toBe(b);
    expect(inner.calls).toHaveLength(1);
  });

  it('keeps a separate client for another audience', async () => {
    const inner = new CountingFactory();
    const factory = new ReusingConnectorFactory(inner);
    const one = await factory.create('https://a.test/', 'aud-1');
    const two = await factory.create('https://a.test/', 'aud-2');
    const none = await factory.create('https://a.test/');
    expect(two).not.toBe(one);
    expect(none).not.toBe(one);
    expect(none).not.toBe(two);
    expect(inner.calls.map((c) => c.audience)).toEqual(['aud-1', 'aud-2', undefined]);
    expect(await factory.create('https://a.test/', 'aud-2')).toBe(two);
    expect(inner.calls).toHaveLength(3);
  });

  it('keeps at most maxClients, forgetting the least recently created first', async () => {
    const inner = new CountingFactory();
    const factory = new ReusingConnectorFactory(inner, 2);
    const a = await factory.create('https://a.test/');
    await factory.create('https://b.test/');
    await factory.create('https://c.test/');
    expect(factory.size).toBe(2);
    const aAgain = await factory.create('https://a.test/');
    expect(inner.callsFor('https://a.test/')).toBe(2);
    expect(aAgain).not.toBe(a);
    expect(factory.size).toBe(2);
  });

  it('keeps a recently used client and forgets the least recently used one', async () => {
    const inner = new CountingFactory();
    const factory = new ReusingConnectorFactory(inner, 2);
    const a = await factory.create('https://a.test/');
    await factory.create('https://b.test/');
    expect(await factory.create('https://a.test/')).toBe(a); // a is now the most recently used
    await factory.create('https://c.test/'); // so b goes
    expect(await factory.create('https://a.test/')).toBe(a);
    expect(inner.callsFor('https://a.test/')).toBe(1);
    await factory.create('https://b.test/');
    expect(inner.callsFor('https://b.test/')).toBe(2);
  });

  it('does not keep a failed creation: the next call tries again and can succeed', async () => {
    const inner = new CountingFactory();
    inner.failNext = 1;
    const factory = new ReusingConnectorFactory(inner);
    await expect(factory.create('https://a.test/', 'aud')).rejects.toThrow('could not be fetched');
    const client = await factory.create('https://a.test/', 'aud');
    expect(client).toMatchObject({ serviceUrl: 'https://a.test/', audience: 'aud' });
    expect(inner.calls).toHaveLength(2);
    expect(await factory.create('https://a.test/', 'aud')).toBe(client);
    expect(inner.calls).toHaveLength(2);
  });
});

describe('ClientReuse', () => {
  it('names the app id by the audience claim, else the appid claim', () => {
    expect(clientAppIdOf(identity(AuthenticationConstants.AudienceClaim, 'from-aud'))).toBe('from-aud');
    expect(clientAppIdOf(identity(AuthenticationConstants.AppIdClaim, 'from-appid'))).toBe('from-appid');
    expect(clientAppIdOf(new ClaimsIdentity([], false))).toBe('');
  });

  it('makes one user token client per app id', async () => {
    const reuse = new ClientReuse();
    const make = jest.fn(() => Promise.resolve(fakeTokenClient('x')));
    const first = await reuse.userTokenClient(identity(AuthenticationConstants.AudienceClaim, 'x'), make);
    const second = await reuse.userTokenClient(identity(AuthenticationConstants.AudienceClaim, 'x'), make);
    expect(second).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('makes another user token client for another app id', async () => {
    const reuse = new ClientReuse();
    const make = jest.fn((name: string) => Promise.resolve(fakeTokenClient(name)));
    const x = await reuse.userTokenClient(identity(AuthenticationConstants.AudienceClaim, 'x'), () =>
      make('x'),
    );
    const y = await reuse.userTokenClient(identity(AuthenticationConstants.AppIdClaim, 'y'), () => make('y'));
    expect(y).not.toBe(x);
    expect(make.mock.calls).toEqual([['x'], ['y']]);
    expect(
      await reuse.userTokenClient(identity(AuthenticationConstants.AppIdClaim, 'y'), () => make('y')),
    ).toBe(y);
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed user token client', async () => {
    const reuse = new ClientReuse();
    const client = fakeTokenClient('x');
    const make = jest
      .fn<Promise<UserTokenClient>, []>()
      .mockRejectedValueOnce(new Error('token service down'))
      .mockResolvedValue(client);
    const who = identity(AuthenticationConstants.AudienceClaim, 'x');
    await expect(reuse.userTokenClient(who, make)).rejects.toThrow('token service down');
    expect(await reuse.userTokenClient(who, make)).toBe(client);
    expect(await reuse.userTokenClient(who, make)).toBe(client);
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('keeps one reusing connector factory per app id', async () => {
    const reuse = new ClientReuse();
    const made: CountingFactory[] = [];
    const make = () => {
      const f = new CountingFactory();
      made.push(f);
      return f;
    };
    const x1 = reuse.connectorFactory(identity(AuthenticationConstants.AudienceClaim, 'x'), make);
    const x2 = reuse.connectorFactory(identity(AuthenticationConstants.AudienceClaim, 'x'), make);
    const y = reuse.connectorFactory(identity(AuthenticationConstants.AudienceClaim, 'y'), make);
    expect(x2).toBe(x1);
    expect(y).not.toBe(x1);
    expect(made).toHaveLength(2);
    expect(await x2.create('https://a.test/')).toBe(await x1.create('https://a.test/'));
    expect(made[0]!.calls).toHaveLength(1);
  });
});
