import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';

// The only module that reads the environment. Everything else takes a Config.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z
  .object({
    MicrosoftAppId: z.preprocess(
      emptyToUndefined,
      z.string().regex(GUID, "a GUID (the bot registration's app id)").optional(),
    ),
    MicrosoftAppPassword: z.preprocess(emptyToUndefined, z.string().optional()),
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z
        .enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], {
          error: 'one of SingleTenant, MultiTenant, UserAssignedMSI',
        })
        .default('SingleTenant'),
    ),
    MicrosoftAppTenantId: z.preprocess(
      emptyToUndefined,
      z.string().regex(GUID, 'a GUID (your Entra tenant id)').optional(),
    ),
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'a port number from 0 to 65535' })
        .int('a whole port number')
        .min(0, 'a port number from 0 to 65535')
        .max(65535, 'a port number from 0 to 65535')
        .default(3978),
    ),
    HOST: z.preprocess(emptyToUndefined, z.string().optional()),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          error: 'one of fatal, error, warn, info, debug, trace, silent',
        })
        .default('info'),
    ),
    KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
    STATE_STORE: z.preprocess(
      emptyToUndefined,
      z.enum(['memory', 'blob'], { error: "'memory' (the default) or 'blob'" }).default('memory'),
    ),
    BLOB_CONNECTION_STRING: z.preprocess(emptyToUndefined, z.string().optional()),
    BLOB_CONTAINER: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(
          /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/,
          'a container name: 3 to 63 lower-case letters, digits and single hyphens',
        )
        .default('bot-state'),
    ),
    MEMORY_MAX_CONVERSATIONS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'a whole number of at least 100' })
        .int('a whole number of at least 100')
        .min(100, 'a whole number of at least 100')
        .default(10_000),
    ),
    MEMORY_MAX_MB: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'a whole number of megabytes, at least 1' })
        .int('a whole number of megabytes, at least 1')
        .min(1, 'a whole number of megabytes, at least 1')
        .default(32),
    ),
    CHANNEL_TIMEOUT_MS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'a whole number of milliseconds from 100 to 120000' })
        .int('a whole number of milliseconds from 100 to 120000')
        .min(100, 'a whole number of milliseconds from 100 to 120000')
        .max(120_000, 'a whole number of milliseconds from 100 to 120000')
        .default(10_000),
    ),
    MAX_CONNECTIONS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'a whole number from 10 to 100000' })
        .int('a whole number from 10 to 100000')
        .min(10, 'a whole number from 10 to 100000')
        .max(100_000, 'a whole number from 10 to 100000')
        .default(1_000),
    ),
    BODIES_IN_FLIGHT_MB: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'a whole number of megabytes, at least 1' })
        .int('a whole number of megabytes, at least 1')
        .min(1, 'a whole number of megabytes, at least 1')
        .default(16),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword)
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'the client secret of MicrosoftAppId (required when MicrosoftAppId is set)',
      });
    if (env.MicrosoftAppId && env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId)
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'your tenant id (required for a SingleTenant bot)',
      });
    if (env.STATE_STORE === 'blob' && !env.BLOB_CONNECTION_STRING)
      ctx.addIssue({
        code: 'custom',
        path: ['BLOB_CONNECTION_STRING'],
        message: 'an Azure Storage connection string (required when STATE_STORE=blob)',
      });
    if (!env.MicrosoftAppId && env.MicrosoftAppPassword)
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'the app id that MicrosoftAppPassword belongs to',
      });
  });

export interface Config {
  readonly appId: string | undefined;
  readonly appPassword: string | undefined;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  readonly tenantId: string | undefined;
  readonly port: number;
  /** Without credentials anyone could post to the bot, so it listens on loopback unless HOST says otherwise. */
  readonly host: string;
  readonly hostExplicit: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly knowledgeDir: string | undefined;
  readonly stateStore: 'memory' | 'blob';
  readonly blobConnectionString: string | undefined;
  readonly blobContainer: string;
  /** In-memory state keeps at most this many conversations (least recently used go first). */
  readonly memoryMaxConversations: number;
  /** ...and at most about this many megabytes of state text. */
  readonly memoryMaxMb: number;
  /** True when no app id is set: the SDK then checks no tokens (local Emulator / Playground use). */
  readonly unauthenticated: boolean;
  /** A request to the channel (a reply) gives up after this long. */
  readonly channelTimeoutMs: number;
  /** Open connections at most; past it a new one is answered 503 and closed. */
  readonly maxConnections: number;
  /** Request bodies being received at once, in megabytes at most; past it a request gets 503. */
  readonly bodiesInFlightMb: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * In-memory state may use at most this share of the heap: its JSON text is held as strings (two
 * bytes a character when it is not Latin-1), and the turns in flight need the rest.
 */
const STATE_SHARE_OF_HEAP = 1 / 4;

/** The V8 heap limit of this process, in MB (npm start sets it with --max-old-space-size). */
export function heapLimitMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
}

export function readConfig(env: NodeJS.ProcessEnv, heapMb: number = heapLimitMb()): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const value = env[variable];
    const shown =
      value === undefined || value === ''
        ? 'is not set'
        : variable.includes('Password') || variable.includes('CONNECTION_STRING')
          ? 'is invalid'
          : `is '${value}'`;
    throw new ConfigError(`${variable} ${shown}: expected ${issue.message}`);
  }
  const e = result.data;
  const stateMb = Math.floor(heapMb * STATE_SHARE_OF_HEAP);
  if (e.STATE_STORE === 'memory' && e.MEMORY_MAX_MB > stateMb)
    throw new ConfigError(
      `MEMORY_MAX_MB is '${e.MEMORY_MAX_MB}': expected at most ${stateMb}, a quarter of this process's ` +
        `${heapMb} MB heap limit (raise node's --max-old-space-size in the start script, or use STATE_STORE=blob)`,
    );
  const unauthenticated = !e.MicrosoftAppId;
  return Object.freeze({
    appId: e.MicrosoftAppId,
    appPassword: e.MicrosoftAppPassword,
    appType: e.MicrosoftAppType,
    tenantId: e.MicrosoftAppTenantId,
    port: e.PORT,
    host: e.HOST ?? (unauthenticated ? '127.0.0.1' : '0.0.0.0'),
    hostExplicit: e.HOST !== undefined,
    logLevel: e.LOG_LEVEL,
    knowledgeDir: e.KNOWLEDGE_DIR ? path.resolve(e.KNOWLEDGE_DIR) : undefined,
    stateStore: e.STATE_STORE,
    blobConnectionString: e.BLOB_CONNECTION_STRING,
    blobContainer: e.BLOB_CONTAINER,
    memoryMaxConversations: e.MEMORY_MAX_CONVERSATIONS,
    memoryMaxMb: e.MEMORY_MAX_MB,
    unauthenticated,
    channelTimeoutMs: e.CHANNEL_TIMEOUT_MS,
    maxConnections: e.MAX_CONNECTIONS,
    bodiesInFlightMb: e.BODIES_IN_FLIGHT_MB,
  });
}

/** Loads .env (quietly) into process.env, then reads it. */
export function loadConfig(): Config {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('dotenv').config({ quiet: true });
  return readConfig(process.env);
}
