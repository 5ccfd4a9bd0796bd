import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildClientSchema, buildSchema, type GraphQLSchema, getIntrospectionQuery } from 'graphql';
import { sql } from 'kysely';
import pg from 'pg';
import { compareAnswers, type Fidelity, planner } from './compare.ts';
import { type DashboardResult, runDashboardMix } from './dashboard-mix.ts';
import { renderDashboard } from './dashboard-report.ts';
import { describeTarget, openTarget, type Target } from './db.ts';
import { type ImportTiming, type StartupTiming, timeImport, timeStartup } from './extras.ts';
import { generateDataset } from './generate.ts';
import {
  type LoadRun,
  mergeRuns,
  type PlannedRequest,
  type RequestFactory,
  runLoad,
  type Summary,
  sendOnce,
  summarize,
} from './load.ts';
import {
  MIX_WEIGHTS,
  type PreparedOperation,
  prepareOperations,
  projectRoot,
  type QueryId,
  type Samples,
} from './operations.ts';
import {
  ensurePeerInstalled,
  PEER_PACKAGES,
  PEER_QUERIES,
  peerComparable,
  peerOperation,
  peerRequest,
  setupPeerDatabase,
  startPostgraphile,
} from './peer/postgraphile.ts';
import { Random } from './prng.ts';
import { cpuMs, type DatabaseEnv, memory, type Served, startFloor, startService, stopAll } from './processes.ts';
import { fmt, fmtRatio, ratio, statementsText, table, verdict } from './report.ts';
import { loadSamples } from './samples.ts';
import { seed } from './seed.ts';

// npm run bench -- --scale S [--duration s] [--connections 1,10] [--rounds n]
//                  [--embedded] [--compare 1=URL,100=URL] [--soak minutes] [--only Q1,Q4]
//
// Starts the service (node --import tsx src/server.ts) and the floor server
// (bench/floor-server.ts) on the same database and drives both with
// autocannon over loopback, interleaved (service, floor, service, floor…),
// so the service/floor ratios come from one run on one machine. Writes a
// Markdown report and the raw figures to .bench/.

const USAGE = `usage: npm run bench -- --scale S [options]
  --scale S            the scale DATABASE_URL was seeded at (npm run bench:seed -- --scale S)
  --duration s         seconds per measured point (default 5)
  --connections list   connection counts (default 1,10)
  --rounds n           service/floor alternations per point (default 2)
  --embedded [DIR]     embedded PGlite instead of DATABASE_URL: seeds a temporary directory
                       (or uses DIR as seeded by bench:seed --embedded DIR) and also times
                       the importer and npm start
  --compare list       other scales in the same run for the scale targets, e.g. 1=postgres://…/mg_bench_1
  --soak minutes       run the mix this long after the matrix, sampling the service's RSS (default off)
  --only list          only these queries (Q0…Q5, MIX)
  --schema file|server validate operations against schema/schema.graphql (default) or the running service
  --no-extras          embedded mode: skip the importer and start-up timings
  --service-env list   extra environment for the service, e.g. MAX_QUERY_COST=1000000 (reported)
  --peer postgraphile  also run PostGraphile 5 (Node 22, amber preset, connection filter; installed into
                       .bench/peer on first use) on the same database, interleaved with the service and
                       the floor, for Q0, Q1, Q2 and Q4; Q2 then runs without affiliations and employerAt
                       for all three (PostGraphile has no counterpart). Server mode only.
  --dashboard          also run the dashboard mix (SponsorTimeline, SponsorDashboard, stats; 1 % writes, every read
                       checked for staleness) on a second service with RESPONSE_CACHE=true, the service without
                       it and, with --peer, PostGraphile, interleaved (bench/dashboard-mix.ts). Server mode only.
                       --only DASH runs it alone
  --label name         name of the report files in .bench/ (default <mode>-scale<S>)`;

type Point = 'MIX' | QueryId;

interface Args {
  scale: number;
  durationS: number;
  connections: number[];
  rounds: number;
  embedded: string | true | null;
  compare: { scale: number; url: string }[];
  soakMinutes: number;
  only: Set<Point> | null;
  schemaFrom: 'file' | 'server';
  extras: boolean;
  serviceEnv: Record<string, string>;
  label: string | null;
  peer: 'postgraphile' | null;
  dashboard: boolean;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '1,10' },
      rounds: { type: 'string', default: '2' },
      embedded: { type: 'string' },
      'embedded-temp': { type: 'boolean', default: false },
      compare: { type: 'string' },
      soak: { type: 'string', default: '0' },
      only: { type: 'string' },
      schema: { type: 'string', default: 'file' },
      'no-extras': { type: 'boolean', default: false },
      'service-env': { type: 'string' },
      label: { type: 'string' },
      peer: { type: 'string' },
      dashboard: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    // `--embedded` may come without a directory.
    args: process.argv
      .slice(2)
      .flatMap((arg, i, all) =>
        arg === '--embedded' && (all[i + 1] === undefined || all[i + 1]?.startsWith('--'))
          ? ['--embedded-temp']
          : [arg],
      ),
  });
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new UsageError('--scale must be a positive number');
  if (values.peer !== undefined && values.peer !== 'postgraphile') {
    throw new UsageError(`--peer takes postgraphile, got ${values.peer}`);
  }
  if (
    (values.dashboard || values.only?.includes('DASH')) &&
    (values.embedded !== undefined || values['embedded-temp'])
  ) {
    throw new UsageError('--dashboard needs a PostgreSQL server (DATABASE_URL), not --embedded');
  }
  if (values.peer && (values.embedded !== undefined || values['embedded-temp'])) {
    throw new UsageError('--peer needs a PostgreSQL server (DATABASE_URL), not --embedded');
  }
  const list = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    scale,
    durationS: Math.max(1, Number(values.duration)),
    connections: list(values.connections).map(Number),
    rounds: Math.max(1, Number(values.rounds)),
    embedded: values['embedded-temp'] ? true : (values.embedded ?? null),
    compare: values.compare
      ? list(values.compare).map((entry) => {
          const at = entry.indexOf('=');
          if (at < 1) throw new UsageError(`--compare entries are SCALE=URL, got ${entry}`);
          return { scale: Number(entry.slice(0, at)), url: entry.slice(at + 1) };
        })
      : [],
    soakMinutes: Number(values.soak),
    only: values.only ? new Set(list(values.only) as Point[]) : null,
    schemaFrom: values.schema === 'server' ? 'server' : 'file',
    extras: !values['no-extras'],
    label: values.label ?? null,
    peer: values.peer === 'postgraphile' ? 'postgraphile' : null,
    dashboard: values.dashboard || (values.only ?? '').split(',').includes('DASH'),
    serviceEnv: Object.fromEntries(
      list(values['service-env'] ?? '').map((entry) => {
        const at = entry.indexOf('=');
        if (at < 1) throw new UsageError(`--service-env entries are KEY=VALUE, got ${entry}`);
        return [entry.slice(0, at), entry.slice(at + 1)];
      }),
    ),
  };
}

