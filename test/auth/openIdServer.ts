import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for login.botframework.com: the OpenID configuration names a JWKS URL, and
// the JWKS lists the signing keys. Its behaviour can be switched to the ways a real one fails.

export type MetadataBehaviour =
  | 'healthy'
  /** Both documents answer 500. */
  | 'fails'
  /** The configuration is fine, the key set answers 500. */
  | 'keys-fail'
  /** The configuration is not JSON. */
  | 'not-json'
  /** The configuration names no key set. */
  | 'no-jwks-uri';

export interface OpenIdServer {
  /** What ToBotFromChannelOpenIdMetadataUrl is set to. */
  readonly metadataUrl: string;
  readonly origin: string;
  behaviour: MetadataBehaviour;
  keys: Record<string, unknown>[];
  /** Requests served so far, by path. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startOpenIdServer(keys: Record<string, unknown>[]): Promise<OpenIdServer> {
  const requests: string[] = [];
  const state = { behaviour: 'healthy' as MetadataBehaviour, keys };
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    const { behaviour } = state;
    if (req.url === '/v1/.well-known/openidconfiguration') {
      if (behaviour === 'fails') return send(500, '{"error":"internal"}');
      if (behaviour === 'not-json') return send(200, '<html>maintenance</html>');
      const config: Record<string, unknown> = {
        issuer: origin,
        id_token_signing_alg_values_supported: ['RS256'],
      };
      if (behaviour !== 'no-jwks-uri') config.jwks_uri = `${origin}/v1/.well-known/keys`;
      return send(200, JSON.stringify(config));
    }
    if (req.url === '/v1/.well-known/keys') {
      if (behaviour === 'fails' || behaviour === 'keys-fail') return send(500, '{"error":"internal"}');
      return send(200, JSON.stringify({ keys: state.keys }));
    }
    send(404, '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${origin}/v1/.well-known/openidconfiguration`,
    origin,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: MetadataBehaviour) {
      state.behaviour = b;
    },
    get keys() {
      return state.keys;
    },
    set keys(k: Record<string, unknown>[]) {
      state.keys = k;
    },
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A metadata URL on a port where nothing listens (a server started, then stopped). */
export async function unreachableMetadataUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
}
