import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedWindowCounter } from '../../src/observability/rate-limit.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// Rate limits per client IP, over real HTTP (the address is the socket's).

let database: TestDatabase;
let server: Server;
let url: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const yoga = createYogaApp({ db: database.db, logging: false, rateLimits: { authFailures: 3, requests: 0 } });
  server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});

const WRITE = 'mutation { createPerson(input: { name: "Guess" }) { __typename } }';
const post = (query: string, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });

describe('rate limits', () => {
  it('failed authentications: past the limit, 429 with Retry-After; public reads stay open', async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await post(WRITE, `mg_wrong${i}`);
      expect(response.status).toBe(200);
      expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const limited = await post(WRITE, 'mg_wrong4');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await limited.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    const read = await post('{ events(first: 1) { totalCount } }');
    expect(read.status).toBe(200);
  });

  it('windows end: a counter lets the key go on once its window is over', () => {
    let now = 0;
    const counter = new FixedWindowCounter(2, 60_000, () => now);
    counter.add('a');
    counter.add('a');
    expect(counter.retryAfter('a')).toBe(60);
    expect(counter.retryAfter('b')).toBe(0);
    now = 59_500;
    expect(counter.retryAfter('a')).toBe(1);
    now = 60_000;
    expect(counter.retryAfter('a')).toBe(0);
  });

  it('all requests, when switched on', async () => {
    const yoga = createYogaApp({ db: database.db, logging: false, rateLimits: { requests: 2 } });
    const context = { req: { socket: { remoteAddress: '192.0.2.7' } } };
    const ask = () =>
      yoga.fetch(
        'http://test/graphql',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' },
        context,
      );
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const third = await ask();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
  });
});
