import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { listenForGraphChanges } from './change-listener.ts';
import { createRedisClient, redactRedisUrl } from './redis-client.ts';
import { createResponseCache, type ResponseCacheSetup } from './response-cache.ts';

// What the server starts for caching: the response cache (in Redis in
// server mode with REDIS_URL, else in memory) and, in server mode, the
// listener for changes other processes commit. Embedded mode needs no
// listener: no other process writes to its database.

export interface StartedCache {
  responseCache: ResponseCacheSetup | null;
  close(): Promise<void>;
}

export async function startCache(config: Config, database: AppDatabase, logger: Logger): Promise<StartedCache> {
  if (!config.cache.enabled) return { responseCache: null, close: async () => {} };
  const serverMode = database.mode === 'server' && config.databaseUrl !== null;
  const redis =
    serverMode && config.cache.redisUrl
      ? createRedisClient({ url: config.cache.redisUrl, keyPrefix: config.cache.redisKeyPrefix, logger })
      : null;
  const responseCache = createResponseCache({ db: database.db, ttlMs: config.cache.ttlMs, redis, logger });
  const listener =
    serverMode && config.databaseUrl ? listenForGraphChanges(database.db, config.databaseUrl, logger) : null;
  await listener?.ready;
  logger.info(
    { ttlMs: config.cache.ttlMs, store: redis ? redactRedisUrl(config.cache.redisUrl ?? '') : 'memory' },
    'response cache on',
  );
  return {
    responseCache,
    async close() {
      responseCache.close();
      await listener?.close();
      redis?.disconnect();
    },
  };
}
