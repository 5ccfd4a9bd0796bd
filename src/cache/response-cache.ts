import { AsyncLocalStorage } from 'node:async_hooks';
import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import { cacheStatusPlugin } from './cache-status.ts';
import { type GraphChangeBatch, onGraphChanges } from './graph-changes.ts';
import { createSharedCache, EVERYTHING } from './shared-cache.ts';

// The response cache (@graphql-yoga/plugin-response-cache): in Redis when
// one is configured, so that instances share it, in memory otherwise.
//
// What a write invalidates (invalidationFor, the one rule): the entities it
// touched, by type and global ID, and every derived answer. Nearly every
// answer is derived: a meetup's talks, a person's history, a sponsor
// timeline, the stats and search results all change when a row they do not
// contain is added. So the derived rule is coarse: any write drops every
// cached query answer (every stored answer carries the EVERYTHING marker). Correct first;
// writes are rare next to the reads dashboards repeat.
//
// Never cached: requests with a token (never read from or stored into the
// shared cache), introspection, and the audit trail.

export interface ResponseCacheOptions {
  db: Kysely<Database>;
  /** Bounds every entry, whatever invalidation does or misses. */
  ttlMs: number;
  /** Shared cache; null: in this process's memory. */
  redis: Redis | null;
  logger?: Logger;
  /** Largest number of answers the in-memory cache holds. */
  maxEntries?: number;
}

export interface ResponseCacheSetup {
  /** The cache, and the x-response-cache header saying hit or miss. */
  plugins: Plugin[];
  /** Stops listening for changes. */
  close(): void;
}

/** Types whose presence anywhere in an answer keeps it out of the cache. */
export const UNCACHED_TYPES = ['__Schema', '__Type', '__Field', '__Directive', 'Change'];

type Entities = Parameters<Cache['invalidate']>[0];

/** What a batch of committed changes invalidates. */
export function invalidationFor(batch: GraphChangeBatch): Entities {
  if (batch.all) return EVERYTHING;
  return [...batch.changes.map((change) => ({ typename: change.kind, id: change.id })), ...EVERYTHING];
}

/**
 * Every stored answer is tagged with the EVERYTHING marker (the derived
 * rule's handle). An answer computed while a write committed may predate
 * it: it is not stored when a change arrived after its request began. Each
 * request carries the generation it began in (`begin` wraps its handling);
 * one that began before the latest change never stores its answer, whatever
 * other requests for the same key looked up or stored meanwhile.
 */
export function guardCache(cache: Cache) {
  let generation = 0;
  const began = new AsyncLocalStorage<number>();
  const guarded: Cache = {
    get: (key) => cache.get(key),
    set(key, result, entities, ttl) {
      if (began.getStore() !== generation) return;
      return cache.set(key, result, [...entities, ...EVERYTHING], ttl);
    },
    invalidate: (entities) => cache.invalidate(entities),
  };
  return {
    cache: guarded,
    /** Runs a request's handling in the current generation. */
    begin: <T>(handle: () => T): T => began.run(generation, handle),
    changed() {
      generation += 1;
    },
  };
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCacheSetup {
  const guard = guardCache(
    options.redis
      ? createSharedCache(options.redis, options.logger)
      : createInMemoryCache({ max: options.maxEntries ?? 1000 }),
  );
  const stop = onGraphChanges(options.db, async (batch) => {
    guard.changed();
    try {
      await guard.cache.invalidate(invalidationFor(batch));
    } catch (error) {
      options.logger?.warn({ err: error }, 'response cache invalidation failed');
    }
  });
  const plugin = useResponseCache({
    cache: guard.cache,
    ttl: options.ttlMs,
    // One cache for everyone: answers do not depend on who asks, and whoever carries a token is not served from it.
    session: () => null,
    enabled: (request) => !request.headers.has('authorization'),
    ignoredTypes: UNCACHED_TYPES,
    // Writes announce what they changed (graph-changes.ts); mutation results are not inspected.
    invalidateViaMutation: false,
    includeExtensionMetadata: true,
  });
  const generation: Plugin = { instrumentation: { request: (_payload, wrapped) => guard.begin(wrapped) } };
  return { plugins: [generation, plugin, cacheStatusPlugin()], close: stop };
}
