import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus metrics: requests and latency per operation name, errors by
// code, SQL statements per request, the pool's connections.

export interface Metrics {
  registry: Registry;
  requests: Counter<'operation' | 'status'>;
  duration: Histogram<'operation'>;
  errors: Counter<'code'>;
  statements: Histogram<'operation'>;
}

export function createMetrics(pool: pg.Pool | null): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics: Metrics = {
    registry,
    requests: new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name and HTTP status.',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time to answer a GraphQL request, by operation name.',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL responses, by extensions.code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    statements: new Histogram({
      name: 'graphql_sql_statements_per_request',
      help: 'SQL statements one GraphQL request ran, by operation name.',
      labelNames: ['operation'],
      buckets: [0, 1, 2, 4, 8, 12, 16, 24, 32, 64, 128],
      registers: [registry],
    }),
  };
  if (pool) {
    new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of the PostgreSQL pool by state (in_use, idle, waiting requests).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  return metrics;
}
