import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { sql } from 'kysely';
import { dashboardSmoke } from './dashboard-smoke.ts';
import { openTarget } from './db.ts';
import { type PlannedRequest, runLoad, sendOnce, summarize } from './load.ts';
import { type PreparedOperation, prepareOperations, projectRoot, type QueryId } from './operations.ts';
import { peerSmoke } from './peer/smoke.ts';
import { Random } from './prng.ts';
import { type Served, startService, stopAll } from './processes.ts';
import { loadSamples } from './samples.ts';
import { seed } from './seed.ts';

// npm run bench:smoke — the CI guard of the benchmark's invariants, with no
// timing assertion anywhere (CI machines are too noisy for that):
//   - every benchmarked operation answers without errors, with the expected
//     shape, for a couple of seconds of load on scale 1 (embedded database);
//   - its SQL statement count is the same for a page of 20 and of 50, and for
//     a row with many children and one with few (no N+1), and for Q0, Q1, Q2
//     and Q4 at most MAX_STATEMENTS;
//   - the dashboard mix with writes, response cache on: no stale read, some
//     cache hits (bench/dashboard-smoke.ts);
//   - PostGraphile, the benchmark's peer, answers the same data as the
//     service for Q0, Q1, Q2 and Q4 (bench/peer/smoke.ts), when Node 22 can be
//     installed and a PostgreSQL server is reachable; otherwise it says why not.
// Exits 1 on any failure.

const failures: string[] = [];
const fail = (message: string) => {
  failures.push(message);
  console.error(`FAIL ${message}`);
};
const pass = (message: string) => console.error(`ok   ${message}`);

type Probe = { label: string; variables: Record<string, unknown> };

/**
 * Statements per request the service must not exceed: an event page is its
 * one statement (lists built as JSON in it), a page of events that and its
 * count, a person's talk page the person (with their appearances) and the
 * page.
 */
const MAX_STATEMENTS: Partial<Record<QueryId, number>> = { Q0: 0, Q1: 1, Q2: 1, Q4: 1 };

async function statementsOf(service: Served, op: PreparedOperation, probe: Probe) {
  const request: PlannedRequest = {
    op: op.id,
    operationName: op.operationName,
    query: op.document,
    variables: probe.variables,
  };
  const answer = await sendOnce(service.url, request);
  const data = answer.json?.data as Record<string, unknown> | undefined;
  if (answer.status !== 200 || !data || answer.json?.errors) {
    fail(`${op.id} ${probe.label}: ${answer.text.slice(0, 300)}`);
    return { statements: null, data: undefined };
  }
  const wrong = op.check(data, probe.variables);
  if (wrong) fail(`${op.id} ${probe.label}: ${wrong}`);
  return { statements: answer.statements, data };
}

