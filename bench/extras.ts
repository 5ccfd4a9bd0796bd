import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './operations.ts';
import { freePort } from './processes.ts';

// Embedded-mode figures that are not request throughput: the importer's
// posts per second on the corpus, and the time from `npm start` to the first
// answered request on an empty data directory (cold) and on the same
// directory again (warm).

function npmEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'DATABASE_URL' && key !== 'DATA_DIR' && key !== 'PORT') env[key] = value;
  }
  return { ...env, ...extra };
}

export interface ImportTiming {
  posts: number;
  failed: number;
  /** What the importer itself reports (parse, resolve, write; no start-up). */
  seconds: number;
  postsPerSecond: number;
  /** Wall time of the whole command, npm and migrations included. */
  wallSeconds: number;
}

/** `npm run import -- --json <corpus>` into a fresh DATA_DIR. */
export async function timeImport(corpus: string): Promise<ImportTiming> {
  const dir = await mkdtemp(join(tmpdir(), 'mg-bench-import-'));
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = spawn('npm', ['run', '--silent', 'import', '--', '--json', corpus], {
          cwd: projectRoot(),
          env: npmEnv({ DATA_DIR: dir }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk;
        });
        child.stderr.on('data', (chunk: Buffer) => {
          err += chunk;
        });
        child.on('exit', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
      },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const start = stdout.indexOf('{');
    if (start < 0) throw new Error(`import printed no JSON report (exit ${code}): ${stderr.slice(-500)}`);
    const report = JSON.parse(stdout.slice(start)) as { posts: unknown[]; failed: number; seconds: number };
    return {
      posts: report.posts.length,
      failed: report.failed,
      seconds: report.seconds,
      postsPerSecond: report.posts.length / report.seconds,
      wallSeconds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Spawns `npm start` in its own process group; resolves with ms until `{ __typename }` is answered. */
async function startOnce(dir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: projectRoot(),
    env: npmEnv({ DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('npm start did not start');
  // npm, its shell and tsx's node form one group: signal the group we created.
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}): ${stderr}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
          signal: AbortSignal.timeout(1000),
        });
        if (response.ok && (await response.text()).includes('"Query"')) return performance.now() - started;
      } catch {
        // not up yet
      }
      if (performance.now() - started > 120_000) throw new Error(`npm start: no answer in 120 s: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
    await exited;
    // npm may exit before the server it started: wait until the whole group is gone.
    for (let i = 0; i < 400 && groupAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    clearTimeout(timer);
  }
}

export interface StartupTiming {
  coldMs: number[];
  warmMs: number[];
}

/** Cold: empty data directory (migrations and the demo graph included); warm: the same directory again. */
export async function timeStartup(repeats = 2): Promise<StartupTiming> {
  const timing: StartupTiming = { coldMs: [], warmMs: [] };
  for (let i = 0; i < repeats; i += 1) {
    const dir = await mkdtemp(join(tmpdir(), 'mg-bench-start-'));
    try {
      timing.coldMs.push(await startOnce(dir));
      timing.warmMs.push(await startOnce(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return timing;
}
