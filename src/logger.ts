import pino from 'pino';

// Structured JSON logs (pino). Callers see only this small interface, so tests can pass a
// silent logger and nothing else depends on pino.

export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(fields: object): Logger;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LogDestination {
  write(line: string): void;
}

/** Field paths whose values never reach a log line, whatever a caller passes. */
const SECRET_PATHS = [
  'password',
  'appPassword',
  'MicrosoftAppPassword',
  'connectionString',
  'blobConnectionString',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.password',
  '*.appPassword',
  '*.MicrosoftAppPassword',
  '*.connectionString',
  '*.blobConnectionString',
  '*.authorization',
];

/** One JSON object per line on stderr (or `destination`), at or above `level`. */
export function createLogger(level: LogLevel = 'info', destination?: LogDestination): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