async function main(): Promise<number> {
  const started = performance.now();
  const base = await mkdtemp(join(tmpdir(), 'mg-bench-smoke-'));
  const dir = join(base, 'data');
  try {
    console.error(`seeding scale 1 into ${dir}`);
    await seed({ kind: 'embedded', dir }, { scale: 1, quiet: true });
    // Rows chosen so that the only difference between two probes is how many children they have.
    const database = await openTarget({ kind: 'embedded', dir });
    const samples = await loadSamples(database.db);
    const inPerson = (
      await sql<{ slug: string; talks: number }>`
        select e.slug, count(t.id)::int as talks from event e join talk t on t.event_id = e.id
        where e.status = 'HELD' and e.venue_id is not null group by e.slug order by count(t.id) desc, e.slug`.execute(
        database.db,
      )
    ).rows;
    const billedSpeakers = (
      await sql<{ slug: string }>`
        select p.slug from person p join talk_speaker ts on ts.person_id = p.id
        group by p.id, p.slug having count(ts.company_id) > 0 order by count(*) desc, p.slug`.execute(database.db)
    ).rows.map((r) => r.slug);
    await database.close();

    const service = await startService({ DATA_DIR: dir });
    const schema = buildSchema(await readFile(join(projectRoot(), 'schema', 'schema.graphql'), 'utf8'));
    const operations = prepareOperations(schema);
    const byId = new Map(operations.map((op) => [op.id, op]));
    for (const op of operations) {
      if (op.skipped) console.error(`note ${op.id} ${op.label} skipped: ${op.skipped}`);
      else if (op.removed.length) console.error(`note ${op.id} ${op.label} runs without ${op.removed.join(', ')}`);
    }

    const base20 = (op: PreparedOperation) => op.variables(samples, new Random(3), 20);
    const pairs: Partial<Record<QueryId, [Probe, Probe][]>> = {
      Q0: [
        [
          { label: 'once', variables: {} },
          { label: 'twice', variables: {} },
        ],
      ],
      Q1: [
        [
          { label: `event with ${inPerson[0]?.talks} talks`, variables: { slug: inPerson[0]?.slug } },
          { label: `event with ${inPerson.at(-1)?.talks} talks`, variables: { slug: inPerson.at(-1)?.slug } },
        ],
      ],
      Q2: [
        [
          { label: 'top speaker, first 20', variables: { slug: billedSpeakers[0], first: 20, asOf: '2030-01-01' } },
          { label: 'top speaker, first 50', variables: { slug: billedSpeakers[0], first: 50, asOf: '2030-01-01' } },
        ],
        [
          { label: 'top speaker', variables: { slug: billedSpeakers[0], first: 20, asOf: '2030-01-01' } },
          { label: 'one-talk speaker', variables: { slug: billedSpeakers.at(-1), first: 20, asOf: '2030-01-01' } },
        ],
      ],
      Q3: [
        [
          { label: 'top sponsor', variables: { slug: samples.sponsorSlugs[0], granularity: 'YEAR' } },
          { label: 'another sponsor', variables: { slug: samples.sponsorSlugs[3], granularity: 'YEAR' } },
        ],
      ],
      Q4: [
        [
          { label: 'first 20', variables: { first: 20, filter: { from: samples.pageDates[0] } } },
          { label: 'first 50', variables: { first: 50, filter: { from: samples.pageDates[0] } } },
        ],
        [
          { label: 'oldest page', variables: { first: 50, filter: { from: samples.pageDates[0] } } },
          { label: 'middle page', variables: { first: 50, filter: { from: samples.pageDates.at(-1) } } },
        ],
      ],
      Q5: [
        [
          { label: 'first 20', variables: { query: 'kubernetes', first: 20 } },
          { label: 'first 50', variables: { query: 'kubernetes', first: 50 } },
        ],
        [
          { label: 'frequent word', variables: { query: 'kubernetes', first: 20 } },
          { label: 'rarer word', variables: { query: 'throttling', first: 20 } },
        ],
      ],
    };

    for (const [id, list] of Object.entries(pairs) as [QueryId, [Probe, Probe][]][]) {
      const op = byId.get(id);
      if (!op || op.skipped) continue;
      for (const [a, b] of list) {
        const merged = (p: Probe) => ({ ...p, variables: { ...base20(op), ...p.variables } });
        const first = await statementsOf(service, op, merged(a));
        const second = await statementsOf(service, op, merged(b));
        if (first.statements === null || second.statements === null) continue;
        const what = `${id} statements: ${a.label} ${first.statements}, ${b.label} ${second.statements}`;
        if (id === 'Q5') {
          // The page with its total, then one statement per kind of result on it (each kind has its own
          // loader): check that rule.
          const expected = (data: Record<string, unknown> | undefined) => {
            const edges = ((data?.search as { edges?: { node: { __typename: string } }[] })?.edges ?? []).map(
              (e) => e.node.__typename,
            );
            return 1 + new Set(edges).size;
          };
          const ok = first.statements === expected(first.data) && second.statements === expected(second.data);
          if (ok) pass(`${what} (1 + one per kind of result)`);
          else fail(`${what}, expected ${expected(first.data)} and ${expected(second.data)}`);
        } else if (first.statements !== second.statements) fail(what);
        else if (MAX_STATEMENTS[id] !== undefined && first.statements > (MAX_STATEMENTS[id] ?? 0))
          fail(`${what}, more than ${MAX_STATEMENTS[id]}`);
        else pass(MAX_STATEMENTS[id] === undefined ? what : `${what} (at most ${MAX_STATEMENTS[id]})`);
      }
    }

    // A couple of seconds of load per query, every response checked.
    const check = (request: PlannedRequest, data: Record<string, unknown>) => {
      const op = byId.get(request.op as QueryId);
      return op ? op.check(data, request.variables) : `unknown operation ${request.op}`;
    };
    for (const op of operations.filter((o) => !o.skipped)) {
      const run = summarize(
        await runLoad({
          url: service.url,
          pid: service.pid,
          connections: 2,
          durationS: 2,
          seed: 1,
          check,
          next: (random) => ({
            op: op.id,
            operationName: op.operationName,
            query: op.document,
            variables: op.variables(samples, random),
          }),
        }),
      );
      if (run.requests === 0) fail(`${op.id} under load: no response`);
      else if (run.failures > 0)
        fail(`${op.id} under load: ${run.failures} of ${run.requests} failed: ${run.failureSamples[0]}`);
      else pass(`${op.id} under load: ${run.requests} responses, all checked`);
    }
    await service.stop();

    const dashboard = await dashboardSmoke(dir, samples.sponsorSlugs);
    for (const line of dashboard.passed) pass(line);
    for (const line of dashboard.failed) fail(line);

    const peer = await peerSmoke(operations, (line) => console.error(`note ${line}`));
    if ('skipped' in peer) console.error(`note peer (PostGraphile) answer equality not checked: ${peer.skipped}`);
    else {
      for (const r of peer.results) {
        const what = `${r.id} PostGraphile answers the same data on ${r.identical}/${r.compared} requests`;
        if (r.identical === r.compared) pass(what);
        else fail(`${what}: ${r.first}`);
      }
    }
  } finally {
    await stopAll();
    await rm(base, { recursive: true, force: true });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (failures.length) {
    console.error(`bench:smoke failed (${failures.length}) in ${seconds} s`);
    return 1;
  }
  console.error(`bench:smoke passed in ${seconds} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    await stopAll();
    console.error(`bench:smoke failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
