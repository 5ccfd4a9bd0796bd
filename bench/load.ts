import autocannon from 'autocannon';
import { Random } from './prng.ts';
import { cpuMs } from './processes.ts';

// One load run with autocannon's programmatic API: every request built by
// setupRequest (fresh variables each time, drawn from the seeded data), every
// response checked in onResponse, latency of every response recorded, and the
// server's statement count, database time and CPU time collected alongside.

export interface PlannedRequest {
  /** Which operation (Q1…), for failure messages and per-operation checks. */
  op: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  /** What is sent instead, when the server speaks another schema (the peer); checks still see `variables`. */
  send?: { operationName: string; query: string; variables: Record<string, unknown> };
  /** Extra request headers (a token, for writes). */
  headers?: Record<string, string>;
  /** Whatever the request's planner wants back in the check (e.g. when it was sent). */
  context?: unknown;
}

export type RequestFactory = (random: Random) => PlannedRequest;
/** Null when the `data` of a response is right for the request; else what is wrong. */
export type ResponseCheck = (
  request: PlannedRequest,
  data: Record<string, unknown>,
  response: { body: string; cache: string | undefined },
) => string | null;

export interface LoadOptions {
  url: string;
  pid: number;
  connections: number;
  durationS: number;
  overallRate?: number;
  seed: number;
  next: RequestFactory;
  check: ResponseCheck;
  /** CPU time so far of each PostgreSQL backend serving the target (server mode), by PID. */
  backendCpu?: () => Promise<Map<number, number>>;
}

export interface LoadRun {
  requests: number;
  seconds: number;
  /** Milliseconds, one per response. */
  latencies: number[];
  failures: number;
  failureSamples: string[];
  /** x-sql-statements value → number of responses that carried it. */
  statements: Map<number, number>;
  /** Sum of the server-timing db durations. */
  dbMs: number;
  /** CPU time the server process used during the run. */
  cpuMs: number;
  /** CPU time of the PostgreSQL backends during the run (server mode; NaN when not measured). */
  backendCpuMs: number;
  /** CPU time of this process (autocannon and the response checks) during the run. */
  clientCpuMs: number;
  socketErrors: number;
  timeouts: number;
  /** Bytes of the response bodies. */
  bytes: number;
  /** Responses whose x-response-cache header said hit, and miss. */
  cacheHits: number;
  cacheMisses: number;
}

function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** CPU used by processes between two snapshots (a PID new in `after` counts from zero). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const backendsBefore = options.backendCpu ? await options.backendCpu() : null;
  const run = await drive(options);
  if (backendsBefore && options.backendCpu) run.backendCpuMs = cpuDelta(backendsBefore, await options.backendCpu());
  return run;
}