class UsageError extends Error {}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Environment {
  db: DatabaseEnv;
  floorDb: DatabaseEnv;
  target: Target;
  cleanup: () => Promise<void>;
  seededSeconds: number | null;
}

async function prepareEnvironment(args: Args): Promise<Environment> {
  if (args.embedded) {
    if (args.embedded === true) {
      const base = await mkdtemp(join(tmpdir(), 'mg-bench-embedded-'));
      const dir = join(base, 'service');
      log(`seeding embedded scale ${args.scale} in ${dir}`);
      const seeded = await seed({ kind: 'embedded', dir }, { scale: args.scale, quiet: true });
      await cp(dir, join(base, 'floor'), { recursive: true });
      return {
        db: { DATA_DIR: dir },
        floorDb: { DATA_DIR: join(base, 'floor') },
        target: { kind: 'embedded', dir },
        cleanup: () => rm(base, { recursive: true, force: true }),
        seededSeconds: seeded.seconds,
      };
    }
    // A directory seeded beforehand: the floor gets a copy (PGlite opens a directory from one process).
    const floorDir = await mkdtemp(join(tmpdir(), 'mg-bench-floor-'));
    await cp(args.embedded, floorDir, { recursive: true });
    return {
      db: { DATA_DIR: args.embedded },
      floorDb: { DATA_DIR: floorDir },
      target: { kind: 'embedded', dir: args.embedded },
      cleanup: () => rm(floorDir, { recursive: true, force: true }),
      seededSeconds: null,
    };
  }
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw new UsageError('DATABASE_URL is not set (or pass --embedded)');
  return {
    db: { DATABASE_URL: url },
    floorDb: { DATABASE_URL: url },
    target: { kind: 'server', url },
    cleanup: async () => {},
    seededSeconds: null,
  };
}

interface DatabaseFacts {
  samples: Samples;
  counts: Record<string, number>;
  version: string;
}

