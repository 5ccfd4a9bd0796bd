import type { Redis } from 'ioredis';
import { CACHE_STATUS_HEADER } from '../../src/cache/cache-status.ts';
import { createRedisClient } from '../../src/cache/redis-client.ts';
import { createResponseCache, type ResponseCacheSetup } from '../../src/cache/response-cache.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { deleteKeys, redisTestUrl, testKeyPrefix } from '../helpers/redis.ts';

// The demo graph served with the response cache, in memory or in the
// machine's Redis under a prefix of its own; real HTTP through yoga.fetch.

export interface CachedResponse<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string }[];
  /** The x-response-cache header; undefined when the cache was not consulted. */
  cache: { hit: boolean } | undefined;
  headers: Headers;
  /** The whole body, as the client gets it. */
  body: Record<string, unknown>;
  /** Its bytes. */
  text: string;
}

export interface CacheApp {
  database: TestDatabase;
  responseCache: ResponseCacheSetup;
  admin: string;
  prefix: string | null;
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<CachedResponse<T>>;
  close(): Promise<void>;
}

export async function createCacheApp(options: { store: 'memory' | 'redis'; ttlMs?: number }): Promise<CacheApp> {
  const database = await createTestDatabase();
  await seedDemoIfEmpty(database.db);
  const admin = await createToken(database.db, 'cache-test-admin', 'admin');
  const prefix = options.store === 'redis' ? testKeyPrefix() : null;
  const redis: Redis | null = prefix ? createRedisClient({ url: redisTestUrl, keyPrefix: prefix }) : null;
  if (redis) await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  const responseCache = createResponseCache({ db: database.db, ttlMs: options.ttlMs ?? 60_000, redis });
  const yoga = createYogaApp({ db: database.db, logging: false, responseCache });
  return {
    database,
    responseCache,
    admin,
    prefix,
    async query(query, variables, headers = {}) {
      const response = await yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { data?: any; errors?: { message: string }[] };
      const status = response.headers.get(CACHE_STATUS_HEADER);
      return {
        status: response.status,
        data: body.data ?? null,
        errors: body.errors,
        cache: status ? { hit: status === 'hit' } : undefined,
        headers: response.headers,
        body,
        text,
      };
    },
    async close() {
      responseCache.close();
      redis?.disconnect();
      if (prefix) await deleteKeys(prefix);
      await database.close();
    },
  };
}
