import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/types.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { type PgCluster, pgClusterSkipReason, startPgCluster } from '../helpers/pg-cluster.ts';
import { type ServerProcess, startServer } from '../helpers/server-process.ts';

// Fault survival, each proven against a private PostgreSQL cluster this file
// starts itself (never DATABASE_URL, never the machine's own server): the
// service runs as a real process, the cluster is stopped, restarted and has
// its backends killed underneath it.

const skipReason = pgClusterSkipReason;
if (skipReason) console.warn(`[faults] fault-survival tests skipped: ${skipReason}`);

const SHUTDOWN_DEADLINE_MS = 10_000;
/** pg Pool connectionTimeoutMillis (2 s) plus slack for a loaded two-core machine. */
const FAST_FAILURE_MS = 3000;
const MASKED = 'Unexpected error.';
const MASKED_CODES = ['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'TIMEOUT'];
/** What a masked error must never show: stacks, SQL, connection details, driver messages. */
const LEAK =
  /stack|\bselect\b|\binsert\b|\bupdate\b|postgres:\/\/|127\.0\.0\.1|ECONNREFUSED|terminat|connection|pg_|kysely/i;
const EVENTS_QUERY = '{ events(first: 3) { totalCount nodes { id title talks { title } } } }';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reply {
  status: number;
  text: string;
  body: any;
  ms: number;
  started: number;
  ended: number;
  /** Set when no HTTP response arrived at all (connection reset, refused, timeout). */
  networkError?: string;
}

async function post(port: number, payload: unknown, token?: string, timeoutMs = 15_000): Promise<Reply> {
  const started = Date.now();
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const ended = Date.now();
    return { status: response.status, text, body, ms: ended - started, started, ended };
  } catch (error) {
    const ended = Date.now();
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      status: 0,
      text: '',
      body: null,
      ms: ended - started,
      started,
      ended,
      networkError: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    };
  }
}

const failed = (reply: Reply) =>
  reply.networkError !== undefined || reply.status !== 200 || (reply.body?.errors?.length ?? 0) > 0;

/**
 * A failed reply that is masked: status 200/500, and each error either Yoga's
 * generic "Unexpected error." or one with a generic code (the database being
 * unavailable or too slow is worth telling a client, so it can retry); never
 * a stack, SQL, a connection string or the driver's message.
 */
function expectMasked(reply: Reply, what: string): void {
  expect(reply.networkError, `${what}: no HTTP response`).toBeUndefined();
  expect([200, 500], `${what}: status`).toContain(reply.status);
  const errors: { message: string; extensions?: Record<string, unknown> }[] = reply.body?.errors ?? [];
  expect(errors.length, `${what}: errors in ${reply.text}`).toBeGreaterThan(0);
  for (const error of errors) {
    const code = error.extensions?.code;
    const generic = error.message === MASKED || MASKED_CODES.includes(String(code));
    expect(generic, `${what}: not a masked error: ${JSON.stringify(error)}`).toBe(true);
    expect(Object.keys(error.extensions ?? {}).filter((key) => key !== 'code')).toEqual([]);
  }
  // The errors, not the data: a partial result may hold any talk title.
  expect(JSON.stringify(errors), `${what}: leaks internals`).not.toMatch(LEAK);
}

/** GET /ready; status 0 and the error text when no HTTP response arrived. */
async function ready(port: number): Promise<{ status: number; text: string; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    return { status: response.status, text, ms: Date.now() - started };
  } catch (error) {
    return { status: 0, text: String((error as Error).cause ?? error), ms: Date.now() - started };
  }
}

/** Polls until check() is truthy, at most timeoutMs; returns its last value. */
async function waitFor<T>(check: () => Promise<T> | T, timeoutMs: number, stepMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await check();
  while (!value && Date.now() < until) {
    await sleep(stepMs);
    value = await check();
  }
  return value;
}

const globalIdOf = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