/** Samples, row counts and version; refuses a database not seeded at the given scale. */
async function inspect(target: Target, scale: number): Promise<DatabaseFacts> {
  const database = await openTarget(target);
  try {
    const counts: Record<string, number> = {};
    for (const table of ['event', 'talk', 'person', 'company', 'sponsorship', 'takeaway'] as const) {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    const expected = generateDataset(scale);
    if (counts.event !== expected.events.length || counts.talk !== expected.talks.length) {
      throw new UsageError(
        `${describeTarget(target)} has ${counts.event} events and ${counts.talk} talks, not the ${expected.events.length} and ` +
          `${expected.talks.length} of scale ${scale}: run npm run bench:seed -- --scale ${scale} --force`,
      );
    }
    const version = (await sql<{ v: string }>`select version() as v`.execute(database.db)).rows[0]?.v ?? '?';
    return { samples: await loadSamples(database.db), counts, version };
  } finally {
    await database.close();
  }
}

async function loadSchema(from: 'file' | 'server', service: Served): Promise<GraphQLSchema> {
  if (from === 'file') return buildSchema(await readFile(join(projectRoot(), 'schema', 'schema.graphql'), 'utf8'));
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const json = (await response.json()) as { data: Parameters<typeof buildClientSchema>[0] };
  return buildClientSchema(json.data);
}

function mixPlanner(ops: readonly PreparedOperation[], samples: Samples): RequestFactory {
  const members = ops.filter((op) => MIX_WEIGHTS[op.id] > 0);
  const weights = members.map((op) => MIX_WEIGHTS[op.id]);
  const planners = members.map((op) => planner(op, samples));
  return (random) => (planners[random.weightedIndex(weights)] as RequestFactory)(random);
}

function checker(ops: readonly PreparedOperation[]) {
  const byId = new Map(ops.map((op) => [op.id as string, op]));
  return (request: PlannedRequest, data: Record<string, unknown>) => {
    const op = byId.get(request.op);
    return op ? op.check(data, request.variables) : `unknown operation ${request.op}`;
  };
}

/** The peer's answers, checked as the service's once in the service's shape. */
function peerChecker(check: ReturnType<typeof checker>): ReturnType<typeof checker> {
  return (request, data) => {
    const peerOp = peerOperation(request.op as QueryId);
    return peerOp ? check(request, peerOp.toServiceShape(data)) : `the peer has no document for ${request.op}`;
  };
}

interface StatementProbe {
  label: string;
  statements: number | null;
  ok: boolean;
}

/** x-sql-statements of one operation for different seeded rows and page sizes. */
async function probeStatements(op: PreparedOperation, samples: Samples, service: Served): Promise<StatementProbe[]> {
  const random = new Random(5);
  const base = planner(op, samples)(random);
  const variants: { label: string; variables: Record<string, unknown> }[] = [];
  const pages = op.pageVariable ? [20, 50] : [null];
  const keys: Record<QueryId, [string, string][]> = {
    Q0: [['–', '']],
    Q1: [
      ['first event', samples.eventSlugs[0] ?? ''],
      ['middle event', samples.eventSlugs[Math.floor(samples.eventSlugs.length / 2)] ?? ''],
    ],
    Q2: [
      ['top speaker', samples.speakerSlugs[0] ?? ''],
      ['one-talk speaker', samples.speakerSlugs.at(-1) ?? ''],
    ],
    Q3: [
      ['top sponsor', samples.sponsorSlugs[0] ?? ''],
      ['small sponsor', samples.sponsorSlugs.at(-1) ?? ''],
    ],
    Q4: [
      ['first date', samples.pageDates[0] ?? ''],
      ['middle date', samples.pageDates[Math.floor(samples.pageDates.length / 2)] ?? ''],
    ],
    Q5: [
      ['frequent word', 'kubernetes'],
      ['rare pair', 'bulkhead saga'],
    ],
  };
  for (const [label, key] of keys[op.id]) {
    for (const page of pages) {
      const variables = { ...base.variables };
      if (op.id === 'Q1' || op.id === 'Q2' || op.id === 'Q3') variables.slug = key;
      if (op.id === 'Q4') variables.filter = { from: key };
      if (op.id === 'Q5') variables.query = key;
      if (page !== null) variables.first = page;
      variants.push({ label: page === null ? label : `${label}, first ${page}`, variables });
    }
  }
  const probes: StatementProbe[] = [];
  for (const variant of variants) {
    const answer = await sendOnce(service.url, { ...base, variables: variant.variables });
    const ok = answer.status === 200 && !!answer.json && !('errors' in answer.json);
    probes.push({ label: variant.label, statements: answer.statements, ok });
  }
  return probes;
}

interface PointResult {
  point: Point;
  connections: number;
  service: Summary;
  floor: Summary | null;
  peer?: Summary | null;
}

interface RateResult {
  point: QueryId;
  rate: number;
  service: Summary;
  floor: Summary;
}

interface ScaleResult {
  scale: number;
  point: QueryId;
  p50: number;
  p99: number;
  rps: number;
  /** Probe values (see probeStatements), for the record. */
  statements: (number | null)[];
  /** x-sql-statements under load with rows sampled at random: value → responses. */
  underLoad: Record<string, number>;
  failures: number;
}

/** Set in server mode: CPU of the PostgreSQL backends of the benchmark database, by PID. */
let backendCpu: (() => Promise<Map<number, number>>) | undefined;

async function watchBackends(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  backendCpu = async () => {
    const result = await client.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    const cpu = new Map<number, number>();
    for (const { pid } of result.rows) {
      try {
        cpu.set(pid, cpuMs(pid));
      } catch {
        // gone, or not visible from here
      }
    }
    return cpu;
  };
  return async () => {
    backendCpu = undefined;
    await client.end();
  };
}

async function measure(
  served: Served,
  next: RequestFactory,
  check: ReturnType<typeof checker>,
  connections: number,
  durationS: number,
  seedValue: number,
  overallRate?: number,
): Promise<LoadRun> {
  return runLoad({
    url: served.url,
    pid: served.pid,
    connections,
    durationS,
    seed: seedValue,
    next,
    check,
    ...(overallRate ? { overallRate } : {}),
    ...(backendCpu ? { backendCpu } : {}),
  });
}

interface SoakResult {
  minutes: number;
  samples: { atS: number; rssMb: number }[];
  summary: Summary;
  growthMb: number;
  flat: boolean;
}

async function soak(
  service: Served,
  next: RequestFactory,
  check: ReturnType<typeof checker>,
  minutes: number,
): Promise<SoakResult> {
  const samples: { atS: number; rssMb: number }[] = [];
  const started = performance.now();
  const timer = setInterval(() => {
    samples.push({ atS: (performance.now() - started) / 1000, rssMb: memory(service.pid).rssMb });
  }, 5000);
  const run = await measure(service, next, check, 10, Math.round(minutes * 60), 4242);
  clearInterval(timer);
  // Flat: the last fifth of the run holds no more memory than the second fifth (after warm-up), within 5%.
  const mean = (list: { rssMb: number }[]) => list.reduce((n, s) => n + s.rssMb, 0) / Math.max(1, list.length);
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const early = mean(samples.slice(fifth, 2 * fifth));
  const late = mean(samples.slice(-fifth));
  return { minutes, samples, summary: summarize(run), growthMb: late - early, flat: late <= early * 1.05 };
}

interface Results {
  label: string;
  startedAt: string;
  args: Omit<Args, 'only'> & { only: string[] | null };
  machine: Record<string, string | number>;
  database: string;
  counts: Record<string, number>;
  seededSeconds: number | null;
  operations: { id: QueryId; label: string; removed: string[]; skipped: string | null; document: string }[];
  fidelity: Record<string, Fidelity>;
  statementProbes: Record<string, StatementProbe[]>;
  points: PointResult[];
  rates: RateResult[];
  scales: ScaleResult[];
  scaleStatements: Record<string, Record<string, (number | null)[]>>;
  memory: { servicePeakMb: number; floorPeakMb: number; peerPeakMb?: number };
  soak: SoakResult | null;
  importer: ImportTiming | null;
  startup: StartupTiming | null;
  failures: string[];
  peer: { name: string; node: string; packages: readonly string[]; fidelity: Record<string, Fidelity> } | null;
  dashboard: DashboardResult | null;
}

function machineFacts(): Record<string, string | number> {
  const git = (...gitArgs: string[]) => {
    try {
      return execFileSync('git', gitArgs, { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return '?';
    }
  };
  const dirty = git('status', '--porcelain', '--', 'src', 'migrations', 'schema');
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? '?',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommitted: dirty === '?' ? '?' : dirty.split('\n').filter(Boolean).length,
  };
}

async function main(): Promise<number> {
  const args = parse();
  const mode = args.embedded ? 'embedded' : 'server';
  const label = args.label ?? `${mode}-scale${args.scale}`;
  const loadAtStart = loadavg()[0] ?? 0;
  const environment = await prepareEnvironment(args);
  const want = (point: Point) => !args.only || args.only.has(point);
  let service: Served | null = null;
  let floor: Served | null = null;
  let peer: Served | null = null;
  let dropPeerSetup: (() => Promise<void>) | null = null;
  const failures: string[] = [];
  try {
    log(`inspecting ${describeTarget(environment.target)}`);
    const facts = await inspect(environment.target, args.scale);
    log(`starting the service and the floor server`);
    service = await startService(environment.db, 'service', args.serviceEnv);
    floor = await startFloor(environment.floorDb);
    let peerNode = '';
    if (args.peer && environment.target.kind === 'server') {
      peerNode = ensurePeerInstalled(log);
      dropPeerSetup = await setupPeerDatabase(environment.target.url);
      log('starting PostGraphile (the peer)');
      peer = await startPostgraphile(peerNode, environment.target.url);
    }
    const stopWatching =
      environment.target.kind === 'server' ? await watchBackends(environment.target.url) : async () => {};
    const schema = await loadSchema(args.schemaFrom, service);
    // PostGraphile has no employer history: with the peer, Q2 is the talks part for all three servers.
    const operations = prepareOperations(schema).map((op) => (peer ? peerComparable(op) : op));
    const runnable = operations.filter((op) => !op.skipped && want(op.id));
    for (const op of operations) {
      if (op.skipped) log(`${op.id} ${op.label}: skipped, ${op.skipped}`);
      else if (op.removed.length)
        log(`${op.id} ${op.label}: runs without ${op.removed.join(', ')} (not in the schema)`);
    }
    const check = checker(operations);

    // The floor must answer what the service answers, or its ratio means nothing.
    const fidelity: Record<string, Fidelity> = {};
    const statementProbes: Record<string, StatementProbe[]> = {};
    for (const op of runnable) {
      fidelity[op.id] = await compareAnswers(op, facts.samples, service, floor);
      statementProbes[op.id] = await probeStatements(op, facts.samples, service);
      const f = fidelity[op.id] as Fidelity;
      log(
        `${op.id}: floor identical on ${f.identical}/${f.compared}${f.differences[0] ? `; first difference ${f.differences[0]}` : ''}`,
      );
      for (const error of f.errors) failures.push(`${op.id} ${error}`);
    }
    const peerFidelity: Record<string, Fidelity> = {};
    const peerRuns = (point: Point) => peer !== null && point !== 'MIX' && PEER_QUERIES.includes(point);
    if (peer) {
      for (const op of runnable.filter((o) => peerRuns(o.id))) {
        const f = await compareAnswers(op, facts.samples, service, peer, true);
        peerFidelity[op.id] = f;
        log(
          `${op.id}: PostGraphile equal data on ${f.identical}/${f.compared}${f.differences[0] ? `; first difference ${f.differences[0]}` : ''}`,
        );
        for (const error of f.errors) failures.push(`${op.id} ${error}`);
        for (const difference of f.differences)
          failures.push(`${op.id} PostGraphile answers other data: ${difference}`);
      }
    }
    const peerCheck = peerChecker(checker(operations));

    // Warm-up: JIT, plan caches, pool connections, page cache.
    const points: Point[] = [...runnable.map((op) => op.id as Point), ...(want('MIX') ? ['MIX' as const] : [])];
    const nextFor = (point: Point, samples = facts.samples): RequestFactory => {
      if (point === 'MIX')
        return mixPlanner(
          operations.filter((op) => !op.skipped),
          samples,
        );
      return planner(runnable.find((op) => op.id === point) as PreparedOperation, samples);
    };
    const peerNext =
      (point: Point): RequestFactory =>
      (random) =>
        peerRequest(nextFor(point)(random));
    log('warming up');
    for (const point of points) {
      await measure(service, nextFor(point), check, 10, 1, 1);
      if (peer && peerRuns(point)) await measure(peer, peerNext(point), peerCheck, 10, 1, 1);
      await measure(floor, nextFor(point), check, 10, 1, 1);
    }

    // The matrix: every point at every connection count, service and floor alternating.
    const results: PointResult[] = [];
    for (const point of points) {
      for (const connections of args.connections) {
        const serviceRuns: LoadRun[] = [];
        const floorRuns: LoadRun[] = [];
        const peerLoad: LoadRun[] = [];
        for (let round = 0; round < args.rounds; round += 1) {
          // Interleaved: service, peer, floor, service, peer, floor…
          const seedValue = 1000 * round + connections;
          serviceRuns.push(await measure(service, nextFor(point), check, connections, args.durationS, seedValue));
          if (peer && peerRuns(point)) {
            peerLoad.push(await measure(peer, peerNext(point), peerCheck, connections, args.durationS, seedValue));
          }
          floorRuns.push(await measure(floor, nextFor(point), check, connections, args.durationS, seedValue));
        }
        const result: PointResult = {
          point,
          connections,
          service: summarize(mergeRuns(serviceRuns)),
          floor: summarize(mergeRuns(floorRuns)),
          peer: peerLoad.length ? summarize(mergeRuns(peerLoad)) : null,
        };
        results.push(result);
        if (result.peer) {
          log(
            `${point} c=${connections} project/postgraphile ${fmtRatio(ratio(result.service.rps, result.peer.rps))} ` +
              `project/floor ${fmtRatio(ratio(result.service.rps, result.floor?.rps))}` +
              (result.peer.failures ? `, ${result.peer.failures} PostGraphile failures` : ''),
          );
          for (const sample of result.peer.failureSamples)
            failures.push(`postgraphile ${point} c=${connections}: ${sample}`);
        }
        log(
          `${point} c=${connections}: service ${fmt(result.service.rps)} req/s p99 ${fmt(result.service.p99, 2)} ms, ` +
            `floor ${fmt(result.floor?.rps)} req/s p99 ${fmt(result.floor?.p99, 2)} ms, ratio ${fmtRatio(ratio(result.service.rps, result.floor?.rps))}` +
            (result.service.failures ? `, ${result.service.failures} service failures` : '') +
            (result.floor?.failures ? `, ${result.floor.failures} floor failures` : ''),
        );
        for (const sample of result.service.failureSamples)
          failures.push(`service ${point} c=${connections}: ${sample}`);
        for (const sample of result.floor?.failureSamples ?? [])
          failures.push(`floor ${point} c=${connections}: ${sample}`);
      }
    }

    // Latency under a sustainable load: half the floor's maximum rate at 10 connections.
    const rates: RateResult[] = [];
    const maxConnections = Math.max(...args.connections);
    for (const op of runnable) {
      const floorMax = results.find((r) => r.point === op.id && r.connections === maxConnections)?.floor?.rps;
      if (!floorMax) continue;
      const rate = floorMax / 2;
      const serviceRuns: LoadRun[] = [];
      const floorRuns: LoadRun[] = [];
      for (let round = 0; round < args.rounds; round += 1) {
        serviceRuns.push(
          await measure(service, nextFor(op.id), check, maxConnections, args.durationS, 77 + round, rate),
        );
        floorRuns.push(await measure(floor, nextFor(op.id), check, maxConnections, args.durationS, 77 + round, rate));
      }
      const result = {
        point: op.id,
        rate,
        service: summarize(mergeRuns(serviceRuns)),
        floor: summarize(mergeRuns(floorRuns)),
      };
      rates.push(result);
      log(
        `${op.id} at ${fmt(rate)} req/s: service p99 ${fmt(result.service.p99, 2)} ms (${fmt(result.service.rps)} req/s), ` +
          `floor p99 ${fmt(result.floor.p99, 2)} ms`,
      );
    }

    // Other scales in the same run: p50 at one connection, and statement counts.
    const scales: ScaleResult[] = [];
    const scaleStatements: Record<string, Record<string, (number | null)[]>> = {};
    if (args.compare.length > 0) {
      const others: { scale: number; served: Served; samples: Samples }[] = [];
      try {
        for (const other of args.compare) {
          const otherFacts = await inspect({ kind: 'server', url: other.url }, other.scale);
          const served = await startService(
            { DATABASE_URL: other.url },
            `service-scale${other.scale}`,
            args.serviceEnv,
          );
          others.push({ scale: other.scale, served, samples: otherFacts.samples });
        }
        const all = [{ scale: args.scale, served: service, samples: facts.samples }, ...others].sort(
          (a, b) => a.scale - b.scale,
        );
        for (const entry of all) {
          scaleStatements[entry.scale] = {};
          for (const op of runnable) {
            const probes = await probeStatements(op, entry.samples, entry.served);
            (scaleStatements[entry.scale] as Record<string, (number | null)[]>)[op.id] = probes.map(
              (p) => p.statements,
            );
            // The same warm-up for every scale's service (the primary one is warm already, the others are not).
            await measure(entry.served, nextFor(op.id, entry.samples), check, 10, Math.max(2, args.durationS / 2), 3);
          }
        }
        for (const op of runnable.filter((o) => o.id !== 'Q0')) {
          const runs = new Map<number, LoadRun[]>();
          for (let round = 0; round < args.rounds; round += 1) {
            // Alternate the order, so no scale always runs first or last.
            for (const entry of round % 2 === 0 ? all : [...all].reverse()) {
              const run = await measure(
                entry.served,
                nextFor(op.id, entry.samples),
                check,
                1,
                args.durationS,
                500 + round,
              );
              runs.set(entry.scale, [...(runs.get(entry.scale) ?? []), run]);
            }
          }
          for (const entry of all) {
            const summary = summarize(mergeRuns(runs.get(entry.scale) ?? []));
            scales.push({
              scale: entry.scale,
              point: op.id,
              p50: summary.p50,
              p99: summary.p99,
              rps: summary.rps,
              statements: scaleStatements[entry.scale]?.[op.id] ?? [],
              underLoad: summary.statements,
              failures: summary.failures,
            });
            for (const sample of summary.failureSamples) failures.push(`scale ${entry.scale} ${op.id}: ${sample}`);
          }
          log(
            `${op.id} p50 by scale: ${all.map((e) => `${e.scale}: ${fmt(scales.find((s) => s.scale === e.scale && s.point === op.id)?.p50, 2)} ms`).join(', ')}`,
          );
        }
      } finally {
        for (const other of others) await other.served.stop();
      }
    }

    let dashboard: DashboardResult | null = null;
    if (args.dashboard && environment.target.kind === 'server') {
      dashboard = await dashboardPoint(environment.target, environment.db, service, peer, args);
      failures.push(...dashboard.failures);
    }

    let soakResult: SoakResult | null = null;
    if (args.soakMinutes > 0 && want('MIX')) {
      log(`soak: the mix for ${args.soakMinutes} min`);
      soakResult = await soak(service, nextFor('MIX'), check, args.soakMinutes);
    }

    await stopWatching();
    const memoryResult = {
      servicePeakMb: memory(service.pid).peakMb,
      floorPeakMb: memory(floor.pid).peakMb,
      ...(peer ? { peerPeakMb: memory(peer.pid).peakMb } : {}),
    };
    await service.stop();
    await floor.stop();
    await peer?.stop();
    service = null;
    floor = null;
    peer = null;

    let importer: ImportTiming | null = null;
    let startup: StartupTiming | null = null;
    if (args.embedded && args.extras) {
      const corpus = join(projectRoot(), '..', 'shared', 'corpus', 'posts');
      log('timing the importer on the corpus');
      importer = await timeImport(corpus);
      log(`importer: ${importer.posts} posts in ${fmt(importer.seconds, 2)} s`);
      log('timing npm start (cold and warm)');
      startup = await timeStartup(2);
    }

    const output: Results = {
      label,
      startedAt: new Date().toISOString(),
      args: { ...args, only: args.only ? [...args.only] : null },
      machine: {
        ...machineFacts(),
        loadAverage: `${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end (1-minute)`,
      },
      database: mode === 'embedded' ? `PGlite (${facts.version})` : facts.version,
      counts: facts.counts,
      seededSeconds: environment.seededSeconds,
      operations: operations.map((op) => ({
        id: op.id,
        label: op.label,
        removed: op.removed,
        skipped: op.skipped,
        document: op.document,
      })),
      fidelity,
      statementProbes,
      points: results,
      rates,
      scales,
      scaleStatements,
      memory: memoryResult,
      soak: soakResult,
      importer,
      startup,
      failures,
      dashboard,
      peer: args.peer
        ? { name: 'PostGraphile', node: peerNode, packages: PEER_PACKAGES, fidelity: peerFidelity }
        : null,
    };
    const outDir = join(projectRoot(), '.bench');
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, `results-${label}.json`), `${JSON.stringify(output, null, 2)}\n`);
    const markdown = renderReport(output);
    await writeFile(join(outDir, `report-${label}.md`), markdown);
    console.log(markdown);
    log(`wrote .bench/results-${label}.json and .bench/report-${label}.md`);
    const failed =
      results.some((r) => r.service.failures > 0 || (r.floor?.failures ?? 0) > 0 || (r.peer?.failures ?? 0) > 0) ||
      failures.length > 0;
    return failed ? 1 : 0;
  } finally {
    if (service) await service.stop();
    if (floor) await floor.stop();
    if (peer) await peer.stop();
    await stopAll();
    if (dropPeerSetup) await dropPeerSetup();
    await environment.cleanup();
  }
}

