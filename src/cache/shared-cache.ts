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
  let lastRetry = 0;
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
  /** Drops everything once Redis answers again; until then the cache is bypassed. */
  const recover = async (): Promise<void> => {
    lastRetry = Date.now();
    try {
      await inner.invalidate(EVERYTHING);
      missedInvalidation = false;
    } catch {
      // Still unreachable: the next attempt comes with a later request or reconnect.
    }
  };
  redis.on('ready', () => {
    if (missedInvalidation) void recover();
  });

  return {
    async get(key) {
      if (missedInvalidation) {
        // A connection that never dropped (a stalled Redis) sends no 'ready': retry now and then.
        if (Date.now() - lastRetry > 1000) void recover();
        return undefined;
      }
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
