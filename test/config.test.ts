import { ConfigError, readConfig } from '../src/config';

const GUID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('readConfig', () => {
  it('defaults to the local Emulator setup: port 3978, loopback only, no authentication', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      unauthenticated: true,
      appType: 'SingleTenant',
      logLevel: 'info',
    });
  });

  it('listens on all interfaces once credentials are set', () => {
    const config = readConfig({
      MicrosoftAppId: GUID,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppTenantId: TENANT,
    });
    expect(config).toMatchObject({ host: '0.0.0.0', unauthenticated: false, appId: GUID, tenantId: TENANT });
  });

  it('honours an explicit HOST and PORT', () => {
    expect(readConfig({ HOST: '0.0.0.0', PORT: '8080' })).toMatchObject({
      host: '0.0.0.0',
      hostExplicit: true,
      port: 8080,
    });
  });

  it('reads the load limits, with defaults', () => {
    expect(readConfig({})).toMatchObject({
      channelTimeoutMs: 10_000,
      maxConnections: 1_000,
      bodiesInFlightMb: 16,
    });
    expect(
      readConfig({ CHANNEL_TIMEOUT_MS: '2500', MAX_CONNECTIONS: '50', BODIES_IN_FLIGHT_MB: '4' }),
    ).toMatchObject({
      channelTimeoutMs: 2500,
      maxConnections: 50,
      bodiesInFlightMb: 4,
    });
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(readConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', PORT: '', HOST: '' })).toMatchObject({
      port: 3978,
      unauthenticated: true,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT is 'eighty': expected a port number/],
    [{ PORT: '70000' }, /^PORT is '70000': expected a port number from 0 to 65535/],
    [
      { MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'x' },
      /^MicrosoftAppId is 'not-a-guid': expected a GUID/,
    ],
    [
      { MicrosoftAppId: GUID, MicrosoftAppTenantId: TENANT },
      /^MicrosoftAppPassword is not set: expected the client secret/,
    ],
    [
      { MicrosoftAppId: GUID, MicrosoftAppPassword: 'x' },
      /^MicrosoftAppTenantId is not set: expected your tenant id/,
    ],
    [{ CHANNEL_TIMEOUT_MS: '10' }, /^CHANNEL_TIMEOUT_MS is '10': expected a whole number of milliseconds/],
    [{ MAX_CONNECTIONS: 'lots' }, /^MAX_CONNECTIONS is 'lots': expected a whole number from 10 to 100000/],
    [{ BODIES_IN_FLIGHT_MB: '0' }, /^BODIES_IN_FLIGHT_MB is '0': expected a whole number of megabytes/],
    [
      { MicrosoftAppType: 'Everyone' },
      /^MicrosoftAppType is 'Everyone': expected one of SingleTenant, MultiTenant, UserAssignedMSI/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL is 'loud': expected one of fatal/],
    [
      { MicrosoftAppPassword: 'orphan' },
      /^MicrosoftAppId is not set: expected the app id that MicrosoftAppPassword belongs to/,
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('keeps in-memory state to a quarter of the heap, and says how to get more', () => {
    expect(readConfig({}, 184)).toMatchObject({ memoryMaxMb: 32 });
    expect(readConfig({ MEMORY_MAX_MB: '46' }, 184)).toMatchObject({ memoryMaxMb: 46 });
    expect(() => readConfig({ MEMORY_MAX_MB: '47' }, 184)).toThrow(
      /^MEMORY_MAX_MB is '47': expected at most 46, a quarter of this process's 184 MB heap limit \(raise node's --max-old-space-size/,
    );
    expect(() => readConfig({ MEMORY_MAX_MB: 'lots' })).toThrow(
      /^MEMORY_MAX_MB is 'lots': expected a whole number/,
    );
    // Blob storage holds state outside the process.
    const blob = {
      STATE_STORE: 'blob',
      BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      MEMORY_MAX_MB: '500',
    };
    expect(readConfig(blob, 184)).toMatchObject({ stateStore: 'blob' });
  });

  it('never repeats a password in its message', () => {
    expect(() =>
      readConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'hunter2', MicrosoftAppType: 'Nope' }),
    ).not.toThrow(/hunter2/);
  });
});
