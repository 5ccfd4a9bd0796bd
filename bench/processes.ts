import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { projectRoot } from './operations.ts';

// Starting and stopping the processes a benchmark measures (each by its own
// PID, never by name), and reading their CPU time and memory from /proc.

export interface Served {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process wrote, for error messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A free TCP port on loopback (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, the process exits, or the timeout passes. */
export async function waitFor(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface StartOptions {
  name: string;
  script: string;
  /** The Node binary (default: the one running the harness, with tsx). */
  node?: string;
  /** Working directory (default: the project root). */
  cwd?: string;
  env: Record<string, string | undefined>;
  /** Flags for Node before the script (with tsx: before `--import tsx`). */
  nodeFlags?: string[];
  readyPath?: string;
  timeoutMs?: number;
}

const started = new Set<Served>();

export async function startProcess(options: StartOptions): Promise<Served> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env, PORT: String(port) })) {
    if (value !== undefined) env[key] = value;
  }
  const command = options.node ?? process.execPath;
  const flags = options.nodeFlags ?? [];
  const args = options.node ? [...flags, options.script] : [...flags, '--import', 'tsx', options.script];
  const child = spawn(command, args, {
    cwd: options.cwd ?? projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.script}`);
  const served: Served = {
    name: options.name,
    child,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      started.delete(served);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  started.add(served);
  try {
    await waitFor(`${served.url}${options.readyPath ?? '/health'}`, child, options.timeoutMs ?? 120_000, served.output);
  } catch (error) {
    await served.stop();
    throw error;
  }
  return served;
}

/** Stops every process this module started and has not stopped yet (on errors and signals). */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((s) => s.stop()));
}

export type DatabaseEnv = { DATABASE_URL: string } | { DATA_DIR: string };

function databaseEnv(db: DatabaseEnv): Record<string, string | undefined> {
  return 'DATABASE_URL' in db
    ? { DATABASE_URL: db.DATABASE_URL, DATA_DIR: undefined }
    : { DATA_DIR: db.DATA_DIR, DATABASE_URL: undefined };
}

/** The Node flags of `npm start` (package.json), so that the service is measured as production runs it. */
export function startNodeFlags(root = projectRoot()): string[] {
  const scripts = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).scripts as Record<string, string>;
  const command = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s/.exec(scripts.start ?? '');
  return command?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

/**
 * The service as production runs it: `node --import tsx src/server.ts` with
 * `npm start`'s Node flags and NODE_ENV=production (graphql-js and Yoga skip
 * their development checks).
 * `root` runs another checkout's service (its src/ and node_modules).
 */
export function startService(
  db: DatabaseEnv,
  name = 'service',
  extraEnv: Record<string, string> = {},
  root?: string,
): Promise<Served> {
  return startProcess({
    name,
    script: 'src/server.ts',
    nodeFlags: startNodeFlags(root),
    ...(root ? { cwd: root } : {}),
    env: {
      ...databaseEnv(db),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      HOST: '127.0.0.1',
      ...extraEnv,
    },
  });
}

export function startFloor(db: DatabaseEnv, name = 'floor'): Promise<Served> {
  return startProcess({ name, script: 'bench/floor-server.ts', env: databaseEnv(db) });
}

let clockTicks = 0;
function ticksPerSecond(): number {
  if (!clockTicks) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time of a process so far, in milliseconds (utime + stime of /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond();
}

/** Current and peak resident set size in MiB (VmRSS, VmHWM of /proc/<pid>/status). */
export function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
