import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { checkDataDir, DataDirError, processAlive } from './data-dir.ts';
import { keepServedParsers } from './pglite-parsers.ts';
import { preparedStatementPool } from './prepared-statements.ts';
import { recordQuery } from './query-counter.ts';
import { unpackSnapshot } from './snapshot.ts';
import { traceStatement } from './sql-trace.ts';
import { pingPool, queryTimeoutFor } from './timed-pool.ts';
import { tracedDialect } from './traced-dialect.ts';
import type { Database } from './types.ts';

// One code path, two databases: embedded PGlite (default, nothing to install)
// or a PostgreSQL server through a pg Pool (production). Both return int8 as
// a JS number and `date` as a YYYY-MM-DD string, so rows look the same.

export class DatabaseStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseStartupError';
  }
}

export interface DatabaseOptions {
  /** postgres:// URL: server mode. */
  databaseUrl?: string | null;
  /** Embedded mode: directory to persist in, or `memory://` for a throwaway database. */
  dataDir?: string;
  /** Embedded mode: a data-directory tarball to start a new directory from (see snapshot.ts). */
  initialSnapshot?: string | null;
  /** Embedded mode: PostgreSQL's shared_buffers inside PGlite (its default, 128MB, doubles the RSS). */
  sharedBuffers?: string;
  /** Called for pool-level errors (an idle connection killed by the server). */
  onPoolError?: (error: Error) => void;
  pool?: Partial<pg.PoolConfig>;
  poolMax?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
}

export interface AppDatabase {
  db: Kysely<Database>;
  mode: 'embedded' | 'server';
  /** Human-readable location without secrets. */
  location: string;
  /** Embedded mode: how a new data directory began (a prebuilt snapshot, or initdb); null when it existed. */
  created?: 'snapshot' | 'initdb' | null;
  /** `select 1` within timeoutMs; false on any failure. */
  ping(timeoutMs?: number): Promise<boolean>;
  pool: pg.Pool | null;
  close(): Promise<void>;
}

const INT8_OID = 20;
const DATE_OID = 1082;
const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;

function logQuery(event: LogEvent): void {
  recordQuery(event.query.sql, event.queryDurationMillis);
}

/** The URL with its password removed, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function openServer(url: string, options: DatabaseOptions): Promise<AppDatabase> {
  const statementTimeout = options.statementTimeoutMs ?? 5000;
  const idleTimeout = options.idleInTransactionTimeoutMs ?? 10_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    // Pool exhaustion or an unreachable server fails fast instead of hanging.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
    // A frozen database frees its requests: past this the query fails (timed-pool.ts).
    query_timeout: queryTimeoutFor(statementTimeout),
    idleTimeoutMillis: 30_000,
    // random_page_cost 1.1: the graph's working set is cached, and the default 4
    // made the planner scan whole tables for keyed batch lookups (BENCHMARKS.md).
    options: `-c statement_timeout=${statementTimeout} -c idle_in_transaction_session_timeout=${idleTimeout} -c random_page_cost=1.1`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID) return toNumber;
        if (oid === DATE_OID) return asIs;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
    ...options.pool,
  });
  // Without a listener, one idle connection killed by the server (restart,
  // pg_terminate_backend) emits 'error' on the pool and crashes the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  // A client checked out of the pool (inside a transaction, say) has no
  // listener of the pool's: when its backend dies mid-query it would emit an
  // unhandled 'error' and end the process. The failing query still rejects.
  pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
  const location = redactUrl(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseStartupError(`Cannot connect to DATABASE_URL ${location}: ${describe(error)}`);
  }
  const db = new Kysely<Database>({
    dialect: tracedDialect(new PostgresDialect({ pool: preparedStatementPool(pool) }), traceStatement),
    log: logQuery,
  });
  return {
    db,
    mode: 'server',
    location,
    pool,
    ping: (timeoutMs = 1000) => pingPool(pool, timeoutMs),
    close: () => db.destroy(),
  };
}

// PGlite is one process's database: a second process opening the same
// directory would corrupt it. A lock file holding the owner's pid refuses
// that, and a stale lock (its process gone) is taken over.
const LOCK_FILE = 'meetup-graph.lock';

async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lock = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new DatabaseStartupError(
          `Data directory ${dir} is in use by process ${owner}: the embedded database serves one process at a time ` +
            '(stop it, or set DATA_DIR to another directory, or use DATABASE_URL).',
        );
      }
      await rm(lock, { force: true });
    }
  }
  throw new DatabaseStartupError(`Data directory ${dir}: could not take its lock file ${LOCK_FILE}`);
}

/** A PGlite client with the extensions and type parsers every embedded database uses. */
export function createEmbeddedClient(
  options: { dataDir?: string; loadDataDir?: Blob; sharedBuffers?: string } = {},
): PGlite {
  return new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, unaccent },
    parsers: { [INT8_OID]: toNumber, [DATE_OID]: asIs },
    postgresqlconf: [`shared_buffers=${options.sharedBuffers ?? '16MB'}`],
  });
}

async function openEmbedded(dataDir: string, options: DatabaseOptions): Promise<AppDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir);
  let state: Awaited<ReturnType<typeof checkDataDir>> = 'new';
  if (!inMemory) {
    try {
      state = await checkDataDir(location);
    } catch (error) {
      if (error instanceof DataDirError) throw new DatabaseStartupError(error.message);
      throw error;
    }
  }
  const unlock = inMemory ? async () => {} : await lockDataDir(location);
  const snapshot = state === 'new' ? (options.initialSnapshot ?? null) : null;
  let client: PGlite;
  try {
    if (snapshot && !inMemory) await unpackSnapshot(snapshot, location, [LOCK_FILE]);
    client = createEmbeddedClient({
      ...(inMemory ? {} : { dataDir: location }),
      ...(snapshot && inMemory ? { loadDataDir: new Blob([await readFile(snapshot)]) } : {}),
      ...(options.sharedBuffers ? { sharedBuffers: options.sharedBuffers } : {}),
    });
    await client.waitReady;
    await keepServedParsers(client);
  } catch (error) {
    await unlock();
    throw new DatabaseStartupError(
      `Embedded database in ${location} could not be opened (${describe(error)}). ` +
        'The directory may be corrupt or from another PGlite version: move it away or set DATA_DIR to start afresh.',
    );
  }
  const db = new Kysely<Database>({ dialect: tracedDialect(new PGliteDialect(client), traceStatement), log: logQuery });
  return {
    db,
    mode: 'embedded',
    location,
    created: state === 'new' ? (snapshot ? 'snapshot' : 'initdb') : null,
    pool: null,
    // PGlite runs in this process: if it answers at all, it is ready.
    ping: async () =>
      client
        .query('select 1')
        .then(() => true)
        .catch(() => false),
    close: async () => {
      await db.destroy();
      await unlock();
    },
  };
}

export function openDatabase(options: DatabaseOptions): Promise<AppDatabase> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options);
  return openEmbedded(options.dataDir ?? '.data', options);
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || error.name;
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}