/** The dashboard mix, on a second service with the response cache on (started and stopped here). */
async function dashboardPoint(
  target: Target,
  db: DatabaseEnv,
  service: Served,
  peer: Served | null,
  args: Args,
): Promise<DashboardResult> {
  log('dashboard mix: starting the service with RESPONSE_CACHE=true');
  const cached = await startService(db, 'service-cached', { ...args.serviceEnv, RESPONSE_CACHE: 'true' });
  const database = await openTarget(target);
  try {
    const samples = await loadSamples(database.db);
    const result = await runDashboardMix({
      db: database.db,
      cached,
      uncached: service,
      peer,
      sponsors: samples.sponsorSlugs,
      connections: Math.max(...args.connections),
      durationS: args.durationS,
      rounds: args.rounds,
      ...(backendCpu ? { backendCpu } : {}),
      log,
    });
    log(
      `dashboard: cached ${fmt(result.cached.rps)} req/s (hit rate ${fmt(result.cached.hitRate * 100, 1)} %), ` +
        `uncached ${fmt(result.uncached.rps)}, PostGraphile ${fmt(result.peer?.rps)}, cached/PostGraphile ` +
        `${fmtRatio(ratio(result.cached.rps, result.peer?.rps))}; stale reads ${result.cachedMix.stale.length + result.uncachedMix.stale.length}`,
    );
    return result;
  } finally {
    await database.close();
    await cached.stop();
  }
}