describe.skipIf(skipReason !== null)(
  `fault survival against a private PostgreSQL cluster${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let cluster: PgCluster;
    let token: string;
    const servers: ServerProcess[] = [];

    /** The service as a real process on the private cluster, with the demo graph. */
    async function launch(env: Record<string, string> = {}): Promise<ServerProcess> {
      const server = await startServer({
        DATABASE_URL: cluster.url,
        SEED_DEMO: 'true',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SHUTDOWN_DEADLINE_MS: String(SHUTDOWN_DEADLINE_MS),
        ...env,
      });
      servers.push(server);
      return server;
    }

    /** Row count of every table of the schema. */
    async function rowCounts(): Promise<Record<string, number>> {
      const tables = await cluster.query<{ name: string }>(
        `select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      );
      const rows = await cluster.query<{ name: string; count: number }>(
        tables.map((t) => `select '${t.name}' as name, count(*)::int as count from "${t.name}"`).join(' union all '),
      );
      return Object.fromEntries(rows.map((row) => [row.name, row.count]));
    }

    /** Backends of the service waiting for a lock (held by an admin connection). */
    const lockWaiters = () =>
      cluster.query<{ pid: number; query: string }>(
        `select pid, query from pg_stat_activity
          where datname = current_database() and application_name <> 'pg-cluster-admin'
            and state = 'active' and wait_event_type = 'Lock'`,
      );

    beforeAll(async () => {
      cluster = await startPgCluster();
      // The first start migrates and loads the demo graph; then a write token.
      const first = await launch();
      const pool = new pg.Pool({ connectionString: cluster.url, max: 1 });
      pool.on('error', () => {});
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      try {
        token = await createToken(db, 'fault-tests', 'write');
      } finally {
        await db.destroy();
      }
      first.child.kill('SIGTERM');
      await first.exit;
    }, 120_000);

    /** Servers this file started and a test left running (a failed assertion, a failed start-up). */
    async function killLeftovers(): Promise<void> {
      for (const server of servers.splice(0)) {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGKILL');
          await server.exit;
        }
      }
    }

    afterEach(async () => {
      // A test that failed half-way must not leave the cluster down for the next one.
      if (cluster && !(await cluster.isRunning())) await cluster.start();
      await killLeftovers();
    });

    afterAll(async () => {
      await killLeftovers();
      await cluster?.destroy();
    }, 60_000);

    it('an idle pooled connection killed with pg_terminate_backend: the process stays up, the next request succeeds', async () => {
      const server = await launch();
      // Several connections into the pool, idle once these complete.
      const warm = await Promise.all(Array.from({ length: 4 }, () => post(server.port, { query: EVENTS_QUERY })));
      for (const reply of warm) expect(failed(reply), reply.text || reply.networkError).toBe(false);

      const killed = await cluster.terminateBackends(`state = 'idle'`);
      expect(killed.length).toBeGreaterThan(0);
      const gone = await waitFor(
        async () =>
          (await cluster.query('select 1 from pg_stat_activity where pid = any($1::int[])', [killed])).length === 0,
        5000,
      );
      expect(gone).toBe(true);
      // The pool's clients see their connections end and log it (pool.on('error')).
      await waitFor(() => /"level":(40|50)/.test(server.stdout()), 3000);

      expect(server.child.exitCode).toBeNull();
      const next = await post(server.port, { query: EVENTS_QUERY });
      expect(failed(next), next.text || next.networkError).toBe(false);
      expect(next.body.data.events.totalCount).toBeGreaterThan(0);
      // Every pooled connection was killed; a burst needing several works too.
      const burst = await Promise.all(Array.from({ length: 4 }, () => post(server.port, { query: EVENTS_QUERY })));
      for (const reply of burst) expect(failed(reply), reply.text || reply.networkError).toBe(false);
      expect((await ready(server.port)).status).toBe(200);
      expect(server.child.exitCode).toBeNull();
    }, 90_000);

    it('Postgres restarted during load: masked fast failures, /ready 503, recovery without a service restart, no committed write lost', async () => {
      const server = await launch();
      const port = server.port;
      let exitedAt: number | null = null;
      server.child.once('exit', () => {
        exitedAt = Date.now();
      });

      // A venue whose row an admin connection will lock, so that one mutation
      // is surely in flight (inside its transaction) when Postgres goes down.
      const seed = await post(
        port,
        {
          query:
            'mutation { createVenue(input: { name: "Fault Lock Venue" }) { ... on VenuePayload { venue { id } } } }',
        },
        token,
      );
      expect(failed(seed), seed.text).toBe(false);
      const lockedVenueId = Number(
        Buffer.from(seed.body.data.createVenue.venue.id, 'base64').toString('utf8').split(':')[1],
      );

      const records: (Reply & { loop: number; kind: 'query' | 'mutation'; name?: string })[] = [];
      const committed: string[] = ['Fault Lock Venue'];
      const hardStop = Date.now() + 25_000;
      let stopLoops = false;
      const loop = async (loopIndex: number) => {
        for (let n = 1; n <= 5000 && !stopLoops && Date.now() < hardStop; n += 1) {
          if (n % 3 === 0) {
            const name = `Fault Venue ${loopIndex}-${n}`;
            const reply = await post(
              port,
              {
                query:
                  'mutation($name: String!) { createVenue(input: { name: $name }) { __typename ... on VenuePayload { venue { id name } } } }',
                variables: { name },
              },
              token,
            );
            records.push({ ...reply, loop: loopIndex, kind: 'mutation', name });
            if (!failed(reply) && reply.body.data.createVenue.venue?.name === name) committed.push(name);
          } else {
            records.push({ ...(await post(port, { query: EVENTS_QUERY })), loop: loopIndex, kind: 'query' });
          }
          await sleep(20);
        }
      };
      const loops = [0, 1, 2, 3].map(loop);

      await sleep(1500);
      // In flight: an updateVenue blocked on the admin's row lock, inside its transaction.
      const lock = await cluster.connect();
      await lock.query('begin');
      await lock.query('select id from venue where id = $1 for update', [lockedVenueId]);
      const inFlight = post(
        port,
        {
          query: `mutation { updateVenue(input: { id: "${globalIdOf('Venue', lockedVenueId)}", address: "never written" }) { __typename } }`,
        },
        token,
      );
      const blocked = await waitFor(async () => (await lockWaiters()).length > 0, 4000);
      expect(blocked, 'the updateVenue mutation never blocked on the row lock').toBe(true);

      const outageStart = Date.now();
      await cluster.stop('fast');
      await lock.end().catch(() => {});
      const stopped = Date.now();
      // While Postgres is down: /ready says 503 with an empty body, quickly.
      const readyDuringOutage = [];
      for (let i = 0; i < 3; i += 1) {
        readyDuringOutage.push(await ready(port));
        await sleep(500);
      }
      await sleep(Math.max(0, 2000 - (Date.now() - stopped)));
      await cluster.start();
      const up = Date.now();

      // Recovery: each loop gets three successes in a row, within a bound.
      const recovered = await waitFor(
        () =>
          exitedAt !== null ||
          [0, 1, 2, 3].every((loopIndex) => {
            const mine = records.filter((r) => r.loop === loopIndex && r.started > up);
            return mine.length >= 3 && mine.slice(-3).every((r) => !failed(r));
          }),
        10_000,
        100,
      );
      stopLoops = true;
      await Promise.all(loops);
      const inFlightReply = await inFlight;
      const readyAfter = await ready(port);

      const outageEnd = up;
      const during = records.filter((r) => r.ended >= outageStart && r.started <= outageEnd);
      const failures = records.filter(failed);
      const after = records.filter((r) => r.started > up);
      const firstSuccessAfter = after.find((r) => !failed(r));
      const summary = {
        requests: records.length,
        failures: failures.length,
        duringOutage: during.length,
        failedDuringOutage: during.filter(failed).length,
        slowestFailureMs: Math.max(0, ...failures.map((r) => r.ms)),
        outageMs: up - outageStart,
        recoveryMs: firstSuccessAfter ? firstSuccessAfter.ended - up : null,
        readyDuringOutage,
        inFlightMs: inFlightReply.ms,
        committed: committed.length,
      };
      console.info('[faults] restart during load', JSON.stringify(summary));

      // The service never exited and never dropped an HTTP connection.
      expect(exitedAt, `the service exited during the outage:\n${server.stderr()}\n${server.stdout()}`).toBeNull();
      expect(server.child.exitCode).toBeNull();
      expect(records.filter((r) => r.networkError).map((r) => r.networkError)).toEqual([]);
      expect(records.filter((r) => r.ended < outageStart).some((r) => !failed(r))).toBe(true);
      // The in-flight mutation: a masked error, and nothing of it written.
      expectMasked(inFlightReply, 'in-flight updateVenue');
      // The outage was seen, and every failure was masked and fast.
      expect(during.filter(failed).length).toBeGreaterThan(0);
      for (const reply of failures) {
        expectMasked(reply, `${reply.kind} at +${reply.started - outageStart} ms`);
        expect(reply.ms, `${reply.kind} at +${reply.started - outageStart} ms took ${reply.ms} ms`).toBeLessThan(
          FAST_FAILURE_MS,
        );
        // No failure outside the outage (plus a second of slack at either end).
        expect(reply.started).toBeGreaterThanOrEqual(outageStart - 1000);
        expect(reply.started).toBeLessThanOrEqual(up + 1000);
      }
      for (const check of readyDuringOutage) {
        expect(check.status).toBe(503);
        expect(check.text).toBe('');
        expect(check.ms).toBeLessThan(2000);
      }
      // Recovery within a few seconds, without restarting the service.
      expect(recovered, 'requests did not succeed again within 10 s of the restart').toBe(true);
      expect(firstSuccessAfter, 'no request succeeded after the restart').toBeDefined();
      expect((firstSuccessAfter?.ended ?? Number.POSITIVE_INFINITY) - up).toBeLessThan(5000);
      expect(readyAfter.status).toBe(200);
      // No committed write lost.
      const present = await cluster.query<{ name: string }>('select name from venue where name = any($1::text[])', [
        committed,
      ]);
      expect(new Set(present.map((row) => row.name))).toEqual(new Set(committed));
      const [venue] = await cluster.query<{ address: string | null }>('select address from venue where id = $1', [
        lockedVenueId,
      ]);
      expect(venue?.address).not.toBe('never written');
    }, 120_000);

    it('a frozen database (SIGSTOP): requests fail with SERVICE_UNAVAILABLE soon after statement_timeout, /ready gives its connections back, recovery after SIGCONT', async () => {
      const server = await launch({ DB_STATEMENT_TIMEOUT_MS: '1000', DB_POOL_MAX: '3' });
      const warm = await Promise.all(Array.from({ length: 3 }, () => post(server.port, { query: EVENTS_QUERY })));
      for (const reply of warm) expect(failed(reply), reply.text || reply.networkError).toBe(false);
      const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const backends = await cluster.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database()
          and backend_type = 'client backend' and application_name <> 'pg-cluster-admin'`,
      );
      const frozen = [postmaster, ...backends.map((row) => row.pid)];
      const inUse = async () => {
        const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
        return Number(/db_pool_connections\{state="in_use"\} (\d+)/.exec(text)?.[1] ?? Number.NaN);
      };
      try {
        for (const pid of frozen) process.kill(pid, 'SIGSTOP');
        // Pooled connections (their backends frozen) and new ones (the postmaster frozen) both give up.
        const replies = await Promise.all(
          Array.from({ length: 5 }, () => post(server.port, { query: EVENTS_QUERY }, undefined, 30_000)),
        );
        for (const reply of replies) {
          expectMasked(reply, 'frozen database');
          expect(reply.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
          // statement_timeout 1 s + the 1 s client margin (or the 2 s connect timeout), plus a loaded machine.
          expect(reply.ms).toBeLessThan(8000);
        }
        const probes = await Promise.all(Array.from({ length: 6 }, () => ready(server.port)));
        for (const probe of probes) {
          expect(probe.status).toBe(503);
          expect(probe.ms).toBeLessThan(4000);
        }
        // Nothing still holds a connection waiting on the frozen database.
        expect(await waitFor(async () => (await inUse()) === 0, 5000)).toBe(true);
        expect(server.child.exitCode).toBeNull();
      } finally {
        for (const pid of frozen) {
          try {
            process.kill(pid, 'SIGCONT');
          } catch {
            // gone already
          }
        }
      }
      const recovered = await waitFor(
        async () => !failed(await post(server.port, { query: EVENTS_QUERY })),
        15_000,
        200,
      );
      expect(recovered).toBe(true);
      expect((await ready(server.port)).status).toBe(200);
    }, 120_000);

    it('a backend killed mid-transaction of a mutation: nothing half-written, the service still answers', async () => {
      const server = await launch();
      const ids = await post(server.port, {
        query: '{ events(first: 1) { nodes { id } } people(first: 1) { nodes { id } } }',
      });
      expect(failed(ids), ids.text).toBe(false);
      const eventId: string = ids.body.data.events.nodes[0].id;
      const personId: string = ids.body.data.people.nodes[0].id;
      const personRowId = Number(Buffer.from(personId, 'base64').toString('utf8').split(':')[1]);
      const before = await rowCounts();

      // createTalk inserts the talk, then its speaker row, whose foreign key
      // check waits for the person row this admin connection holds.
      const lock = await cluster.connect();
      let reply: Reply;
      let waiter: { pid: number; query: string } | undefined;
      try {
        await lock.query('begin');
        await lock.query('select id from person where id = $1 for update', [personRowId]);
        const pending = post(
          server.port,
          {
            query: `mutation($input: CreateTalkInput!) { createTalk(input: $input) { __typename ... on TalkPayload { talk { id } } } }`,
            variables: {
              input: {
                event: eventId,
                title: 'Half-written talk',
                speakers: [{ person: personId }],
                takeaways: ['first takeaway', 'second takeaway'],
              },
            },
          },
          token,
        );
        const waiters = await waitFor(async () => {
          const rows = await lockWaiters();
          return rows.length > 0 ? rows : null;
        }, 4000);
        waiter = waiters?.[0];
        expect(waiter, 'the mutation never blocked inside its transaction').toBeDefined();
        // Mid-transaction: the talk row is already inserted in it.
        expect(waiter?.query).toMatch(/insert into "talk_speaker"/i);
        const killed = await cluster.terminateBackends(`pid = ${waiter?.pid}`);
        expect(killed).toEqual([waiter?.pid]);
        reply = await pending;
      } finally {
        await lock.query('rollback').catch(() => {});
        await lock.end().catch(() => {});
      }

      expect(server.child.exitCode, `the service exited:\n${server.stderr()}\n${server.stdout()}`).toBeNull();
      expect(failed(reply)).toBe(true);
      expectMasked(reply, 'createTalk whose backend was killed');
      expect(await rowCounts()).toEqual(before);
      expect(await cluster.query(`select 1 from talk where title = 'Half-written talk'`)).toEqual([]);
      // The service still answers, reads and writes.
      const next = await post(server.port, { query: EVENTS_QUERY });
      expect(failed(next), next.text || next.networkError).toBe(false);
      const write = await post(
        server.port,
        { query: 'mutation { createVenue(input: { name: "After The Kill" }) { __typename } }' },
        token,
      );
      expect(write.body?.data?.createVenue?.__typename, write.text || write.networkError).toBe('VenuePayload');
      expect((await ready(server.port)).status).toBe(200);
    }, 90_000);

    it('SIGTERM during in-flight requests: they complete, new connections are refused, exit 0 within the drain deadline', async () => {
      const server = await launch();
      const port = server.port;
      const ids = await post(port, {
        query: '{ events(first: 1) { nodes { id } } people(first: 1) { nodes { id } } }',
      });
      expect(failed(ids), ids.text).toBe(false);
      const eventId: string = ids.body.data.events.nodes[0].id;
      const personId: string = ids.body.data.people.nodes[0].id;
      const personRowId = Number(Buffer.from(personId, 'base64').toString('utf8').split(':')[1]);

      // Three mutations blocked inside their transactions on a row lock...
      const lock = await cluster.connect();
      await lock.query('begin');
      await lock.query('select id from person where id = $1 for update', [personRowId]);
      const titles = [1, 2, 3].map((i) => `Drained talk ${i}`);
      const mutations = titles.map((title, i) =>
        post(
          port,
          {
            query: `mutation($input: CreateTalkInput!) { createTalk(input: $input) { __typename ... on TalkPayload { talk { id title } } } }`,
            variables: { input: { event: eventId, title, position: 90 + i, speakers: [{ person: personId }] } },
          },
          token,
        ),
      );
      // ...and two queries whose bodies are still arriving.
      const body = JSON.stringify({ query: '{ events(first: 1) { totalCount } }' });
      const sockets = await Promise.all(
        [0, 1].map(async () => {
          const socket = connect(port, '127.0.0.1');
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('error', reject);
          });
          let reply = '';
          socket.on('data', (chunk) => {
            reply += chunk;
          });
          socket.on('error', () => {});
          const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(reply)));
          socket.write(
            `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
          );
          return { socket, closed };
        }),
      );
      try {
        const blocked = await waitFor(async () => (await lockWaiters()).length === 3, 4000);
        expect(blocked, 'the three mutations did not all block inside their transactions').toBe(true);

        const signalled = Date.now();
        server.child.kill('SIGTERM');
        await sleep(300);
        // The listener is closed: a new connection is refused.
        const refused = await new Promise<string>((resolve) => {
          const probe = connect(port, '127.0.0.1');
          probe.once('connect', () => {
            probe.destroy();
            resolve('connected');
          });
          probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        });
        expect(refused).toBe('ECONNREFUSED');
        expect(server.child.exitCode, 'exited before its in-flight requests completed').toBeNull();

        // Let the in-flight requests finish.
        for (const { socket } of sockets) socket.write(body.slice(10));
        await sleep(500);
        await lock.query('rollback');

        const replies = await Promise.all(mutations);
        for (const reply of replies) {
          expect(reply.networkError).toBeUndefined();
          expect(reply.status).toBe(200);
          expect(reply.body?.data?.createTalk?.__typename, reply.text).toBe('TalkPayload');
        }
        for (const { closed } of sockets) {
          const raw = await closed;
          expect(raw).toMatch(/^HTTP\/1\.1 200/);
          expect(raw).toMatch(/"totalCount":\d+/);
        }
        const code = await Promise.race([server.exit, sleep(SHUTDOWN_DEADLINE_MS + 5000).then(() => 'still running')]);
        const exitedAfter = Date.now() - signalled;
        console.info('[faults] SIGTERM drain', JSON.stringify({ exitedAfterMs: exitedAfter, code }));
        expect(code).toBe(0);
        expect(exitedAfter).toBeLessThan(SHUTDOWN_DEADLINE_MS);
        expect(server.stdout()).toContain('"msg":"stopped"');
        // What they wrote is committed.
        const rows = await cluster.query<{ title: string }>('select title from talk where title = any($1::text[])', [
          titles,
        ]);
        expect(rows.map((row) => row.title).sort()).toEqual(titles);
      } finally {
        await lock.query('rollback').catch(() => {});
        await lock.end().catch(() => {});
        for (const { socket } of sockets) socket.destroy();
      }
    }, 90_000);

    it('an unhandled promise rejection is logged at error level, and the process stays up', async () => {
      const preload = pathToFileURL(join(import.meta.dirname, 'fixtures', 'unhandled-rejection.mjs')).href;
      const server = await launch({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() });
      const line = await waitFor(
        () =>
          server
            .stdout()
            .split('\n')
            .find((l) => l.includes('probe-rejection')),
        10_000,
      );
      expect(
        line,
        `no log line for the rejection; stdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`,
      ).toBeDefined();
      const entry = JSON.parse(line ?? '{}');
      expect(entry.level).toBe(50);
      expect(entry.msg).toBe('unhandled promise rejection');
      expect(JSON.stringify(entry.err)).toContain('probe-rejection');
      await sleep(300);
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
      const next = await post(server.port, { query: EVENTS_QUERY });
      expect(failed(next), next.text || next.networkError).toBe(false);
    }, 90_000);
  },
);
