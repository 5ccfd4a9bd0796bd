import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { CACHE_STATUS_HEADER } from './cache-status.ts';

// HTTP caching of GET queries (GET carries queries only: mutations need
// POST). A successful GET answer without a token gets a strong ETag, the
// hash of its body, and `Cache-Control: public, max-age=N`; a matching
// If-None-Match gets 304 with no body. The ETag is the content's, so a
// changed answer never matches an old tag, whatever the response cache
// did meanwhile. Anything else says no-store, except a POST answer the
// response cache holds, which may be kept if revalidated (no-cache).

export interface HttpCachingOptions {
  /** Cache-Control max-age of GET answers (HTTP_CACHE_MAX_AGE_S). */
  maxAgeSeconds: number;
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function hasErrors(result: unknown): boolean {
  const errors = (result as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0;
}

function mediaTypeFor(request: Request): string {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/graphql-response+json') && !accept.includes('application/json')
    ? 'application/graphql-response+json'
    : 'application/json';
}

export function httpCachingPlugin(options: HttpCachingOptions): Plugin {
  const publicGet = `public, max-age=${options.maxAgeSeconds}`;
  return {
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      const inner = resultProcessor;
      const cacheable =
        request.method === 'GET' &&
        !request.headers.has('authorization') &&
        !Array.isArray(result) &&
        !(result && Symbol.asyncIterator in (result as object)) &&
        !hasErrors(result);
      if (!cacheable || !inner) return;
      setResultProcessor(async (processed, fetchAPI, mediaType) => {
        const response = await inner(processed, fetchAPI, mediaType);
        if (response.status !== 200) return response;
        const body = await response.text();
        const etag = etagOf(body);
        const headers = new fetchAPI.Headers(response.headers);
        headers.set('etag', etag);
        headers.set('cache-control', publicGet);
        headers.delete('last-modified');
        if (matches(request.headers.get('if-none-match'), etag)) {
          headers.delete('content-type');
          headers.delete('content-length');
          return new fetchAPI.Response(null, { status: 304, headers });
        }
        return new fetchAPI.Response(body, { status: 200, headers });
      }, mediaTypeFor(request));
    },
    onResponse({ request, response }) {
      if (response.headers.has('cache-control') && response.headers.get('etag')?.startsWith('"')) return;
      // The response cache's own validators name its key, not the content: not given out.
      response.headers.delete('etag');
      response.headers.delete('last-modified');
      const heldByCache = request.method === 'POST' && response.headers.has(CACHE_STATUS_HEADER);
      response.headers.set('cache-control', heldByCache ? 'no-cache' : 'no-store');
    },
  };
}
