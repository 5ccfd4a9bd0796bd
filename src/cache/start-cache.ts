import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { listenForGraphChanges } from './change-listener.ts';
import { createRedisClient, redactRedisUrl } from './redis-client.ts';
import { createResponseCache, type ResponseCacheSetup } from './response-cache.ts';

// What the server starts beside Yoga: in server mode, the listener for
// changes other processes commit (caches and subscriptions both follow it,
// so it runs with the cache on or off); and, when RESPONSE_CACHE is on, the
// response cache, in Redis in server mode with REDIS_URL, else in memory.
// Embedded mode needs no listener: no other process writes its database.

export interface StartedCache {
  responseCache: ResponseCacheSetup | null;
  close(): Promise<void>;
}

export async function startCache(config: Config, database: AppDatabase, logger: Logger): Promise<StartedCache> {
  const serverUrl = database.mode === 'server' ? config.databaseUrl : null;
  const listener = serverUrl ? listenForGraphChanges(database.db, serverUrl, logger) : null;
  await listener?.ready;
  if (!config.cache.enabled) {
    return { responseCache: null, close: async () => listener?.close() };
  }
  const redis =
    serverUrl && config.cache.redisUrl
      ? createRedisClient({ url: config.cache.redisUrl, keyPrefix: config.cache.redisKeyPrefix, logger })
      : null;
  const responseCache = createResponseCache({ db: database.db, ttlMs: config.cache.ttlMs, redis, logger });
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
