// How an authentication failure travels from the auth layer to the HTTP layer.
//
// CloudAdapter.process answers an error of the SDK's own AuthenticationError class with 401 and
// anything else with 500, in both cases with the error's message as the body. A bad signature
// (thrown by jsonwebtoken) would thus become a 500 that names the check that failed, and a
// signing-key fetch that failed a 401 or a 500 that names the metadata URL. The auth layer
// (./checkedAuthentication) therefore throws one of two errors with fixed messages, and the server
// turns those messages into 401 and 503 with bodies of its own.

export type AuthFailureKind = 'not-authenticated' | 'cannot-verify';

const MESSAGES: Readonly<Record<AuthFailureKind, string>> = {
  'not-authenticated': 'bot-auth/not-authenticated',
  'cannot-verify': 'bot-auth/cannot-verify',
};

export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    /** Why, for the log only: it may quote the token or name the metadata server. */
    readonly reason: string,
  ) {
    super(MESSAGES[kind]);
    this.name = 'AuthFailure';
  }
}

/** Which failure a body that CloudAdapter produced from an AuthFailure stands for, if it is one. */
export function authFailureOf(body: unknown): AuthFailureKind | undefined {
  if (typeof body !== 'string') return undefined;
  return (Object.keys(MESSAGES) as AuthFailureKind[]).find((kind) => MESSAGES[kind] === body);
}
