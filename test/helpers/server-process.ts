import { type ChildProcess, spawn } from 'node:child_process';

// Runs src/server.ts as a real process (the way `npm start` does) for
// start-up and shutdown tests.

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** The sources through tsx (default), or the compiled build as `npm start` runs it. */
export type ServerBuild = 'source' | 'compiled';

const COMMAND: Record<ServerBuild, string[]> = {
  source: ['--import', 'tsx', 'src/server.ts'],
  compiled: ['dist/src/bundle/server.mjs'],
};

export function runServer(
  env: Record<string, string | undefined>,
  build: ServerBuild = 'source',
): {
  child: ChildProcess;
  exit: Promise<number | null>;
  output: () => { stdout: string; stderr: string };
} {
  const child = spawn(process.execPath, COMMAND[build], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, output: () => ({ stdout, stderr }) };
}

/** Starts the server and waits until it logs that it listens. */
export async function startServer(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  build: ServerBuild = 'source',
): Promise<ServerProcess> {
  const run = runServer(env, build);
  const started = Date.now();
  for (;;) {
    const ready = run
      .output()
      .stdout.split('\n')
      .find((line) => line.includes('"port"') && line.includes('ready'));
    if (ready) {
      const port = (JSON.parse(ready) as { port: number }).port;
      return {
        child: run.child,
        port,
        stdout: () => run.output().stdout,
        stderr: () => run.output().stderr,
        exit: run.exit,
      };
    }
    if (run.child.exitCode !== null) throw new Error(`server exited early: ${run.output().stderr}`);
    if (Date.now() - started > timeoutMs) {
      run.child.kill('SIGKILL');
      throw new Error(`server did not start: ${run.output().stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
