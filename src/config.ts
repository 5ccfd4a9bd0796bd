// Typed environment. Every variable the service reads is parsed here, once;
// a missing or invalid value is a ConfigError that names the variable.

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export interface Config {
  port: number;
  host: string;
  /** Set: server mode (pg Pool). Unset: embedded PGlite under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL's shared_buffers inside the embedded database. */
  embeddedSharedBuffers: string;
  /** Load the demo graph into an empty database at start. */
  seedDemo: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  shutdownDeadlineMs: number;
  isDevelopment: boolean;
  graphiql: boolean;
  introspection: boolean;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
  };
  database: {
    poolMax: number;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  /** Per-client-IP limits (src/observability/rate-limit.ts). */
  rateLimits: { authFailures: number; requests: number; windowMs: number };
  /** Response cache (src/cache/): shared through Redis in server mode when redisUrl is set, else in memory. */
  cache: {
    enabled: boolean;
    ttlMs: number;
    redisUrl: string | null;
    redisKeyPrefix: string;
    /** Cache-Control max-age of GET query answers. */
    httpMaxAgeSeconds: number;
    /** Which documents are accepted: any (off), any plus hashes (allow), manifest hashes only (only). */
    persistedOperations: 'off' | 'allow' | 'only';
  };
  /** Open subscription streams one client address may hold. */
  subscriptionsPerClient: number;
  http: {
    /** Origins allowed to call the API from a browser: a list, or '*' for any (never with credentials). */
    corsOrigins: string[] | '*';
    /** Largest request body accepted; larger ones get 413. */
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

function readDatabaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'not a valid URL (expected postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `expected a postgres:// URL, got protocol "${url.protocol}"`);
  }
  return raw;
}

function readSize(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+(kB|MB|GB)$/.test(raw)) throw new ConfigError(name, `expected a size such as 16MB or 512kB, got "${raw}"`);
  return raw;
}

function readOrigins(env: Env, name: string): string[] | '*' {
  const raw = env[name]?.trim();
  if (!raw || raw === '*') return '*';
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(name, `"${origin}" is not an origin (expected e.g. https://dashboard.example.org)`);
    }
    if (url.origin !== origin)
      throw new ConfigError(name, `"${origin}" is not an origin; did you mean "${url.origin}"?`);
  }
  return origins;
}

function readRedisUrl(env: Env): string | null {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'not a valid URL (expected redis://host:port)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', `expected a redis:// or rediss:// URL, got protocol "${url.protocol}"`);
  }
  return raw;
}

function readKeyPrefix(env: Env): string {
  const raw = env.REDIS_KEY_PREFIX?.trim();
  if (raw === undefined || raw === '') return 'meetup-graph:';
  if (!/^[A-Za-z0-9:_.-]{1,100}$/.test(raw)) {
    throw new ConfigError('REDIS_KEY_PREFIX', `expected 1..100 of A-Z a-z 0-9 : _ . -, got "${raw}"`);
  }
  return raw;
}

const PERSISTED_MODES = ['off', 'allow', 'only'] as const;

function readPersistedMode(env: Env): Config['cache']['persistedOperations'] {
  const raw = env.PERSISTED_OPERATIONS?.trim().toLowerCase() || 'off';
  if (!(PERSISTED_MODES as readonly string[]).includes(raw)) {
    throw new ConfigError('PERSISTED_OPERATIONS', `expected off, allow or only, got "${env.PERSISTED_OPERATIONS}"`);
  }
  return raw as Config['cache']['persistedOperations'];
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = readDatabaseUrl(env);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return {
    port: readInt(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: env.DATA_DIR?.trim() || '.data',
    embeddedSharedBuffers: readSize(env, 'PGLITE_SHARED_BUFFERS', '16MB'),
    // The default graph (Cloud Native London's history) is for exploring a
    // fresh embedded database; a server database gets it only when asked for.
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === null),
    logLevel,
    shutdownDeadlineMs: readInt(env, 'SHUTDOWN_DEADLINE_MS', 25_000, 0, 600_000),
    isDevelopment: env.NODE_ENV === 'development',
    // A public, explorable API: both on unless switched off.
    graphiql: readBool(env, 'GRAPHIQL', true),
    introspection: readBool(env, 'INTROSPECTION', true),
    limits: {
      maxDepth: readInt(env, 'MAX_QUERY_DEPTH', 8, 1, 100),
      maxAliases: readInt(env, 'MAX_QUERY_ALIASES', 15, 0, 1000),
      maxTokens: readInt(env, 'MAX_QUERY_TOKENS', 2000, 10, 100_000),
      maxDirectives: readInt(env, 'MAX_QUERY_DIRECTIVES', 50, 0, 1000),
      maxCost: readInt(env, 'MAX_QUERY_COST', 100_000, 1, 10_000_000),
    },
    database: {
      poolMax: readInt(env, 'DB_POOL_MAX', 10, 1, 1000),
      connectTimeoutMs: readInt(env, 'DB_CONNECT_TIMEOUT_MS', 2000, 100, 60_000),
      statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
      idleInTransactionTimeoutMs: readInt(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    rateLimits: {
      authFailures: readInt(env, 'RATE_LIMIT_AUTH_FAILURES', 20, 0, 1_000_000),
      requests: readInt(env, 'RATE_LIMIT_REQUESTS', 0, 0, 1_000_000),
      windowMs: readInt(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000),
    },
    cache: {
      enabled: readBool(env, 'RESPONSE_CACHE', false),
      ttlMs: readInt(env, 'RESPONSE_CACHE_TTL_MS', 60_000, 1, 86_400_000),
      redisUrl: readRedisUrl(env),
      redisKeyPrefix: readKeyPrefix(env),
      httpMaxAgeSeconds: readInt(env, 'HTTP_CACHE_MAX_AGE_S', 5, 0, 86_400),
      persistedOperations: readPersistedMode(env),
    },
    subscriptionsPerClient: readInt(env, 'SUBSCRIPTIONS_PER_CLIENT', 10, 1, 10_000),
    http: {
      corsOrigins: readOrigins(env, 'CORS_ORIGINS'),
      bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 2_000_000, 1000, 100_000_000),
      requestTimeoutMs: readInt(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
      headersTimeoutMs: readInt(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1000, 600_000),
      keepAliveTimeoutMs: readInt(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 0, 600_000),
    },
  };
}
