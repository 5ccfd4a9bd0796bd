import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// What the HTTP layer allows: which browser origins (CORS_ORIGINS) and how
// large a body (BODY_LIMIT_BYTES), through yoga.fetch.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const QUERY = JSON.stringify({ query: '{ __typename }' });

function post(yoga: ReturnType<typeof createYogaApp>, body: string, headers: Record<string, string> = {}) {
  return yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    body,
  });
}

describe('CORS', () => {
  it('by default any origin may read answers, without credentials', async () => {
    const yoga = createYogaApp({ db: database.db, logging: false });
    const response = await post(yoga, QUERY, { origin: 'https://dashboard.example.org' });
    expect(response.status).toBe(200);
    // Yoga answers with the caller's origin (and Vary: Origin) rather than '*'.
    expect(response.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.org');
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true');
  });

  it('with CORS_ORIGINS only the listed origins are allowed', async () => {
    const { http } = loadConfig({ CORS_ORIGINS: 'https://dashboard.example.org, https://wall.example.org' });
    const yoga = createYogaApp({ db: database.db, logging: false, corsOrigins: http.corsOrigins });
    const allowed = await post(yoga, QUERY, { origin: 'https://wall.example.org' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://wall.example.org');
    const other = await post(yoga, QUERY, { origin: 'https://elsewhere.example.com' });
    expect(other.headers.get('access-control-allow-origin') ?? 'null').toBe('null');
  });

  it('an entry that is not an origin is a configuration error naming it', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example.org,https://bad.example.org/path' })).toThrow(
      /CORS_ORIGINS: "https:\/\/bad.example.org\/path" is not an origin; did you mean "https:\/\/bad.example.org"\?/,
    );
  });
});

describe('body limit', () => {
  it('a body over BODY_LIMIT_BYTES gets 413 with the limit named, before it is parsed', async () => {
    const { http } = loadConfig({ BODY_LIMIT_BYTES: '5000' });
    const yoga = createYogaApp({ db: database.db, logging: false, bodyLimitBytes: http.bodyLimitBytes });
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(6000)}` });
    const refused = await post(yoga, big);
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.message).toMatch(/limit is 5000 bytes \(BODY_LIMIT_BYTES\)/);
    expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await post(yoga, QUERY)).status).toBe(200);
  });

  it('the default is 2 MB: a whole 1 MB roundup fits in an importRoundup request', () => {
    expect(loadConfig({ DATA_DIR: join(mkdtempSync(join(tmpdir(), 'mg-')), 'd') }).http.bodyLimitBytes).toBe(2_000_000);
  });
});
