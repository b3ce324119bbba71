import { randomUUID } from 'node:crypto';
import {
  AuthenticationConstants,
  ToBotFromBotOrEmulatorTokenValidationParameters,
} from 'botframework-connector';
import { authSettingsWithDefaults, PUBLIC_CLOUD_ENDPOINTS } from '../../src/auth/settings';
import {
  activity,
  buttonsOf,
  readableText,
  repliesOf,
  send,
  startBot,
  type HttpResult,
  type RunningBot,
} from '../hostile/harness';
import { leaksIn } from '../hostile/leaks';
import {
  startOpenIdServer,
  unreachableMetadataUrl,
  type MetadataBehaviour,
  type OpenIdServer,
} from './openIdServer';
import { jwkOf, newSigningKey, nowSeconds, signToken, type SigningKey } from './tokens';

// The bot with credentials, its token validation pointed at a local OpenID metadata server whose
// key we hold: real RS256 tokens go through the SDK's real checks over real HTTP.

const APP_ID = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f';
const ISSUER = 'https://api.botframework.test';
const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
const CHANNEL = 'msteams';
const REGISTRATION_ERROR = "Connector registration failed ... Error: 'One or more errors occurred.'";

const credentials = { appId: APP_ID, appPassword: 'not-a-real-secret', tenantId: TENANT } as const;

function authSettings(metadataUrl: string): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: ISSUER,
    // Tokens that look like the Emulator's are checked against this one; kept local too.
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
  };
}

const channelClaims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: APP_ID,
  serviceurl: SERVICE_URL,
  nbf: nowSeconds() - 60,
  exp: nowSeconds() + 3600,
  ...extra,
});

const bearer = (key: SigningKey, claims: Record<string, unknown> = channelClaims()): string =>
  `Bearer ${signToken(claims, { alg: 'RS256', key })}`;

/** A Teams message (replies expected in the response) with `authorization` as the header. */
function post(bot: RunningBot, authorization: string | undefined, extra: Record<string, unknown> = {}) {
  const { conversationId = `auth-${randomUUID()}`, ...fields } = extra;
  return send(bot, {
    headers: authorization === undefined ? {} : { authorization },
    body: activity(String(conversationId), 'user-1', {
      channelId: CHANNEL,
      serviceUrl: SERVICE_URL,
      ...fields,
    }),
  });
}

function expectNoLeaks(result: HttpResult, internal: string[]): void {
  expect(leaksIn(result.text, internal)).toEqual([]);
  for (const [name, value] of result.headers) expect(leaksIn(`${name}: ${value}`, internal)).toEqual([]);
}

let quiet: jest.SpyInstance[];
beforeAll(() => {
  // CloudAdapter and the SDK's token code print every rejected token to the console.
  quiet = [jest.spyOn(console, 'error').mockImplementation(() => undefined)];
});
afterAll(() => quiet.forEach((spy) => spy.mockRestore()));

