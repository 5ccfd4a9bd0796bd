import { randomUUID } from 'node:crypto';
import type { DocumentNode, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { currentQueryStats } from '../db/query-counter.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';

// One log line and one set of metrics per request, tied together by a
// request id that is also returned as the x-request-id header. Headers,
// bodies and variables are never logged (tokens live there).

interface RequestInfo {
  id: string;
  started: number;
  operation: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const OPERATION = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Client-chosen operation names become metric labels: bounded, so a client cannot explode them. */
const MAX_OPERATION_LABELS = 200;

export function requestPlugin(options: { logger: Logger; metrics: Metrics | null }): Plugin {
  const requests = new WeakMap<Request, RequestInfo>();
  const seenOperations = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (!name || !OPERATION.test(name)) return 'anonymous';
    if (seenOperations.has(name)) return name;
    if (seenOperations.size >= MAX_OPERATION_LABELS) return 'other';
    seenOperations.add(name);
    return name;
  };
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      requests.set(request, {
        id: given && REQUEST_ID.test(given) ? given : randomUUID(),
        started: performance.now(),
        operation: 'anonymous',
      });
    },
    onParams({ request, params }) {
      const info = requests.get(request);
      if (info) info.operation = label(params.operationName);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const info = request ? requests.get(request) : undefined;
      if (info && info.operation === 'anonymous') {
        const definition = (args.document as DocumentNode).definitions.find((d) => d.kind === 'OperationDefinition');
        info.operation = label(definition && 'name' in definition ? definition.name?.value : null);
      }
    },
    onResultProcess({ result }) {
      if (!options.metrics) return;
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) {
        for (const error of ((one as { errors?: readonly GraphQLError[] }).errors ?? []) as GraphQLError[]) {
          const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'GRAPHQL_VALIDATION_FAILED';
          options.metrics.errors.inc({ code });
        }
      }
    },
    onResponse({ request, response }) {
      const info = requests.get(request);
      if (!info) return;
      response.headers.set('x-request-id', info.id);
      const url = new URL(request.url);
      if (url.pathname !== '/graphql') return;
      const durationMs = performance.now() - info.started;
      const statements = currentQueryStats()?.statements;
      if (options.metrics) {
        options.metrics.requests.inc({ operation: info.operation, status: String(response.status) });
        options.metrics.duration.observe({ operation: info.operation }, durationMs / 1000);
        if (statements !== undefined) options.metrics.statements.observe({ operation: info.operation }, statements);
      }
      options.logger.info(
        {
          reqId: info.id,
          method: request.method,
          operation: info.operation,
          status: response.status,
          durationMs: Math.round(durationMs * 10) / 10,
          sqlStatements: statements,
        },
        'request',
      );
    },
  };
}

/** GET /metrics in Prometheus text format. */
export function metricsEndpointPlugin(metrics: Metrics): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), {
          status: 200,
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
  };
}
