import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChangeListener, listenForGraphChanges } from '../../src/cache/change-listener.ts';
import { CHANGE_CHANNEL, type GraphChangeBatch, onGraphChanges } from '../../src/cache/graph-changes.ts';
import { createResponseCache } from '../../src/cache/response-cache.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/database.ts';

// Server mode: changes other processes commit arrive by NOTIFY; when the
// listening connection is killed, it reconnects and everything cached is
// dropped (what was missed is unknown), and listeners hear `all`.

describe.runIf(serverUrl !== null)('the change listener (PostgreSQL LISTEN)', () => {
  let database: TestDatabase;
  let listener: ChangeListener;
  let yoga: ReturnType<typeof createYogaApp>;
  const heard: GraphChangeBatch[] = [];

  const read = async (query: string) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    return response.headers.get('x-response-cache');
  };
  const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoIfEmpty(database.db);
    const responseCache = createResponseCache({ db: database.db, ttlMs: 60_000, redis: null });
    yoga = createYogaApp({ db: database.db, logging: false, responseCache });
    onGraphChanges(database.db, (batch) => {
      heard.push(batch);
    });
    listener = listenForGraphChanges(database.db, database.url ?? '');
    await listener.ready;
  });
  afterAll(async () => {
    await listener?.close();
    await database?.close();
  });

  const QUERY = '{ stats { totals { meetups } } }';

  it("drops cached answers on another process's notification", async () => {
    await read(QUERY);
    expect(await read(QUERY)).toBe('hit');
    const payload = JSON.stringify({
      origin: 'another-process',
      all: false,
      changes: [{ kind: 'Event', id: 'RXZlbnQ6MQ==', slug: null }],
    });
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${payload})`.execute(database.db);
    await eventually(async () => (await read(QUERY)) === 'miss');
    expect(heard.at(-1)).toMatchObject({ origin: 'another-process', all: false });
  });

  it('a killed listening connection reconnects, and everything cached is dropped', async () => {
    await read(QUERY);
    expect(await read(QUERY)).toBe('hit');
    const before = heard.length;
    const killed = await sql<{ pid: number }>`
      select pg_terminate_backend(pid) as pid from pg_stat_activity
      where datname = current_database() and query ilike ${`listen ${CHANGE_CHANNEL}%`}`.execute(database.db);
    expect(killed.rows.length).toBe(1);
    await eventually(() => heard.slice(before).some((batch) => batch.all));
    expect(await read(QUERY)).toBe('miss');
    // Listening again: a notification still arrives.
    await read(QUERY);
    const payload = JSON.stringify({ origin: 'another-process', all: false, changes: [] });
    const count = heard.length;
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${payload})`.execute(database.db);
    await eventually(() => heard.length > count);
  });
});
