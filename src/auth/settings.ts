import { CallerIdConstants } from 'botbuilder';

/**
 * The SDK's public-cloud endpoints (AuthenticationConstants in botframework-connector, which
 * this project does not depend on directly; test/auth checks the two stay equal).
 */
export const PUBLIC_CLOUD_ENDPOINTS = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
} as const;

type EndpointSetting = keyof typeof PUBLIC_CLOUD_ENDPOINTS;

/**
 * The settings for ConfigurationBotFrameworkAuthentication. As soon as one endpoint setting is
 * given, the SDK takes every endpoint from the settings and leaves the others undefined (no
 * OAuth scope for replies, no Emulator metadata URL, no caller id). So overriding one endpoint,
 * as the tests do to point token validation at a local metadata server, keeps the public-cloud
 * value of every other. With ChannelService set (a government cloud), nothing is filled in.
 */
export function authSettingsWithDefaults(
  settings: Record<string, string | undefined>,
): Record<string, string> {
  const given = Object.fromEntries(
    Object.entries(settings).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  const endpoints = Object.keys(PUBLIC_CLOUD_ENDPOINTS) as EndpointSetting[];
  const overridesAnEndpoint = endpoints.some((key) => given[key]);
  if (!overridesAnEndpoint || given.ChannelService) return given;
  return { ...PUBLIC_CLOUD_ENDPOINTS, ...given };
}