/** How many answers of another server matched the service's, per query, with the first difference. */
function fidelityTable(fidelity: Record<string, Fidelity>, name: (id: string) => string, matched: string): string {
  return table(
    ['query', matched, 'first difference'],
    Object.entries(fidelity).map(([id, f]) => [
      name(id),
      `${f.identical}/${f.compared}`,
      f.differences[0] ?? f.errors[0] ?? '',
    ]),
  );
}

/** The peer's section of the report: the three servers side by side, and the peer's answers compared. */
function renderPeer(r: Results, name: (id: string) => string): string[] {
  const out: string[] = [];
  const peer = r.peer;
  if (!peer) return out;
  out.push(`### Against the peer: PostGraphile (${peer.packages.join(', ')})`);
  out.push('');
  out.push(
    table(
      [
        'query',
        'conns',
        'project req/s',
        'PostGraphile req/s',
        'floor req/s',
        'project/PostGraphile',
        'project/floor',
        'p50 ms project / PostGraphile / floor',
        'Node CPU ms/req project / PostGraphile / floor',
        'PG CPU ms/req project / PostGraphile / floor',
        'response bytes project / PostGraphile / floor',
      ],
      r.points
        .filter((p) => p.peer)
        .map((p) => {
          const three = (pick: (x: Summary) => number, digits: number) =>
            [p.service, p.peer, p.floor].map((x) => fmt(x ? pick(x) : undefined, digits)).join(' / ');
          return [
            name(p.point),
            p.connections,
            fmt(p.service.rps),
            fmt(p.peer?.rps),
            fmt(p.floor?.rps),
            fmtRatio(ratio(p.service.rps, p.peer?.rps)),
            fmtRatio(ratio(p.service.rps, p.floor?.rps)),
            three((x) => x.p50, 2),
            three((x) => x.cpuMsPerRequest, 2),
            three((x) => x.backendCpuMsPerRequest, 2),
            three((x) => x.bytesPerResponse, 0),
          ];
        }),
    ),
  );
  out.push('');
  out.push(
    'PostGraphile answers its own documents for the same rows (bench/peer/postgraphile.ts); its answers, turned into ' +
      'the service’s shape, must carry the same data (global IDs and cursors aside, which each server encodes its own way):',
  );
  out.push('');
  out.push(fidelityTable(peer.fidelity, name, 'equal data'));
  out.push('');
  return out;
}

