import { createRedisCache } from '@envelop/response-cache-redis';
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

// The response cache in Redis (@envelop/response-cache-redis), made
// fault-tolerant: a failed read is a miss, a failed store is skipped, and a
// failed invalidation is remembered: when Redis answers again, everything
// cached before is dropped, since what it missed is unknown.

type Entities = Parameters<Cache['invalidate']>[0];

/**
 * A marker entity every stored answer carries: invalidating it drops them
 * all. It has an id, so the Redis store finds its answers in one set
 * (typename-only invalidation would scan keys).
 */
export const EVERYTHING: Entities = [{ typename: 'MeetupGraph', id: 'all' }];

export function createSharedCache(redis: Redis, logger?: Logger): Cache {
  const inner = createRedisCache({ redis: redis as never }) as Cache;
  let missedInvalidation = false;
  const warn = (what: string, error: unknown) =>
    logger?.warn({ error: error instanceof Error ? error.message : String(error) }, `response cache: ${what} failed`);

  const invalidate = async (entities: Entities): Promise<void> => {
    try {
      await inner.invalidate(entities);
    } catch (error) {
      missedInvalidation = true;
      warn('invalidation', error);
    }
  };
  redis.on('ready', () => {
    if (!missedInvalidation) return;
    missedInvalidation = false;
    void invalidate(EVERYTHING);
  });

  return {
    async get(key) {
      if (missedInvalidation) return undefined;
      try {
        return await inner.get(key);
      } catch {
        return undefined;
      }
    },
    async set(key, result, entities, ttl) {
      if (missedInvalidation) return;
      try {
        await inner.set(key, result, entities, ttl);
      } catch (error) {
        warn('store', error);
      }
    },
    invalidate,
  };
}