describe('with credentials, POST /api/messages checks the Bot Framework token', () => {
  const key = newSigningKey('channel-key-1');
  const impostor = newSigningKey('channel-key-1'); // same kid, another private key
  let metadata: OpenIdServer;
  let bot: RunningBot;

  beforeAll(async () => {
    metadata = await startOpenIdServer([jwkOf(key, [CHANNEL])]);
    bot = await startBot({ config: credentials, authSettings: authSettings(metadata.metadataUrl) });
  });
  afterAll(async () => {
    await bot.close();
    await metadata.close();
  });

  it('runs the turn for a valid channel token, turn after turn', async () => {
    const conversationId = `auth-${randomUUID()}`;
    const first = await post(bot, bearer(key), { conversationId, text: REGISTRATION_ERROR });
    expect(first.status).toBe(200);
    const replies = repliesOf(first);
    expect(readableText(replies)).toContain('This looks like');

    const yes = buttonsOf(replies).find((b) => b.title === 'Yes, by itself')!;
    const second = await post(bot, bearer(key), { conversationId, text: undefined, value: yes.data });
    expect(second.status).toBe(200);
    expect(readableText(repliesOf(second))).toContain('The sign-in window closed on its own');
    expect(metadata.requests).toContain('/v1/.well-known/keys');
  });

  it('accepts a token that expired less than the 5 minutes of clock skew the SDK allows', async () => {
    const res = await post(bot, bearer(key, channelClaims({ exp: nowSeconds() - 60 })), { text: 'hello' });
    expect(res.status).toBe(200);
  });

  const anotherTenant = randomUUID();
  const rejected: [string, () => string | undefined, Record<string, unknown>?][] = [
    ['no Authorization header', () => undefined],
    ['an empty Authorization header', () => ''],
    ['another scheme (Basic)', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['"Bearer" and no token', () => 'Bearer'],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['three segments of garbage', () => 'Bearer abc.def.ghi'],
    ['a valid token followed by more text', () => `${bearer(key)} extra`],
    ['the scheme in lower case (the SDK wants "Bearer")', () => bearer(key).replace('Bearer', 'bearer')],
    ['a 9 KB header', () => `Bearer ${'a'.repeat(9 * 1024)}`],
    ['a bad signature (the right kid, another key)', () => bearer(impostor)],
    [
      'a signature cut off',
      () => {
        const token = bearer(key);
        return token.slice(0, token.lastIndexOf('.') + 10);
      },
    ],
    [
      'an unsigned token (alg "none")',
      () => `Bearer ${signToken(channelClaims(), { alg: 'none', kid: key.kid })}`,
    ],
    [
      'HS256 with the public key as the shared secret',
      () =>
        `Bearer ${signToken(channelClaims(), {
          alg: 'HS256',
          kid: key.kid,
          secret: Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' })),
        })}`,
    ],
    [
      'a key id the key set does not have',
      () => `Bearer ${signToken(channelClaims(), { alg: 'RS256', key, kid: 'unknown' })}`,
    ],
    ['the wrong audience (another bot)', () => bearer(key, channelClaims({ aud: randomUUID() }))],
    ['no audience', () => bearer(key, channelClaims({ aud: undefined }))],
    [
      'the wrong issuer (the public Bot Framework one)',
      () => bearer(key, channelClaims({ iss: 'https://api.botframework.com' })),
    ],
    ['no issuer', () => bearer(key, channelClaims({ iss: undefined }))],
    ['expired 10 minutes ago', () => bearer(key, channelClaims({ exp: nowSeconds() - 600 }))],
    ['not valid for another 10 minutes (nbf)', () => bearer(key, channelClaims({ nbf: nowSeconds() + 600 }))],
    [
      'a serviceurl claim for another service',
      () => bearer(key, channelClaims({ serviceurl: 'https://evil.example/' })),
    ],
    ['a channel the key is not endorsed for', () => bearer(key), { channelId: 'webchat' }],
    [
      'an Emulator-style token from another tenant',
      () =>
        bearer(
          key,
          channelClaims({
            iss: `https://sts.windows.net/${anotherTenant}/`,
            tid: anotherTenant,
            ver: '1.0',
            appid: APP_ID,
          }),
        ),
    ],
  ];

  it.each(rejected)('refuses %s with 401, saying nothing about why', async (_name, header, extra = {}) => {
    const res = await post(bot, header(), { text: REGISTRATION_ERROR, ...extra });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'The request is not authorized.' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expectNoLeaks(res, [metadata.origin, ISSUER, APP_ID]);
    // The reason is logged for the operator.
    expect(bot.logs.at(-1)).toMatchObject({ msg: 'request not authenticated', reason: expect.any(String) });
  });

  it('does not let tokens it has not verified grow the SDK’s list of Emulator issuers', async () => {
    const issuers = ToBotFromBotOrEmulatorTokenValidationParameters.issuer as string[];
    const before = issuers.length;
    for (let i = 0; i < 20; i++) {
      const tid = randomUUID();
      const res = await post(
        bot,
        bearer(key, channelClaims({ iss: `https://sts.windows.net/${tid}/`, tid })),
        {
          text: 'hello',
        },
      );
      expect(res.status).toBe(401);
    }
    expect(issuers.length).toBe(before);
  });

  it('keeps serving valid requests after all those refusals', async () => {
    const res = await post(bot, bearer(key), { text: 'hello' });
    expect(res.status).toBe(200);
    expect(readableText(repliesOf(res))).toContain('Application Proxy');
  });
});

describe('when the signing keys cannot be fetched, the bot answers 503', () => {
  const key = newSigningKey('channel-key-2');

  const outages: [string, MetadataBehaviour | 'down'][] = [
    ['the metadata server is down', 'down'],
    ['the OpenID configuration answers 500', 'fails'],
    ['the key set answers 500', 'keys-fail'],
    ['the OpenID configuration is not JSON', 'not-json'],
    ['the OpenID configuration names no key set', 'no-jwks-uri'],
  ];

  it.each(outages)('%s', async (_name, behaviour) => {
    // A server per case: the SDK caches keys per metadata URL for the life of the process.
    const metadata = await startOpenIdServer([jwkOf(key, [CHANNEL])]);
    const metadataUrl = behaviour === 'down' ? await unreachableMetadataUrl() : metadata.metadataUrl;
    if (behaviour !== 'down') metadata.behaviour = behaviour;
    const bot = await startBot({ config: credentials, authSettings: authSettings(metadataUrl) });
    try {
      const res = await post(bot, bearer(key), { text: REGISTRATION_ERROR });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.json).toEqual({ error: expect.stringMatching(/cannot verify requests right now/) });
      expectNoLeaks(res, [metadata.origin, new URL(metadataUrl).origin, new URL(metadataUrl).host]);
      expect(bot.logs.at(-1)).toMatchObject({
        msg: expect.stringMatching(/signing keys could not be fetched/),
      });
    } finally {
      await bot.close();
      await metadata.close();
    }
  });

  it('accepts valid tokens again once the keys can be fetched', async () => {
    const metadata = await startOpenIdServer([jwkOf(key, [CHANNEL])]);
    metadata.behaviour = 'fails';
    const bot = await startBot({ config: credentials, authSettings: authSettings(metadata.metadataUrl) });
    try {
      expect((await post(bot, bearer(key), { text: 'hello' })).status).toBe(503);
      metadata.behaviour = 'healthy';
      expect((await post(bot, bearer(key), { text: 'hello' })).status).toBe(200);
      // A bad token during an outage is still refused for what it is.
      metadata.behaviour = 'fails';
      expect(
        (await post(bot, bearer(key, channelClaims({ iss: 'https://evil.example' })), { text: 'x' })).status,
      ).toBe(401);
    } finally {
      await bot.close();
      await metadata.close();
    }
  });
});

