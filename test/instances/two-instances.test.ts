import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { serverUrl } from '../helpers/database.ts';
import { deleteKeys, redisAvailable, redisTestUrl, testKeyPrefix } from '../helpers/redis.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { readSse } from '../live/sse.ts';
import { type FreshDatabase, freshDatabase, post, startPair } from './instance-pair.ts';

// Two server processes A and B on one PostgreSQL database and the machine's
// Redis (shared response cache under a key prefix of this test's own).

const run = promisify(execFile);
const hasRedis = await redisAvailable();
const runs = serverUrl !== null && hasRedis;
if (!runs) console.warn('two-instance tests need DATABASE_URL (PostgreSQL) and Redis at 127.0.0.1:6379: skipped');

const FIXTURE = 'test/fixtures/posts/2029-07-04-platform-tinkerers-leeds-july-2029.md';
const LISTING = '{ events(first: 1, orderBy: { field: DATE, direction: DESC }) { totalCount nodes { slug } } }';

describe.runIf(runs)('two instances on one PostgreSQL and one Redis', () => {
  let database: FreshDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;
  const prefix = testKeyPrefix();

  beforeAll(async () => {
    database = await freshDatabase();
    [a, b] = await startPair({ DATABASE_URL: database.url, REDIS_URL: redisTestUrl, REDIS_KEY_PREFIX: prefix });
    const direct = await openDatabase({ databaseUrl: database.url });
    try {
      await seedDemoIfEmpty(direct.db);
      token = await createToken(direct.db, 'instances-admin', 'admin');
    } finally {
      await direct.close();
    }
  }, 120_000);
  afterAll(async () => {
    for (const server of [a, b]) if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await database?.drop();
    await deleteKeys(prefix);
  });

  it('started together, they migrate once: one applies the migrations, the other finds them applied', async () => {
    const appliedBy = [a, b].filter((server) => server.stdout().includes('migrations applied'));
    expect(appliedBy).toHaveLength(1);
    const direct = await openDatabase({ databaseUrl: database.url });
    try {
      const rows = await direct.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      const names = rows.map((row) => (row as { name: string }).name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.length).toBeGreaterThan(0);
    } finally {
      await direct.close();
    }
  });

  it('a mutation on A invalidates the answer B cached', async () => {
    const query = 'query($s: String!) { person(slug: $s) { name } }';
    expect((await post(b, query, { s: 'luke-bond' })).cache).toBe('miss');
    const cached = await post(b, query, { s: 'luke-bond' });
    expect(cached.cache).toBe('hit');
    // A shares the cache: it is a hit there too.
    expect((await post(a, query, { s: 'luke-bond' })).cache).toBe('hit');
    const id = (await post(a, '{ person(slug: "luke-bond") { id } }')).body.data.person.id;
    const renamed = await post(
      a,
      'mutation($id: ID!) { updatePerson(input: { id: $id, name: "Luke Bond Renamed" }) { __typename } }',
      { id },
      token,
    );
    expect(renamed.body.data.updatePerson.__typename).toBe('PersonPayload');
    const fresh = await post(b, query, { s: 'luke-bond' });
    expect(fresh.cache).toBe('miss');
    expect(fresh.body.data.person.name).toBe('Luke Bond Renamed');
  });

  it('an import by the CLI, another process, invalidates both instances', async () => {
    const before = await post(b, LISTING);
    expect((await post(b, LISTING)).cache).toBe('hit');
    await run(process.execPath, ['--import', 'tsx', 'src/importer/cli.ts', FIXTURE], {
      env: { ...process.env, DATABASE_URL: database.url },
    });
    // The notification reaches the instances after the commit, within moments.
    for (const server of [a, b]) {
      const deadline = Date.now() + 1000;
      let after = await post(server, LISTING);
      while (after.body.data.events.totalCount === before.body.data.events.totalCount && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await post(server, LISTING);
      }
      expect(after.body.data.events.totalCount).toBe(before.body.data.events.totalCount + 1);
    }
  }, 60_000);

  it('a subscriber on B receives a change made on A within a second', async () => {
    const response = await fetch(`http://127.0.0.1:${b.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { graphChanged { changes { kind slug } } }' }),
    });
    const stream = readSse(response);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const created = await post(a, 'mutation { createPerson(input: { name: "Seen On B" }) { __typename } }', {}, token);
    expect(created.body.data.createPerson.__typename).toBe('PersonPayload');
    const event = await stream.next(1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event?.data.graphChanged.changes).toEqual([{ kind: 'Person', slug: 'seen-on-b' }]);
    await stream.close();
  });

  it('SIGTERM of A completes its open streams and does not disturb B', async () => {
    const onA = readSse(
      await fetch(`http://127.0.0.1:${a.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { graphChanged { everything } }' }),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answers: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) answers.push((await post(b, LISTING)).status);
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = Date.now();
    a.child.kill('SIGTERM');
    expect(await onA.next(5000)).toBeNull();
    expect(await a.exit).toBe(0);
    // Well inside the drain deadline: the stream did not hold the shutdown open.
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    polling = false;
    await poll;
    expect(answers.length).toBeGreaterThan(5);
    expect(answers.every((status) => status === 200)).toBe(true);
  });
});
