import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GCProfiler } from 'node:v8';
import { buildSchema } from 'graphql';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { newQueryStats, withQueryStats } from '../src/db/query-counter.ts';
import type { Database } from '../src/db/types.ts';
import { createYogaApp } from '../src/yoga.ts';
import { lastHeldDate } from './dashboard-mix.ts';
import { dashboardDocuments, pollSets } from './dashboard-operations.ts';
import { readRequest } from './dashboard-truth.ts';
import { prepareOperations, projectRoot, type QueryId } from './operations.ts';
import { Random } from './prng.ts';
import { cpuMs } from './processes.ts';
import { loadSamples } from './samples.ts';

// What one request costs the service's process, without HTTP or load: Node
// CPU (user + system) and heap allocated per request of each benchmark
// query, requests sent one after another through yoga.fetch on the seeded
// database. Less noisy than a load run on a shared machine, so each change
// can be measured on its own.
//
//   DATABASE_URL=… npx tsx bench/request-cost.ts [--only Q1,Q4,DASH] [--requests 200] [--interpreted]
//
// DASH measures each poll set of the dashboard mix (dashboard-operations.ts)
// on its own, uncached: what one miss of the response cache costs.

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'Q0,Q1,Q2,Q4' },
    requests: { type: 'string', default: '200' },
    interpreted: { type: 'boolean', default: false },
  },
});

/**
 * CPU so far of the PostgreSQL backends serving the benchmark database (this
 * machine's server), the one running this query included: requests sent one
 * at a time often reuse that very connection.
 */
async function backendCpu(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(db);
  let total = 0;
  for (const { pid } of rows) {
    try {
      total += cpuMs(pid);
    } catch {
      // gone
    }
  }
  return total;
}

/** Bytes allocated on the heap between two calls: used now plus everything the collector freed since. */
function allocationMeter(): () => number {
  let profiler = new GCProfiler();
  profiler.start();
  let freed = 0;
  const usedNow = () => process.memoryUsage().heapUsed;
  const start = usedNow();
  return () => {
    for (const gc of profiler.stop()?.statistics ?? []) {
      freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    }
    profiler = new GCProfiler();
    profiler.start();
    return usedNow() + freed - start;
  };
}

interface Measured {
  name: string;
  bodies: string[];
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw new Error('set DATABASE_URL to a seeded benchmark database');
  const database = await openDatabase({ databaseUrl: url });
  try {
    const samples = await loadSamples(database.db);
    const yoga = createYogaApp({ db: database.db, logging: false, compiledExecution: !values.interpreted });
    const schema = buildSchema(readFileSync(join(projectRoot(), 'schema', 'schema.graphql'), 'utf8'));
    const wanted = new Set(values.only.split(','));
    const count = Number(values.requests);
    const measures: Measured[] = prepareOperations(schema)
      .filter((o) => wanted.has(o.id as QueryId) && !o.skipped)
      .map((op) => {
        const random = new Random(17);
        return {
          name: `${op.id} ${values.interpreted ? 'interpreted' : 'compiled'}`,
          bodies: Array.from({ length: count }, () =>
            JSON.stringify({
              operationName: op.operationName,
              query: op.document,
              variables: op.variables(samples, random, op.defaultPage),
            }),
          ),
        };
      });
    if (wanted.has('DASH')) {
      const documents = dashboardDocuments();
      for (const set of pollSets(samples.sponsorSlugs, await lastHeldDate(database.db))) {
        const { operationName, query, variables } = readRequest(set, documents);
        const body = JSON.stringify({ operationName, query, variables });
        measures.push({ name: set.key, bodies: Array.from({ length: count }, () => body) });
      }
    }
    for (const { name, bodies } of measures) {
      const send = async (body: string) => {
        const stats = newQueryStats();
        const response = await withQueryStats(stats, () =>
          yoga.fetch('http://bench/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body,
          }),
        );
        const text = await response.text();
        if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${name}: ${text.slice(0, 300)}`);
        return stats.statements;
      };
      for (const body of bodies.slice(0, Math.min(50, count))) await send(body); // warm-up
      const backendBefore = await backendCpu(database.db);
      const allocated = allocationMeter();
      const cpu = process.cpuUsage();
      const started = performance.now();
      let statements = 0;
      for (const body of bodies) statements += await send(body);
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const bytes = allocated();
      const backend = (await backendCpu(database.db)) - backendBefore;
      console.log(
        `${name}: ${((used.user + used.system) / 1000 / count).toFixed(2)} ms Node CPU, ${(backend / count).toFixed(2)} ms PostgreSQL CPU, ` +
          `${(wallMs / count).toFixed(2)} ms wall, ${(bytes / 1024 / 1024 / count).toFixed(2)} MB allocated, ${(statements / count).toFixed(1)} statements per request`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