function maxStatements(statements: Record<string, number>): number | string {
  const values = Object.keys(statements).map(Number);
  return values.length ? Math.max(...values) : '–';
}

export function renderReport(r: Results): string {
  const out: string[] = [];
  const ops = r.operations;
  const name = (id: string) => (id === 'MIX' ? 'mix' : `${id} ${ops.find((o) => o.id === id)?.label ?? ''}`);
  out.push(`## ${r.label}: ${r.database.split(' on ')[0]}`);
  out.push('');
  out.push(
    `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB, Node ${r.machine.node}. ` +
      `Code: ${r.machine.commit} with ${r.machine.uncommitted} uncommitted files in src/, migrations/, schema/. ` +
      (Object.keys(r.args.serviceEnv).length
        ? `Service environment added: ${Object.entries(r.args.serviceEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}. `
        : '') +
      `Rows: ${Object.entries(r.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}. ${r.args.durationS} s per point, ${r.args.rounds} rounds, service and floor alternating. ` +
      `Load average of the shared machine: ${r.machine.loadAverage}.`,
  );
  out.push('');
  for (const op of ops) {
    if (op.skipped) out.push(`- ${op.id} ${op.label}: **skipped**: ${op.skipped}.`);
    else if (op.removed.length)
      out.push(
        `- ${op.id} ${op.label}: run without ${op.removed.map((p) => `\`${p}\``).join(', ')}, which the schema does not have.`,
      );
  }
  out.push('');
  out.push('### Throughput and latency (service vs floor)');
  out.push('');
  out.push(
    table(
      [
        'query',
        'conns',
        'service req/s',
        'floor req/s',
        'service/floor',
        'p50 ms svc / floor',
        'p99 ms svc / floor',
        'SQL/req svc',
        'db ms/req svc / floor',
        'Node CPU ms/req svc / floor',
        'PG CPU ms/req svc / floor',
        'failures',
      ],
      r.points.map((p) => [
        name(p.point),
        p.connections,
        fmt(p.service.rps),
        fmt(p.floor?.rps),
        fmtRatio(ratio(p.service.rps, p.floor?.rps)),
        `${fmt(p.service.p50, 2)} / ${fmt(p.floor?.p50, 2)}`,
        `${fmt(p.service.p99, 2)} / ${fmt(p.floor?.p99, 2)}`,
        statementsText(p.service.statements),
        `${fmt(p.service.dbMsPerRequest, 2)} / ${fmt(p.floor?.dbMsPerRequest, 2)}`,
        `${fmt(p.service.cpuMsPerRequest, 2)} / ${fmt(p.floor?.cpuMsPerRequest, 2)}`,
        `${fmt(p.service.backendCpuMsPerRequest, 2)} / ${fmt(p.floor?.backendCpuMsPerRequest, 2)}`,
        p.service.failures + (p.floor?.failures ?? 0),
      ]),
    ),
  );
  out.push('');
  out.push(
    'req/s: completed and checked responses per second. db ms/req: sum of the statement durations the app measures ' +
      '(parallel batches add up; under load it includes event-loop delay). Node CPU: utime+stime of the server ' +
      'process (embedded mode: the database runs inside it). PG CPU: utime+stime of the PostgreSQL backends of the ' +
      'database (server mode).',
  );
  out.push('');
  out.push(
    `Peak RSS (VmHWM): service ${fmt(r.memory.servicePeakMb, 0)} MB, floor ${fmt(r.memory.floorPeakMb, 0)} MB` +
      (r.memory.peerPeakMb !== undefined ? `, PostGraphile ${fmt(r.memory.peerPeakMb, 0)} MB.` : '.'),
  );
  out.push('');
  if (r.peer) out.push(...renderPeer(r, name));
  if (r.dashboard) out.push(...renderDashboard(r.dashboard));
  if (r.rates.length) {
    out.push('### p99 at half the floor’s maximum rate (10 connections)');
    out.push('');
    out.push(
      table(
        ['query', 'offered req/s', 'service achieved', 'p99 ms service', 'p99 ms floor', 'p99 ratio', '≤ 2x'],
        r.rates.map((x) => {
          const q = ratio(x.service.p99, x.floor.p99);
          return [
            name(x.point),
            fmt(x.rate),
            fmt(x.service.rps),
            fmt(x.service.p99, 2),
            fmt(x.floor.p99, 2),
            fmtRatio(q),
            verdict(q === null ? null : q <= 2),
          ];
        }),
      ),
    );
    out.push('');
  }
  out.push('### SQL statements per request');
  out.push('');
  out.push(
    'Page sizes: the same row asked for with `first: 20` and `first: 50`. Rows: the values seen for different ' +
      'rows (a lower count for some rows comes from a null edge that needs no load or a DataLoader cache hit). ' +
      'Under load: every response of the 10-connection run, rows drawn at random.',
  );
  out.push('');
  const probeRows = Object.entries(r.statementProbes).map(([id, probes]) => {
    const during = r.points.find((p) => p.point === id && p.connections === Math.max(...r.args.connections));
    const byRow = new Map<string, (number | null)[]>();
    for (const probe of probes) {
      const row = probe.label.replace(/, first \d+$/, '');
      byRow.set(row, [...(byRow.get(row) ?? []), probe.statements]);
    }
    const pagesSame = [...byRow.values()].every((values) => new Set(values).size === 1);
    const pageSized = probes.some((p) => /first \d+$/.test(p.label));
    return [
      name(id),
      probes.map((p) => `${p.label}: ${p.statements ?? '?'}${p.ok ? '' : ' (error)'}`).join('; '),
      pageSized ? (pagesSame ? 'same' : '**differs**') : 'n/a',
      during ? statementsText(during.service.statements) : '–',
      during ? String(maxStatements(during.service.statements)) : '–',
    ];
  });
  out.push(table(['query', 'probes (row, page size): statements', 'page sizes 20/50', 'under load', 'max'], probeRows));
  out.push('');
  if (r.scales.length) {
    const scaleList = [...new Set(r.scales.map((s) => s.scale))].sort((a, b) => a - b);
    out.push('### Scales in the same run (1 connection)');
    out.push('');
    const lo = scaleList[0] as number;
    const hi = scaleList.at(-1) as number;
    out.push(
      table(
        [
          'query',
          ...scaleList.map((s) => `p50 ms scale ${s}`),
          `p50 ${hi}/${lo}`,
          '≤ 1.5x',
          ...scaleList.map((s) => `max SQL scale ${s}`),
          'SQL identical',
        ],
        [...new Set(r.scales.map((s) => s.point))].map((id) => {
          const at = (scale: number) => r.scales.find((s) => s.point === id && s.scale === scale);
          const q = ratio(at(hi)?.p50, at(lo)?.p50);
          const statementSets = scaleList.map((s) => String(maxStatements(at(s)?.underLoad ?? {})));
          return [
            name(id),
            ...scaleList.map((s) => fmt(at(s)?.p50, 2)),
            fmtRatio(q),
            verdict(q === null ? null : q <= 1.5),
            ...statementSets,
            id === 'Q5'
              ? statementSets.every((n) => Number(n) <= 6)
                ? 'bounded: 1 + one per kind found (≤ 5)'
                : '**exceeds 6**'
              : new Set(statementSets).size === 1
                ? 'same'
                : '**differs**',
          ];
        }),
      ),
    );
    out.push('');
  }
  out.push('### Floor fidelity (same requests to both, JSON compared)');
  out.push('');
  out.push(fidelityTable(r.fidelity, name, 'identical'));
  out.push('');
  if (r.soak) {
    const first = r.soak.samples[0]?.rssMb;
    const max = Math.max(...r.soak.samples.map((s) => s.rssMb));
    out.push(
      `### Soak: the mix for ${r.soak.minutes} min at 10 connections\n\n` +
        `${fmt(r.soak.summary.rps)} req/s, p99 ${fmt(r.soak.summary.p99, 2)} ms, ${r.soak.summary.failures} failures. ` +
        `RSS first sample ${fmt(first, 0)} MB, max ${fmt(max, 0)} MB, last fifth vs second fifth ${fmt(r.soak.growthMb, 1)} MB: ` +
        `${r.soak.flat ? 'flat' : '**growing**'}.\n`,
    );
  }
  if (r.importer) {
    out.push(
      `Importer (embedded, fresh DATA_DIR): ${r.importer.posts} posts in ${fmt(r.importer.seconds, 2)} s ` +
        `= ${fmt(r.importer.postsPerSecond, 1)} posts/s (${r.importer.failed} failed; ${fmt(r.importer.wallSeconds, 1)} s wall with npm and migrations).`,
    );
    out.push('');
  }
  if (r.startup) {
    out.push(
      `npm start to first answered request: cold (empty DATA_DIR, migrations and demo graph) ` +
        `${r.startup.coldMs.map((ms) => fmt(ms / 1000, 2)).join(', ')} s; warm ${r.startup.warmMs.map((ms) => fmt(ms / 1000, 2)).join(', ')} s.`,
    );
    out.push('');
  }
  if (r.failures.length) {
    out.push('### Failures');
    out.push('');
    for (const failure of r.failures.slice(0, 30)) out.push(`- ${failure}`);
    out.push('');
  }
  return out.join('\n');
}

const signals = ['SIGINT', 'SIGTERM'] as const;
for (const signal of signals) {
  process.on(signal, () => {
    stopAll().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    await stopAll();
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
