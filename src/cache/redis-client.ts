import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

// One Redis connection for the shared response cache. Redis is an
// accelerator, never a dependency of reads: a command fails at once while
// the connection is down (no offline queue, one attempt), the caller treats
// that as a miss, and ioredis reconnects in the background.

export interface RedisOptions {
  url: string;
  /** Prepended to every key (ioredis keyPrefix), so instances of one deployment share keys and others do not. */
  keyPrefix: string;
  logger?: Logger;
}

export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(invalid URL)';
  }
}

export function createRedisClient(options: RedisOptions): Redis {
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 500,
    // Back off up to 2 s between attempts, forever: Redis may come back.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.logger?.warn(
      { redis: redactRedisUrl(options.url), error: error.message },
      'Redis unavailable: answering uncached until it returns',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    options.logger?.info({ redis: redactRedisUrl(options.url) }, 'Redis is back');
  });
  return redis;
}
