import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import { httpCachingPlugin } from './cache/http-caching.ts';
import { type PersistedMode, persistedManifest, persistedOperationsPlugins } from './cache/persisted-operations.ts';
import type { ResponseCacheSetup } from './cache/response-cache.ts';
import { currentQueryStats } from './db/query-counter.ts';
import type { Database } from './db/types.ts';
import { compiledExecutionPlugin } from './graphql/compiled-execution.ts';
import { type Context, createContext } from './graphql/context.ts';
import { DEFAULT_LIMITS, limitPlugins, type QueryLimits } from './graphql/limits.ts';
import { maskError } from './graphql/mask-error.ts';
import { responseErrorsPlugin } from './graphql/response-errors.ts';
import { schema } from './graphql/schema.ts';
import { bodyLimitPlugin } from './http/body-limit.ts';
import type { Logger } from './logger.ts';
import type { LocalToken } from './modules/token/local-token.ts';
import type { Metrics } from './observability/metrics.ts';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimitOptions } from './observability/rate-limit.ts';
import { metricsEndpointPlugin, requestPlugin } from './observability/request-plugin.ts';

export interface YogaAppOptions {
  db: Kysely<Database>;
  limits?: Partial<QueryLimits>;
  logger?: Logger;
  metrics?: Metrics | null;
  /** Answers /ready: true when the database takes a `select 1`. */
  ping?: (timeoutMs: number) => Promise<boolean>;
  graphiql?: boolean;
  /** Browser origins allowed (CORS); '*' for any. Credentials are never allowed: tokens travel in a header. */
  corsOrigins?: string[] | '*';
  /** The embedded server's token for the importer CLI beside it (local-token.ts). */
  localToken?: LocalToken | null;
  /** Largest request body (BODY_LIMIT_BYTES). */
  bodyLimitBytes?: number;
  /** Per-client-IP limits; failed authentications are limited unless switched off. */
  rateLimits?: Partial<RateLimitOptions>;
  /** Yoga's logger; false in tests to keep output clean. */
  logging?: boolean;
  /** Run operations compiled by graphql-jit (default) or with graphql-js's executor. */
  compiledExecution?: boolean;
  /** The response cache (src/cache/response-cache.ts); none by default. */
  responseCache?: ResponseCacheSetup | null;
  /** Cache-Control max-age of GET query answers (src/cache/http-caching.ts). */
  httpCacheMaxAgeSeconds?: number;
  /** PERSISTED_OPERATIONS (src/cache/persisted-operations.ts); off by default. */
  persistedOperations?: PersistedMode;
}

export const DEFAULT_BODY_LIMIT_BYTES = 2_000_000;

export const CSRF_HEADER = 'x-graphql-yoga-csrf';

// What GraphiQL opens with: a speaker's history across meetups, the graph's
// reason to exist, on data that is there from the first start.
export const DEFAULT_QUERY = `# Welcome to meetup-graph: Cloud Native London's history as one graph, built
# from the organiser's roundup posts. Press the play button to run this
# query; explore the schema with the Docs button. Lookups take slugs such as
# "cheryl-hung", "tecknuovo" or "cloud-native-london-2019-12-10".
#
# The companies a person was billed with over the years (at the talks she
# gave and the meetups she hosted), a sponsor's longest run of meetups, and
# the latest meetups with their talks.

query History {
  person(slug: "cheryl-hung") {
    name
    affiliations { company { name } from to }
    talks(first: 10) { edges { company { name } node { title event { date } } } }
  }
  company(slug: "tecknuovo") {
    name
    sponsorshipSummary {
      count
      longestStreak { length start { date } end { date } }
    }
  }
  events(first: 3, filter: { status: HELD }, orderBy: { field: DATE, direction: DESC }) {
    nodes {
      date
      title
      talks {
        title
        speakers { person { name } company { name } }
        video { url startSeconds }
      }
      sponsorships { company { name } }
    }
  }
}
`;

