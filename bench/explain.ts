import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSchema } from 'graphql';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import type { Database } from '../src/db/types.ts';
import { createYogaApp } from '../src/yoga.ts';
import { floorQuery } from './floor-sql.ts';
import type { PlannedRequest } from './load.ts';
import { type PreparedOperation, prepareOperations, projectRoot, type QueryId } from './operations.ts';
import { Random } from './prng.ts';
import { loadSamples } from './samples.ts';

// npx tsx bench/explain.ts [--only Q2,Q4] [--slug-rank top|typical]   (DATABASE_URL)
//
// Runs each benchmarked operation once through the service's own Yoga app
// in this process, with a Kysely logger that keeps every statement and its
// parameters, then EXPLAIN (ANALYZE, BUFFERS) each statement and the floor's.
// Flags sequential scans of tables with more than a few hundred rows: a keyed
// lookup should never need one.

interface Captured {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

const SEQ_SCAN_ROWS = 500;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, rows: { type: 'string', default: 'typical' } },
  });
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw new Error('DATABASE_URL is not set');
  const database = await openDatabase({ databaseUrl: url, statementTimeoutMs: 60_000 });
  const pool = database.pool;
  if (!pool) throw new Error('server mode expected');
  let captured: Captured[] = [];
  const log = (event: LogEvent) => {
    captured.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  const yoga = createYogaApp({ db, logging: false, graphiql: false });
  const samples = await loadSamples(db);
  const schema = buildSchema(await readFile(join(projectRoot(), 'schema', 'schema.graphql'), 'utf8'));
  const only = values.only ? new Set(values.only.split(',')) : null;
  const operations = prepareOperations(schema).filter(
    (op) => !op.skipped && op.id !== 'Q0' && (!only || only.has(op.id)),
  );
  const tableRows = new Map(
    (
      await pool.query<{ relname: string; n: string }>(`select relname, n_live_tup::text as n from pg_stat_user_tables`)
    ).rows.map((r) => [r.relname, Number(r.n)]),
  );

  const out: string[] = [`# EXPLAIN ANALYZE, ${new URL(url).pathname.slice(1)}`, ''];
  for (const op of operations) {
    const request = pick(op, samples, values.rows === 'top');
    captured = [];
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: op.operationName, query: op.document, variables: request.variables }),
    });
    const body = await response.text();
    out.push(`## ${op.id} ${op.label} ${JSON.stringify(request.variables)}`);
    out.push('');
    out.push(`${captured.length} statements, ${body.length} bytes${body.includes('"errors"') ? ' (ERRORS)' : ''}`);
    out.push('');
    const statements = [...captured];
    for (const [i, statement] of statements.entries()) {
      const plan = await explain(pool, statement.sql, statement.parameters);
      out.push(`### ${op.id}.${i + 1} (${plan.executionMs.toFixed(2)} ms)`);
      out.push('');
      out.push('```sql');
      out.push(statement.sql.replace(/\s+/g, ' ').trim());
      out.push('```');
      out.push(`parameters: ${JSON.stringify(statement.parameters).slice(0, 300)}`);
      out.push('');
      out.push(...seqScans(plan.lines, tableRows).map((line) => `- **seq scan**: ${line}`));
      out.push('```');
      out.push(...plan.lines);
      out.push('```');
      out.push('');
    }
    const floor = floorQuery(op.operationName, op.document, request.variables);
    if (floor) {
      const plan = await explain(pool, floor.text, floor.values);
      out.push(`### ${op.id} floor (${plan.executionMs.toFixed(2)} ms)`);
      out.push('');
      out.push(...seqScans(plan.lines, tableRows).map((line) => `- **seq scan**: ${line}`));
      out.push('```');
      out.push(...plan.lines);
      out.push('```');
      out.push('');
    }
    const total = statements.reduce((n, s) => n + s.ms, 0);
    console.error(`${op.id}: ${statements.length} statements, ${total.toFixed(1)} ms in the app's timing`);
  }
  await db.destroy();
  const dir = join(projectRoot(), '.bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `explain-${new URL(url).pathname.slice(1)}-${values.rows}.md`);
  await writeFile(file, out.join('\n'));
  console.error(`wrote ${file}`);
}

function pick(op: PreparedOperation, samples: Awaited<ReturnType<typeof loadSamples>>, top: boolean): PlannedRequest {
  const variables = op.variables(samples, new Random(11));
  if (top) {
    const heavy: Partial<Record<QueryId, Record<string, unknown>>> = {
      Q2: { slug: samples.speakerSlugs[0] },
      Q3: { slug: samples.sponsorSlugs[0] },
      Q4: { filter: { from: samples.pageDates[0] } },
      Q5: { query: 'kubernetes' },
    };
    Object.assign(variables, heavy[op.id] ?? {});
  }
  return { op: op.id, operationName: op.operationName, query: op.document, variables };
}

async function explain(
  pool: NonNullable<Awaited<ReturnType<typeof openDatabase>>['pool']>,
  text: string,
  parameters: readonly unknown[],
): Promise<{ lines: string[]; executionMs: number }> {
  const result = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, [...parameters]);
  const lines = result.rows.map((row) => row['QUERY PLAN']);
  const execution = lines.find((line) => line.startsWith('Execution Time'));
  return { lines, executionMs: Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? Number.NaN) };
}

/** Plan lines that scan a whole table of more than SEQ_SCAN_ROWS rows. */
function seqScans(lines: readonly string[], tableRows: Map<string, number>): string[] {
  return lines
    .filter((line) => {
      const table = /Seq Scan on (\w+)/.exec(line)?.[1];
      return table !== undefined && (tableRows.get(table) ?? 0) > SEQ_SCAN_ROWS;
    })
    .map((line) => line.trim());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
