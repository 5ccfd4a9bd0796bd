import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, createYogaApp } from '../../src/yoga.ts';
import { type CacheApp, createCacheApp } from './cache-app.ts';

// GET queries answer with a content ETag and public Cache-Control, and 304
// on a matching If-None-Match; POST answers say no-store (no-cache when the
// response cache holds them); a changed answer never matches an old ETag.

let app: CacheApp;
let yoga: ReturnType<typeof createYogaApp>;
beforeAll(async () => {
  app = await createCacheApp({ store: 'memory' });
  yoga = createYogaApp({
    db: app.database.db,
    logging: false,
    responseCache: app.responseCache,
    httpCacheMaxAgeSeconds: 7,
  });
});
afterAll(() => app?.close());

const get = (query: string, variables: Record<string, unknown> | null, headers: Record<string, string> = {}) => {
  const url = new URL('http://test/graphql');
  url.searchParams.set('query', query);
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  return yoga.fetch(url, { headers: { accept: 'application/json', [CSRF_HEADER]: '1', ...headers } });
};

describe('HTTP caching', () => {
  const QUERY = 'query($s: String!) { person(slug: $s) { name } }';

  it('a GET query gets an ETag and public Cache-Control; the same ETag back gets 304 with no body', async () => {
    const first = await get(QUERY, { s: 'luke-bond' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=7');
    const body = await first.json();
    expect(body.data.person.name).toBeTruthy();

    const again = await get(QUERY, { s: 'luke-bond' }, { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    const other = await get(QUERY, { s: 'cheryl-hung' }, { 'if-none-match': etag ?? '' });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('after a write, the old ETag no longer matches: the new answer comes whole', async () => {
    const first = await get(QUERY, { s: 'cheryl-hung' });
    const etag = first.headers.get('etag') ?? '';
    const id = (await app.query('{ person(slug: "cheryl-hung") { id } }')).data?.person.id;
    const renamed = await app.query(
      'mutation($id: ID!) { updatePerson(input: { id: $id, name: "Cheryl Renamed" }) { __typename } }',
      { id },
      { authorization: `Bearer ${app.admin}` },
    );
    expect(renamed.data?.updatePerson.__typename).toBe('PersonPayload');
    const after = await get(QUERY, { s: 'cheryl-hung' }, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect((await after.json()).data.person.name).toBe('Cheryl Renamed');
  });

  it('a GET with a token, or with errors, is not publicly cacheable', async () => {
    const withToken = await get(QUERY, { s: 'luke-bond' }, { authorization: `Bearer ${app.admin}` });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('cache-control')).toBe('no-store');
    expect(withToken.headers.get('etag')).toBeNull();
    const failing = await get('{ person { name } }', null);
    expect((await failing.json()).errors.length).toBeGreaterThan(0);
    expect(failing.headers.get('cache-control')).toBe('no-store');
  });

  it('POST says no-store, or no-cache when the response cache holds the answer; never a cache-key ETag', async () => {
    const post = (query: string, headers: Record<string, string> = {}) =>
      yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
    const cached = await post('{ stats { totals { meetups } } }');
    expect(cached.headers.get('cache-control')).toBe('no-cache');
    expect(cached.headers.get('etag')).toBeNull();
    const withToken = await post('{ stats { totals { meetups } } }', { authorization: `Bearer ${app.admin}` });
    expect(withToken.headers.get('cache-control')).toBe('no-store');
  });
});
