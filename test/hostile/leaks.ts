// What must never appear in anything the bot sends back: a stack trace, an exception's text, or
// an address of the machine and services it runs with. The bot's own content (documentation
// links, product host names such as connector.msappproxy.net:9090) is public and allowed.

const PATTERNS: readonly [string, RegExp][] = [
  ['a stack frame', /\n\s+at \S|\bat (?:async )?[\w$.<>[\]]+ \([^)]*:\d+:\d+\)/],
  ['a source file position', /\.(?:ts|js|mjs|cjs):\d+/],
  ['a source folder', /[\\/](?:node_modules|src|dist|dialogs)[\\/]/],
  [
    'an exception name',
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|DialogContextError|AuthenticationError|FetchError|JsonWebTokenError|TokenExpiredError|NotBeforeError|ZodError|AuthFailure)\b/,
  ],
  ['an exception message', /Cannot read propert|is not a function|Unexpected token|Maximum call stack/],
  ['a system error code', /\bE(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|ADDRINUSE|AI_AGAIN|PIPE)\b/],
  [
    'an SDK error text',
    /Unauthorized Access|Signing Key could not be retrieved|Failed to load|validateAndFixActivity|req\.body|Invalid AppId passed|endorsement|bot-auth\//,
  ],
  ['a loopback or private address', /\blocalhost\b|\b127(?:\.\d{1,3}){3}\b|\b0\.0\.0\.0\b|\[::1?\]/i],
  [
    'a private network address',
    /\b(?:10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})\b/,
  ],
];

/**
 * The kinds of leak found in `text`, empty when there are none. `internal` lists further strings
 * that count as internal: the URLs of the test's own servers, for example.
 */
export function leaksIn(text: string, internal: readonly string[] = []): string[] {
  const found = PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
  for (const s of [process.cwd(), ...internal]) if (s && text.includes(s)) found.push(`"${s}"`);
  return found;
}