function drive(options: LoadOptions): Promise<LoadRun> {
  const random = new Random(options.seed);
  const run: LoadRun = {
    requests: 0,
    seconds: 0,
    latencies: [],
    failures: 0,
    failureSamples: [],
    statements: new Map(),
    dbMs: 0,
    cpuMs: 0,
    backendCpuMs: Number.NaN,
    clientCpuMs: 0,
    socketErrors: 0,
    timeouts: 0,
    bytes: 0,
    cacheHits: 0,
    cacheMisses: 0,
  };
  const fail = (message: string) => {
    run.failures += 1;
    if (run.failureSamples.length < 5) run.failureSamples.push(message);
  };
  const cpuBefore = cpuMs(options.pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}/graphql`,
        connections: options.connections,
        duration: options.durationS,
        timeout: 30,
        ...(options.overallRate ? { overallRate: Math.max(1, Math.round(options.overallRate)) } : {}),
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            setupRequest: (request, context) => {
              const planned = options.next(random);
              context.planned = planned;
              return {
                ...request,
                ...(planned.headers ? { headers: { ...request.headers, ...planned.headers } } : {}),
                body: JSON.stringify(
                  planned.send ?? {
                    operationName: planned.operationName,
                    query: planned.query,
                    variables: planned.variables,
                  },
                ),
              };
            },
            onResponse: (status, body, context, headers) => {
              run.requests += 1;
              run.bytes += Buffer.byteLength(body);
              const planned = context.planned as PlannedRequest;
              const statements = Number(header(headers, 'x-sql-statements'));
              if (Number.isFinite(statements))
                run.statements.set(statements, (run.statements.get(statements) ?? 0) + 1);
              const cache = header(headers, 'x-response-cache');
              if (cache === 'hit') run.cacheHits += 1;
              else if (cache === 'miss') run.cacheMisses += 1;
              const timing = /db;dur=([\d.]+)/.exec(header(headers, 'server-timing') ?? '');
              if (timing) run.dbMs += Number(timing[1]);
              const where = `${planned.op} ${JSON.stringify(planned.variables)}`;
              if (status !== 200) return fail(`${where}: HTTP ${status} ${body.slice(0, 300)}`);
              let json: { data?: Record<string, unknown>; errors?: unknown[] };
              try {
                json = JSON.parse(body);
              } catch {
                return fail(`${where}: not JSON: ${body.slice(0, 200)}`);
              }
              if (json.errors) return fail(`${where}: errors ${JSON.stringify(json.errors).slice(0, 300)}`);
              if (!json.data) return fail(`${where}: no data`);
              const wrong = options.check(planned, json.data, { body, cache });
              if (wrong) fail(`${where}: ${wrong}`);
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        run.seconds = (performance.now() - started) / 1000;
        run.cpuMs = cpuMs(options.pid) - cpuBefore;
        const client = process.cpuUsage(clientBefore);
        run.clientCpuMs = (client.user + client.system) / 1000;
        run.socketErrors = result.errors;
        run.timeouts = result.timeouts;
        resolve(run);
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      run.latencies.push(responseTime);
    });
  });
}

export function mergeRuns(runs: readonly LoadRun[]): LoadRun {
  const merged: LoadRun = {
    requests: 0,
    seconds: 0,
    latencies: [],
    failures: 0,
    failureSamples: [],
    statements: new Map(),
    dbMs: 0,
    cpuMs: 0,
    backendCpuMs: 0,
    clientCpuMs: 0,
    socketErrors: 0,
    timeouts: 0,
    bytes: 0,
    cacheHits: 0,
    cacheMisses: 0,
  };
  for (const run of runs) {
    merged.requests += run.requests;
    merged.seconds += run.seconds;
    for (const latency of run.latencies) merged.latencies.push(latency);
    merged.failures += run.failures;
    merged.failureSamples.push(...run.failureSamples.slice(0, 5 - merged.failureSamples.length));
    for (const [count, n] of run.statements) merged.statements.set(count, (merged.statements.get(count) ?? 0) + n);
    merged.dbMs += run.dbMs;
    merged.cpuMs += run.cpuMs;
    merged.backendCpuMs += run.backendCpuMs;
    merged.clientCpuMs += run.clientCpuMs;
    merged.socketErrors += run.socketErrors;
    merged.timeouts += run.timeouts;
    merged.bytes += run.bytes;
    merged.cacheHits += run.cacheHits;
    merged.cacheMisses += run.cacheMisses;
  }
  return merged;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] as number;
}

export interface Summary {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Statement counts seen (value: share of responses). */
  statements: Record<string, number>;
  dbMsPerRequest: number;
  cpuMsPerRequest: number;
  /** PostgreSQL backend CPU per request (NaN when not measured: embedded mode runs the database in-process). */
  backendCpuMsPerRequest: number;
  clientCpuMsPerRequest: number;
  failures: number;
  failureSamples: string[];
  socketErrors: number;
  /** Mean bytes of a response body. */
  bytesPerResponse: number;
  /** Share of the answers that said x-response-cache: hit (NaN when none said hit or miss). */
  hitRate: number;
}

export function summarize(run: LoadRun): Summary {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const statements: Record<string, number> = {};
  for (const [count, n] of [...run.statements].sort((a, b) => a[0] - b[0])) statements[count] = n;
  return {
    requests: run.requests,
    rps: run.seconds > 0 ? run.requests / run.seconds : 0,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    statements,
    dbMsPerRequest: run.requests ? run.dbMs / run.requests : Number.NaN,
    cpuMsPerRequest: run.requests ? run.cpuMs / run.requests : Number.NaN,
    backendCpuMsPerRequest: run.requests ? run.backendCpuMs / run.requests : Number.NaN,
    clientCpuMsPerRequest: run.requests ? run.clientCpuMs / run.requests : Number.NaN,
    failures: run.failures + run.socketErrors + run.timeouts,
    failureSamples: run.failureSamples,
    socketErrors: run.socketErrors + run.timeouts,
    bytesPerResponse: run.requests ? run.bytes / run.requests : Number.NaN,
    hitRate: run.cacheHits + run.cacheMisses ? run.cacheHits / (run.cacheHits + run.cacheMisses) : Number.NaN,
  };
}

/** One request outside any load run: body and headers, for probes and equivalence checks. */
export async function sendOnce(
  url: string,
  request: PlannedRequest,
): Promise<{ status: number; json: Record<string, unknown> | null; text: string; statements: number | null }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
    body: JSON.stringify(
      request.send ?? { operationName: request.operationName, query: request.query, variables: request.variables },
    ),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const statements = response.headers.get('x-sql-statements');
  return { status: response.status, json, text, statements: statements === null ? null : Number(statements) };
}
