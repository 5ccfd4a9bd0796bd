import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/cache/redis-client.ts';
import { createResponseCache } from '../../src/cache/response-cache.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import type { Logger } from '../../src/logger.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';

// The shared cache's Redis goes away and comes back: a private redis-server
// on a free port, started and killed by this test (the machine's Redis is
// never touched). Reads keep answering, uncached; /ready stays 200; the
// outage is logged; after Redis returns answers are cached again, and an
// invalidation missed during the outage does not leave a stale answer.

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = hasRedisServer();
if (!available) console.warn('redis-server is not installed: the Redis fault tests are skipped');

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  const started = Date.now();
  while (!output.includes('Ready to accept connections')) {
    if (child.exitCode !== null || Date.now() - started > 10_000)
      throw new Error(`redis-server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(available)('Redis down and back', () => {
  let database: TestDatabase;
  let redisProcess: ChildProcess;
  let port: number;
  let yoga: ReturnType<typeof createYogaApp>;
  let admin: string;
  const warnings: string[] = [];
  const logger = {
    warn: (_fields: unknown, message: string) => warnings.push(message),
    info: () => {},
  } as unknown as Logger;

  const query = async (source: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return { status: response.status, body: await response.json(), cache: response.headers.get('x-response-cache') };
  };

  beforeAll(async () => {
    port = await freePort();
    redisProcess = await startRedis(port);
    database = await createTestDatabase();
    await seedDemoIfEmpty(database.db);
    admin = await createToken(database.db, 'fault-admin', 'admin');
    const redis = createRedisClient({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'fault:', logger });
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    const responseCache = createResponseCache({ db: database.db, ttlMs: 60_000, redis, logger });
    yoga = createYogaApp({ db: database.db, ping: database.ping, logging: false, responseCache });
  }, 60_000);
  afterAll(async () => {
    if (redisProcess) await stop(redisProcess);
    await database?.close();
  });

  it('keeps answering uncached while Redis is down, stays ready, logs it, and caches again once it is back', async () => {
    const LOOKUP = 'query($s: String!) { person(slug: $s) { id name } }';
    await query(LOOKUP, { s: 'luke-bond' });
    const cached = await query(LOOKUP, { s: 'luke-bond' });
    expect(cached.cache).toBe('hit');
    const id = cached.body.data.person.id;

    await stop(redisProcess);
    const started = Date.now();
    const during = await query(LOOKUP, { s: 'luke-bond' });
    expect(during.status).toBe(200);
    expect(during.body.data.person.name).toBe(cached.body.data.person.name);
    expect(during.cache).toBe('miss');
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await yoga.fetch('http://test/ready')).status).toBe(200);
    await eventually(async () => warnings.some((message) => message.includes('Redis unavailable')));

    // A write while Redis is down: its invalidation cannot reach Redis.
    const renamed = await query(
      'mutation($id: ID!) { updatePerson(input: { id: $id, name: "Renamed During Outage" }) { __typename } }',
      { id },
      { authorization: `Bearer ${admin}` },
    );
    expect(renamed.body.data.updatePerson.__typename).toBe('PersonPayload');

    // The same port, the same (persisted nowhere) data lost: restart it, then the answer must be the new one.
    redisProcess = await startRedis(port);
    await eventually(async () => (await query(LOOKUP, { s: 'luke-bond' })).cache === 'hit');
    const after = await query(LOOKUP, { s: 'luke-bond' });
    expect(after.body.data.person.name).toBe('Renamed During Outage');
  }, 60_000);
});
