import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { serverUrl } from '../helpers/database.ts';
import { type ServerProcess, startServer } from '../helpers/server-process.ts';

// Logs, request ids and metrics of the real process.

const dataDir = mkdtempSync(join(tmpdir(), 'meetup-graph-observe-'));
let server: ServerProcess;
let base: string;

beforeAll(async () => {
  server = await startServer({ DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'info' });
  base = `http://127.0.0.1:${server.port}`;
}, 120_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exit;
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('observability', () => {
  it('returns a request id (given or generated) and logs one JSON line per request, with no secrets', async () => {
    const secret = `mgt_${'S'.repeat(43)}`;
    const given = await post(
      {
        query: 'query Probe { events(first: 1) { totalCount } people(first: 1) { nodes { slug } } }',
        operationName: 'Probe',
      },
      { 'x-request-id': 'probe-123', authorization: `Bearer ${secret}` },
    );
    expect(given.headers.get('x-request-id')).toBe('probe-123');
    const generated = await post({ query: '{ __typename }' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = server
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const probe = lines.find((line) => line.reqId === 'probe-123');
    expect(probe).toMatchObject({ msg: 'request', operation: 'Probe', status: 200, method: 'POST', sqlStatements: 2 });
    expect(typeof probe?.durationMs).toBe('number');
    expect(server.stdout()).not.toContain(secret);
    expect(server.stdout()).not.toContain('SSSSSSSS');
  });

  it('serves Prometheus metrics: requests and latency per operation, errors by code, statements per request', async () => {
    await post({ query: 'query Probe { events(first: 1) { totalCount } }', operationName: 'Probe' });
    await post({ query: '{ events(first: 1000) { totalCount } }' });
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/graphql_requests_total\{operation="Probe",status="200"\} \d+/);
    expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="0\.1",operation="Probe"\} \d+/);
    expect(text).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} \d+/);
    expect(text).toMatch(/graphql_sql_statements_per_request_sum\{operation="Probe"\} \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });
});

describe.skipIf(!serverUrl)('pool metrics (PostgreSQL)', () => {
  it('reports the pool in use, idle and waiting', async () => {
    const database = await openDatabase({ databaseUrl: serverUrl });
    try {
      const metrics = createMetrics(database.pool);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/db_pool_connections\{state="in_use"\} \d+/);
      expect(text).toMatch(/db_pool_connections\{state="idle"\} \d+/);
      expect(text).toMatch(/db_pool_connections\{state="waiting"\} 0/);
    } finally {
      await database.close();
    }
  });
});
