import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';

// A private PostgreSQL cluster for fault tests: initdb + pg_ctl from the
// machine's PostgreSQL binaries, in a temp directory, on a free loopback
// port, trust auth, fsync off. Tests may stop, restart and kill its backends
// at will; nothing else on the machine is touched. Where no binaries exist
// (or, running as root, no `postgres` OS user to run them as), `pgClusterSkipReason`
// says why, for describe.skipIf.

export interface PgCluster {
  /** postgres:// URL of the cluster's test database (user postgres, trust auth). */
  url: string;
  port: number;
  /** The test database's name. */
  database: string;
  /** Temp directory holding the data directory, the socket and the server log. */
  dir: string;
  /** Stops the server (`-m fast` by default: backends are terminated, the server shuts down cleanly). */
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Starts the server again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** Whether the server is up (`pg_ctl status`). */
  isRunning(): Promise<boolean>;
  /**
   * pg_terminate_backend on the test database's client backends, except the
   * admin connection doing it; `where` narrows the selection with an SQL
   * condition over pg_stat_activity. Returns the terminated pids.
   */
  terminateBackends(where?: string): Promise<number[]>;
  /** One statement on a short-lived admin connection to the test database. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A held admin connection (for locks); its errors are swallowed, so a restart cannot crash the test. */
  connect(): Promise<pg.Client>;
  /** The server log so far. */
  log(): string;
  /** Stops the server (`-m immediate`) and removes the temp directory. Safe to call twice. */
  destroy(): Promise<void>;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function findBinDir(): string | null {
  const candidates: string[] = [];
  try {
    const fromConfig = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    candidates.push(fromConfig.trim());
  } catch {
    // no pg_config on PATH
  }
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // no Debian-style installation
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

function postgresUserExists(): boolean {
  return spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status === 0;
}

export const pgBinDir = findBinDir();

/** C.UTF-8 where the machine has it (as production would), else plain C. */
const LOCALE = /^c\.utf-?8$/im.test(spawnSync('locale', ['-a'], { encoding: 'utf8' }).stdout ?? '') ? 'C.UTF-8' : 'C';

/** Why the cluster cannot run here, or null when it can. */
export const pgClusterSkipReason: string | null = !pgBinDir
  ? 'no PostgreSQL binaries found (neither `pg_config --bindir` nor /usr/lib/postgresql/*/bin has initdb and pg_ctl)'
  : isRoot && !postgresUserExists()
    ? 'running as root and there is no `postgres` OS user to run initdb/pg_ctl as (initdb refuses root)'
    : null;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a PostgreSQL binary (as the postgres OS user when we are root), bounded in time. */
function runPg(binary: string, args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  if (!pgBinDir) throw new Error(pgClusterSkipReason ?? 'no PostgreSQL binaries');
  const path = join(pgBinDir, binary);
  const [command, commandArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  // A clean environment: no PG* variables of the caller leak into the cluster.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: LOCALE, LC_ALL: LOCALE, HOME: cwd };
  return new Promise((resolve, reject) => {
    // stdin/stdout/stderr are not inherited by the postmaster (pg_ctl -l sends them to the log file).
    const child = spawn(command, commandArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function runPgOrThrow(binary: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  const result = await runPg(binary, args, cwd, timeoutMs);
  if (result.code !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed (exit ${result.code}): ${result.stderr || result.stdout}`);
  }
}

/** Creates, starts and returns a private cluster with an empty database `meetup_faults`. */
export async function startPgCluster(): Promise<PgCluster> {
  if (pgClusterSkipReason) throw new Error(pgClusterSkipReason);
  const dir = mkdtempSync('/tmp/meetup-graph-pg-');
  if (isRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(owner), Number(group));
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const database = 'meetup_faults';
  let port = 0;
  let destroyed = false;

  const serverOptions = () => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (args: string[], timeoutMs = 60_000) =>
    runPgOrThrow('pg_ctl', ['-D', dataDir, ...args], dir, timeoutMs);
  const start = async () => {
    await pgCtl(['start', '-w', '-t', '60', '-l', logFile, '-o', serverOptions()]);
  };
  const stop = async (mode: 'smart' | 'fast' | 'immediate' = 'fast') => {
    await pgCtl(['stop', '-w', '-t', '60', '-m', mode]);
  };
  // A worker that dies without running its hooks still takes its cluster down.
  const onExit = () => {
    if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
    spawnSync(isRoot ? 'runuser' : join(pgBinDir ?? '', 'pg_ctl'), [
      ...(isRoot ? ['-u', 'postgres', '--', join(pgBinDir ?? '', 'pg_ctl')] : []),
      ...['-D', dataDir, 'stop', '-m', 'immediate', '-w', '-t', '10'],
    ]);
    rmSync(dir, { recursive: true, force: true });
  };
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', onExit);
    try {
      if (existsSync(join(dataDir, 'postmaster.pid'))) {
        await runPg('pg_ctl', ['-D', dataDir, 'stop', '-w', '-t', '30', '-m', 'immediate'], dir, 40_000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    await runPgOrThrow(
      'initdb',
      ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', `--locale=${LOCALE}`, '--no-sync'],
      dir,
      120_000,
    );
    port = await freePort();
    process.on('exit', onExit);
    await start();
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    admin.on('error', () => {});
    await admin.connect();
    try {
      await admin.query(`create database ${database}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await destroy();
    throw error;
  }

  const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, application_name: 'pg-cluster-admin' });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const query = async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
    const client = await connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end().catch(() => {});
    }
  };

  return {
    url,
    port,
    database,
    dir,
    stop,
    start,
    restart: () => pgCtl(['restart', '-w', '-t', '60', '-m', 'fast', '-l', logFile, '-o', serverOptions()]),
    isRunning: async () => (await runPg('pg_ctl', ['-D', dataDir, 'status'], dir, 30_000)).code === 0,
    terminateBackends: async (where = 'true') => {
      // Materialized first, so pg_terminate_backend only ever sees the selected pids.
      const rows = await query<{ pid: number; terminated: boolean }>(
        `with target as materialized (
           select pid from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend'
              and pid <> pg_backend_pid() and application_name <> 'pg-cluster-admin' and (${where}))
         select pid, pg_terminate_backend(pid) as terminated from target`,
      );
      return rows.filter((row) => row.terminated).map((row) => row.pid);
    },
    query,
    connect,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    destroy,
  };
}
