import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseStartupError, openDatabase } from './db/database.ts';
import { MigrationError, migrateToLatest } from './db/migrator.ts';
import { newQueryStats, withQueryStats } from './db/query-counter.ts';
import { announceServer } from './db/running-server.ts';
import { findSnapshot } from './db/snapshot.ts';
import { seedDefaultIfEmpty } from './demo/default-graph.ts';
import { refuseUnsizedBody } from './http/body-limit.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './observability/metrics.ts';

// The only file that listens: config → port → database → migrations → Yoga,
// and an orderly shutdown on SIGTERM/SIGINT. The port is taken first, so a
// port in use is reported before any database work; until the graph is
// ready every request gets 503 with Retry-After.

/** Where a local client reaches a server listening on `host`. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { pretty: config.isDevelopment });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  // Each request counts its own SQL statements (see statementHeadersPlugin).
  // Requests still being resolved: a client may be gone while its resolvers
  // still run, so the database closes only after they finish.
  const inFlight = new Set<Promise<unknown>>();
  let handler: ((req: IncomingMessage, res: ServerResponse) => Promise<unknown>) | null = null;
  const server = createServer(
    {
      requestTimeout: config.http.requestTimeoutMs,
      headersTimeout: config.http.headersTimeoutMs,
      keepAliveTimeout: config.http.keepAliveTimeoutMs,
    },
    (req, res) => {
      if (refuseUnsizedBody(req, res)) return;
      if (!handler) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
        res.end('meetup-graph is starting\n');
        return;
      }
      const handled = Promise.resolve(withQueryStats(newQueryStats(), () => handler?.(req, res)));
      inFlight.add(handled);
      const forget = () => inFlight.delete(handled);
      // A rejection still reaches the process's unhandledRejection log, as before.
      void handled.then(forget, (error: unknown) => {
        forget();
        throw error;
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  // The schema's modules load while the database opens.
  const yogaModule = import('./yoga.ts');
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    initialSnapshot: config.databaseUrl ? null : findSnapshot(config.seedDemo ? 'history' : 'empty'),
    sharedBuffers: config.embeddedSharedBuffers,
    ...config.database,
    // Only the message and code: the error object carries the whole pg client.
    onPoolError: (error) =>
      logger.warn(
        { error: error.message, code: (error as { code?: string }).code },
        'database connection failed; the pool replaces it',
      ),
  });
  logger.info(
    {
      mode: database.mode,
      location: database.location,
      ...(database.created ? { created: database.created } : {}),
      startupMs: Math.round(process.uptime() * 1000),
    },
    database.created === 'snapshot' ? 'database created from the prebuilt snapshot' : 'database opened',
  );
  // Server mode with a second connection to spare: instances starting together migrate one at a time.
  const exclusive = database.mode === 'server' && config.database.poolMax > 1;
  const applied = await migrateToLatest(database.db, { exclusive });
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  if (config.seedDemo) {
    const seeded = await seedDefaultIfEmpty(database.db);
    if (seeded) {
      logger.info(
        { events: seeded },
        "empty database: Cloud Native London's history loaded (SEED_DEMO=false turns this off)",
      );
    }
  }

  const [{ createYogaApp }, { createLocalToken }, { startCache }, live] = await Promise.all([
    yogaModule,
    import('./modules/token/local-token.ts'),
    import('./cache/start-cache.ts'),
    import('./live/change-stream.ts'),
  ]);
  live.setMaxStreamsPerClient(config.subscriptionsPerClient);
  const cache = await startCache(config, database, logger);
  // Embedded: the importer CLI cannot open the database while this process
  // holds it, so it sends posts here with a token only this machine's user can read.
  const localToken =
    database.mode === 'embedded' && !config.dataDir.startsWith('memory://') ? createLocalToken() : null;
  const yoga = createYogaApp({
    localToken,
    db: database.db,
    ping: database.ping,
    graphiql: config.graphiql,
    rateLimits: config.rateLimits,
    limits: { ...config.limits, introspection: config.introspection, fieldSuggestions: config.isDevelopment },
    logger,
    metrics: createMetrics(database.pool),
    corsOrigins: config.http.corsOrigins,
    bodyLimitBytes: config.http.bodyLimitBytes,
    responseCache: cache.responseCache,
    httpCacheMaxAgeSeconds: config.cache.httpMaxAgeSeconds,
    persistedOperations: config.cache.persistedOperations,
  });
  handler = (req, res) => Promise.resolve(yoga(req, res));
  const withdraw = localToken
    ? await announceServer(database.location, {
        pid: process.pid,
        url: `http://${loopbackHost(config.host)}:${port}`,
        token: localToken.token,
      })
    : async () => {};
  logger.info(
    { port, startupMs: Math.round(process.uptime() * 1000) },
    `meetup-graph ready: GraphiQL at http://localhost:${port}/graphql`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    // Subscription streams end now, each response completing: they would hold the drain open.
    live.closeAllStreams();
    // Past the deadline, whatever is still open is cut.
    const endsAt = Date.now() + config.shutdownDeadlineMs;
    const deadline = setTimeout(() => {
      logger.warn('drain deadline reached; closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownDeadlineMs);
    deadline.unref();
    // Keep-alive connections with no request in flight would hold close()
    // open until they time out: close each one as soon as it goes idle.
    const reaper = setInterval(() => server.closeIdleConnections(), 50);
    server.close(async () => {
      clearInterval(reaper);
      // Connections are closed; requests whose client left may still be resolving.
      const limit = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now())).unref());
      await Promise.race([Promise.allSettled([...inFlight]), limit]);
      clearTimeout(deadline);
      await withdraw().catch(() => {});
      await cache.close().catch(() => {});
      await database.close().catch((error: unknown) => logger.error({ err: error }, 'closing the database failed'));
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up failures a user can fix get one line naming the cause.
  if (error instanceof ConfigError) console.error(`Invalid configuration: ${error.message}`);
  else if (error instanceof DatabaseStartupError || error instanceof MigrationError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`Cannot listen: port already in use (${(error as Error).message}). Set PORT to another port.`);
  } else console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