/**
 * GraphiQL with its scripts, styles and workers inlined in the page, so that
 * opening /graphql sends no request to a CDN (Yoga's default page loads them
 * from unpkg, which an offline or firewalled machine cannot reach). The
 * bundle is 9 MB of JavaScript: it is loaded on the first page view, not at
 * start-up.
 */
async function renderBundledGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options);
}

function readinessPlugin(ping: (timeoutMs: number) => Promise<boolean>): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      const ok = await ping(1000);
      endResponse(ok ? new fetchAPI.Response('ok', { status: 200 }) : new fetchAPI.Response(null, { status: 503 }));
    },
  };
}

/**
 * Tells clients (and the benchmark) how much database work a request did:
 * `x-sql-statements` and a `Server-Timing` db entry. Counting happens when
 * the request runs inside withQueryStats (the server and tests do that).
 */
function statementHeadersPlugin(): Plugin {
  return {
    onResponse({ response }) {
      const stats = currentQueryStats();
      if (!stats) return;
      response.headers.set('x-sql-statements', String(stats.statements));
      response.headers.set('server-timing', `db;dur=${stats.durationMs.toFixed(1)}`);
    },
  };
}

function yogaLogger(logger: Logger) {
  return {
    debug: (...args: unknown[]) => logger.debug({ args }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ args }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ args }, 'yoga'),
    // Yoga logs the unmasked error here: the log keeps what the client does not see.
    error: (...args: unknown[]) => logger.error({ err: args[0] }, 'unexpected error'),
  };
}

export function createYogaApp(options: YogaAppOptions): YogaServerInstance<Record<string, unknown>, Context> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const rateLimiter = createRateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits });
  const plugins: Plugin[] = [
    rateLimiter.plugin,
    bodyLimitPlugin(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES),
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    statementHeadersPlugin(),
    // Before the response cache: a hash becomes its document before the cache looks it up.
    ...persistedOperationsPlugins(options.persistedOperations ?? 'off', persistedManifest(options.persistedOperations)),
    responseErrorsPlugin(),
    ...limitPlugins(limits),
  ];
  if (options.compiledExecution !== false) plugins.push(compiledExecutionPlugin());
  // After compiled execution: the cache wraps whichever executor runs.
  if (options.responseCache) plugins.push(...options.responseCache.plugins);
  plugins.push(httpCachingPlugin({ maxAgeSeconds: options.httpCacheMaxAgeSeconds ?? 5 }));
  if (options.ping) plugins.push(readinessPlugin(options.ping));
  if (options.metrics) plugins.push(metricsEndpointPlugin(options.metrics));
  if (options.logger) plugins.push(requestPlugin({ logger: options.logger, metrics: options.metrics ?? null }));
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: ({ request }) =>
      createContext(options.db, request.headers.get('authorization'), options.localToken ?? null, () =>
        rateLimiter.authFailed(request),
      ),
    graphqlEndpoint: '/graphql',
    cors: {
      origin: options.corsOrigins === undefined || options.corsOrigins === '*' ? '*' : options.corsOrigins,
      credentials: false,
    },
    healthCheckEndpoint: '/health',
    landingPage: false,
    // One operation per request: batching multiplies every limit by the batch size.
    batching: false,
    // The body cap is bodyLimitPlugin's (declared Content-Length) and the HTTP server's (no unsized
    // bodies; Node holds a body to its Content-Length): Yoga's own wraps every body in a counting
    // stream and a second Request, about 5% of the CPU of a small request.
    maxRequestBodySize: false,
    maskedErrors: { maskError },
    logging: options.logger ? yogaLogger(options.logger) : (options.logging ?? true),
    graphiql: options.graphiql === false ? false : { title: 'meetup-graph', defaultQuery: DEFAULT_QUERY },
    renderGraphiQL: renderBundledGraphiQL,
    plugins,
  });
}
