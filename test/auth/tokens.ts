import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

// Compact JWS tokens as the Bot Framework channel signs them (RS256), plus the forgeries the
// tests need (another key, HS256 with the public key as the secret, no signature at all).

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function newSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** The key as a JWKS entry; Bot Framework keys list the channels they may sign for. */
export function jwkOf(key: SigningKey, endorsements: readonly string[]): Record<string, unknown> {
  const { n, e } = key.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid: key.kid, n, e, endorsements: [...endorsements] };
}

const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');

export type Signer =
  | { readonly alg: 'RS256'; readonly key: SigningKey; readonly kid?: string }
  | { readonly alg: 'HS256'; readonly secret: Buffer; readonly kid: string }
  | { readonly alg: 'none'; readonly kid: string };

export function signToken(claims: Record<string, unknown>, signer: Signer): string {
  const kid = signer.alg === 'RS256' ? (signer.kid ?? signer.key.kid) : signer.kid;
  const input = `${encode({ alg: signer.alg, typ: 'JWT', kid })}.${encode(claims)}`;
  switch (signer.alg) {
    case 'RS256':
      return `${input}.${sign('sha256', Buffer.from(input), signer.key.privateKey).toString('base64url')}`;
    case 'HS256':
      return `${input}.${createHmac('sha256', signer.secret).update(input).digest('base64url')}`;
    case 'none':
      return `${input}.`;
  }
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
