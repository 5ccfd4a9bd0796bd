import type { Plugin } from 'graphql-yoga';

// Says whether an answer came from the response cache, in an
// `x-response-cache: hit|miss` header (absent when the cache was not
// consulted: mutations, requests with a token). The response cache's own
// extensions.responseCache metadata is taken out of the body, which stays
// what it is without a cache.
//
// A hit is served without serialising its answer again: the in-memory cache
// hands out the stored answer's data itself, so its JSON is kept beside it
// (serialising a sponsor timeline was a quarter of a hit's CPU). Yoga
// serialises a result with its `stringify` when it has one.

export const CACHE_STATUS_HEADER = 'x-response-cache';

interface CacheMetadata {
  hit?: boolean;
}

type ResultWithExtensions = { extensions?: Record<string, unknown> & { responseCache?: CacheMetadata } };

/** The JSON of stored answers' data, by the data itself (it is never changed once stored). */
const serialized = new WeakMap<object, string>();

/**
 * JSON.stringify for a hit: `{"data":…}` from the data's kept JSON; anything
 * else (extensions, errors) as usual.
 */
export function stringifyHit(result: Record<string, unknown>): string {
  const { data, stringify: _self, ...rest } = result;
  // (A key whose value is undefined is left out by JSON.stringify too.)
  const others = Object.values(rest).some((value) => value !== undefined);
  if (typeof data !== 'object' || data === null || others) return JSON.stringify(result);
  let json = serialized.get(data);
  if (json === undefined) {
    json = JSON.stringify(data);
    serialized.set(data, json);
  }
  return `{"data":${json}}`;
}

export function cacheStatusPlugin(): Plugin {
  const statusByRequest = new WeakMap<Request, 'hit' | 'miss'>();
  return {
    onResultProcess({ request, result, setResult }) {
      const extensions = (result as ResultWithExtensions | null)?.extensions;
      if (Array.isArray(result) || !extensions?.responseCache) return;
      statusByRequest.set(request, extensions.responseCache.hit ? 'hit' : 'miss');
      const { responseCache: _metadata, ...rest } = extensions;
      const cleaned: Record<string, unknown> = { ...(result as object) };
      if (Object.keys(rest).length) cleaned.extensions = rest;
      else delete cleaned.extensions;
      if (extensions.responseCache.hit) Object.defineProperty(cleaned, 'stringify', { value: stringifyHit });
      setResult(cleaned as typeof result);
    },
    onResponse({ request, response }) {
      const status = statusByRequest.get(request);
      if (status) response.headers.set(CACHE_STATUS_HEADER, status);
    },
  };
}
