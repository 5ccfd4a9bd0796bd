import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, sha256Hex } from '../../src/cache/persisted-operations.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// PERSISTED_OPERATIONS=off|allow|only over real HTTP (yoga.fetch), with the
// committed manifest of operations/*.graphql; and the manifest is what the
// script prints (the CI check, run here too).

const run = promisify(execFile);
const manifest = loadManifest();
const speakerHistory = [...manifest.entries()].find(([, doc]) => doc.startsWith('query SpeakerHistory'));
if (!speakerHistory) throw new Error('the manifest has no SpeakerHistory');
const [HISTORY_HASH] = speakerHistory;
const VARIABLES = { slug: 'luke-bond', asOf: '2019-01-01' };

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoIfEmpty(database.db);
});
afterAll(() => database?.close());

function app(mode: 'off' | 'allow' | 'only') {
  let yoga: ReturnType<typeof createYogaApp> | undefined;
  return async (body: Record<string, unknown>) => {
    yoga ??= createYogaApp({ db: database.db, logging: false, persistedOperations: mode });
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
}

const byHash = (hash: string, variables: Record<string, unknown> = VARIABLES) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});

describe('the manifest', () => {
  it('is up to date with operations/*.graphql (npm run persist:operations -- --check)', async () => {
    const { stderr } = await run(process.execPath, ['scripts/persist-operations.mjs', '--check']);
    expect(stderr).toMatch(/up to date/);
    const files = await readFile('operations/persisted.json', 'utf8');
    expect(Object.keys(JSON.parse(files)).length).toBe(manifest.size);
    for (const [hash, doc] of manifest) expect(sha256Hex(doc)).toBe(hash);
  });
});

describe('PERSISTED_OPERATIONS=only', () => {
  const post = app('only');

  it('runs a manifest operation by its hash', async () => {
    const result = await post(byHash(HISTORY_HASH));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.person.slug).toBe('luke-bond');
  });

  it('refuses any document, and a hash not in the manifest, naming why', async () => {
    const document = await post({ query: '{ __typename }' });
    expect(document.body.data ?? null).toBeNull();
    expect(document.body.errors[0].message).toBe('PersistedQueryOnly');
    const unknown = await post(byHash(sha256Hex('{ __typename }')));
    expect(unknown.body.errors[0].message).toBe('PersistedQueryNotFound');
    // Registration is a document too: refused.
    const registration = await post({ query: '{ __typename }', ...byHash(sha256Hex('{ __typename }')) });
    expect(registration.body.errors[0].message).toBe('PersistedQueryOnly');
  });
});

describe('PERSISTED_OPERATIONS=allow', () => {
  const post = app('allow');

  it('accepts documents and manifest hashes', async () => {
    expect((await post({ query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
    expect((await post(byHash(HISTORY_HASH))).body.data.person.slug).toBe('luke-bond');
  });

  it('registers APQ-style: unknown hash, then hash with document, then hash alone', async () => {
    const query = 'query Probe { stats { totals { meetups } } }';
    const hash = sha256Hex(query);
    expect((await post(byHash(hash, {}))).body.errors[0].message).toBe('PersistedQueryNotFound');
    const registered = await post({ query, ...byHash(hash, {}) });
    expect(registered.body.data.stats.totals.meetups).toBeGreaterThan(0);
    const again = await post(byHash(hash, {}));
    expect(again.body.data).toEqual(registered.body.data);
  });

  it('refuses a registration whose hash is not the document’s', async () => {
    const result = await post({ query: '{ __typename }', ...byHash(sha256Hex('{ somethingElse }'), {}) });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
  });
});

describe('PERSISTED_OPERATIONS=off', () => {
  it('takes documents as before', async () => {
    const post = app('off');
    expect((await post({ query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
  });
});
