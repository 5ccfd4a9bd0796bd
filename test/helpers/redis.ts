import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

// The machine's Redis (REDIS_TEST_URL, default 127.0.0.1:6379) for tests of
// the shared cache. Each test takes a key prefix of its own and deletes its
// keys afterwards: the server is shared, so nothing here flushes it.

export const redisTestUrl = process.env.REDIS_TEST_URL?.trim() || 'redis://127.0.0.1:6379';

/** True when Redis answers a PING within a second. */
export async function redisAvailable(url = redisTestUrl): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export function testKeyPrefix(): string {
  return `mg-test-${randomBytes(5).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS or FLUSHALL). */
export async function deleteKeys(prefix: string, url = redisTestUrl): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** How many keys live under `prefix`. */
export async function countKeys(prefix: string, url = redisTestUrl): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let count = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return count;
}
