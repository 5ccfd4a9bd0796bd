import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import {
  type BuildResponseCacheKeyFunction,
  type Cache,
  createInMemoryCache,
  useResponseCache,
} from '@graphql-yoga/plugin-response-cache';
import stableStringify from 'fast-json-stable-stringify';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { newSqlTrace, readsChangedBy, type SqlTrace, traceSql } from '../db/sql-trace.ts';
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
// contain is added. So the derived rule is coarse: a write drops every
// cached query answer (every stored answer carries the EVERYTHING marker).
// Correct first; writes are rare next to the reads dashboards repeat.
//
// One finer case: a write whose statements wrote tracked tables only
// (db/sql-trace.ts: the sponsorships and what their curation writes beside
// them) drops only the answers whose requests read those tables. Every
// stored answer is tagged with the tracked tables its statements read, a
// read of some companies' sponsorships as theirs; so a curator's sponsorship
// of one company keeps the other sponsors' timelines, and every answer that
// reads no sponsorship at all.
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

/** Part of every cache key: changes whenever what a stored answer's tags mean changes. */
const TAGGING_VERSION = 'tags-2';

/** The cache tag of a read of tracked rows (a table, or some company's sponsorships: sql-trace.ts names them). */
const TABLE_TAG = 'SqlTable';

/** The tags of what a request's statements read of the tracked tables. */
export function readTags(trace: SqlTrace): Entities {
  return [...trace.read].map((id) => ({ typename: TABLE_TAG, id }));
}

/** What a batch of committed changes invalidates. */
export function invalidationFor(batch: GraphChangeBatch): Entities {
  if (batch.all) return EVERYTHING;
  const entities = batch.changes.map((change) => ({ typename: change.kind, id: change.id }));
  if (!batch.tracked) return [...entities, ...EVERYTHING];
  const tables = readsChangedBy(batch.tracked);
  return [...entities, ...tables.map((id) => ({ typename: TABLE_TAG, id }))];
}

/** How long a request waits for another computing the same answer before computing it itself. */
const SHARED_MISS_WAIT_MS = 2000;

/** One request's part in the cache: the generation it began in, and the answers it is computing. */
interface RequestScope {
  generation: number;
  computing: Set<string>;
  /** What its statements read. */
  trace: SqlTrace;
}

/**
 * Every stored answer is tagged with the EVERYTHING marker (the derived
 * rule's handle). An answer computed while a write committed may predate
 * it: it is not stored when a change arrived after its request began
 * reading. Each request carries the generation it began in (`begin` wraps
 * its handling), renewed at a lookup made before it sent any statement
 * (statements are counted as they are sent; the response cache looks up
 * before execution): so a request under way when a write lands shares, and
 * stores, the answer computed after it. One that read before
 * the latest change never stores its answer, whatever other requests for
 * the same key looked up or stored meanwhile.
 *
 * Misses of one key at once are computed once: a request that misses while
 * another of the same generation computes that answer waits for it (until it
 * is stored, that request ends, or SHARED_MISS_WAIT_MS pass) and is then
 * served what was stored, or computes the answer itself. Dashboards polling
 * the same views all miss together after every write.
 */
export function guardCache(cache: Cache) {
  let generation = 0;
  const scope = new AsyncLocalStorage<RequestScope>();
  const computing = new Map<string, { owner: RequestScope; settled: Promise<void>; settle: () => void }>();
  const current = () => {
    const me = scope.getStore();
    return me && me.generation === generation ? me : null;
  };
  const release = (me: RequestScope | undefined, key: string) => {
    const entry = computing.get(key);
    if (!me || entry?.owner !== me) return;
    computing.delete(key);
    me.computing.delete(key);
    entry.settle();
  };
  const guarded: Cache = {
    async get(key) {
      const found = await cache.get(key);
      const began = scope.getStore();
      // One that has read nothing yet reads the graph as it is now: it belongs to the current generation.
      if (began && began.trace.statements === 0) began.generation = generation;
      const me = current();
      if (found || !me) return found;
      const other = computing.get(key);
      if (other && other.owner !== me && other.owner.generation === generation) {
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, SHARED_MISS_WAIT_MS);
        });
        await Promise.race([other.settled, waited]);
        clearTimeout(timer);
        return cache.get(key);
      }
      if (other?.owner !== me) {
        let settle: () => void = () => {};
        const settled = new Promise<void>((resolve) => {
          settle = resolve;
        });
        computing.set(key, { owner: me, settled, settle });
        me.computing.add(key);
      }
      return found;
    },
    async set(key, result, entities, ttl) {
      const me = scope.getStore();
      try {
        if (me?.generation === generation) {
          await cache.set(key, result, [...entities, ...EVERYTHING, ...readTags(me.trace)], ttl);
        }
      } finally {
        release(me, key);
      }
    },
    invalidate: (entities) => cache.invalidate(entities),
  };
  return {
    cache: guarded,
    /** Runs a request's handling in the current generation; what it was computing is released when it ends. */
    async begin<T>(handle: () => T | Promise<T>): Promise<T> {
      const me: RequestScope = { generation, computing: new Set(), trace: newSqlTrace() };
      try {
        return await scope.run(me, () => traceSql(me.trace, handle));
      } finally {
        for (const key of [...me.computing]) release(me, key);
      }
    },
    changed() {
      generation += 1;
    },
  };
}

/**
 * The key of an answer: what the plugin's default key hashes (the document,
 * operation, variables in a stable order, session), hashed here at once
 * rather than through WebCrypto's promise, a tenth of a hit's CPU.
 */
export const responseCacheKey: BuildResponseCacheKeyFunction = (params) =>
  createHash('sha256')
    .update(
      [
        params.documentString,
        params.operationName ?? '',
        stableStringify(params.variableValues ?? {}),
        params.sessionId ?? '',
      ].join('|'),
    )
    .digest('hex');

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
    // The one key space is named after how answers are tagged, so that a cache shared with an older
    // version of the service never serves this one an answer tagged otherwise (it expires by TTL).
    session: () => TAGGING_VERSION,
    enabled: (request) => !request.headers.has('authorization'),
    ignoredTypes: UNCACHED_TYPES,
    // Writes announce what they changed (graph-changes.ts); mutation results are not inspected.
    invalidateViaMutation: false,
    includeExtensionMetadata: true,
    buildResponseCacheKey: responseCacheKey,
  });
  const generation: Plugin = { instrumentation: { request: (_payload, wrapped) => guard.begin(wrapped) } };
  return { plugins: [generation, plugin, cacheStatusPlugin()], close: stop };
}