describe('auth settings', () => {
  it('uses the SDK’s own public-cloud endpoints', () => {
    expect(PUBLIC_CLOUD_ENDPOINTS).toMatchObject({
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    });
  });

  it('keeps the public cloud for every endpoint an override leaves out', () => {
    const settings = authSettingsWithDefaults({
      MicrosoftAppId: APP_ID,
      ToBotFromChannelTokenIssuer: ISSUER,
    });
    expect(settings).toEqual({
      ...PUBLIC_CLOUD_ENDPOINTS,
      MicrosoftAppId: APP_ID,
      ToBotFromChannelTokenIssuer: ISSUER,
    });
  });

  it('adds nothing when no endpoint is overridden, or for a government cloud', () => {
    expect(authSettingsWithDefaults({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: undefined })).toEqual({
      MicrosoftAppId: APP_ID,
    });
    const gov = {
      ChannelService: 'https://botframework.azure.us',
      OAuthUrl: 'https://tokengcch.botframework.azure.us',
    };
    expect(authSettingsWithDefaults(gov)).toEqual(gov);
  });
});

describe('without MicrosoftAppId', () => {
  // The SDK then checks no token at all, which is why config binds this mode to 127.0.0.1
  // (test/config.test.ts: "defaults to the local Emulator setup ... loopback only").
  it('accepts any request, with or without a token', async () => {
    const bot = await startBot();
    try {
      for (const authorization of [undefined, 'Bearer forged.token.value']) {
        const res = await post(bot, authorization, { text: 'hello' });
        expect(res.status).toBe(200);
      }
    } finally {
      await bot.close();
    }
  });
});
