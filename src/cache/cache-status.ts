import type { Plugin } from 'graphql-yoga';

// Says whether an answer came from the response cache, in an
// `x-response-cache: hit|miss` header (absent when the cache was not
// consulted: mutations, requests with a token). The response cache's own
// extensions.responseCache metadata is taken out of the body, which stays
// what it is without a cache.

export const CACHE_STATUS_HEADER = 'x-response-cache';

interface CacheMetadata {
  hit?: boolean;
}

type ResultWithExtensions = { extensions?: Record<string, unknown> & { responseCache?: CacheMetadata } };

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
      setResult(cleaned as typeof result);
    },
    onResponse({ request, response }) {
      const status = statusByRequest.get(request);
      if (status) response.headers.set(CACHE_STATUS_HEADER, status);
    },
  };
}
