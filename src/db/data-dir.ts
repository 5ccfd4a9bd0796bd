import { constants } from 'node:fs';
import { access, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Checks on the embedded database's directory, made before PGlite touches
// it: a user who points DATA_DIR somewhere wrong hears so at once, in one
// line, instead of watching a hang or finding a database written among
// their own files.

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** What a directory holds, as far as the embedded database is concerned. */
export type DataDirState = 'new' | 'database' | 'foreign';

/** Files PGlite and this project leave in a data directory; anything else is the user's. */
const OURS = new Set(['PG_VERSION', 'meetup-graph.lock', 'meetup-graph.server.json', 'lost+found']);

const CHECK_DEADLINE_MS = 2000;

/** Whether a process with this pid exists (one we may not signal counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/**
 * Creates the directory one level at a time from its nearest existing
 * ancestor. Node's recursive mkdir loops forever where a parent refuses
 * new entries with ENOENT (anything under /proc, for one).
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(current);
      if (parent === current) throw error;
      missing.unshift(current);
      current = parent;
    }
  }
  for (const path of missing) await mkdir(path);
}

async function inspect(dir: string): Promise<DataDirState> {
  await makeDirectory(dir);
  await access(dir, constants.W_OK);
  const probe = join(dir, `.write-probe-${process.pid}`);
  await writeFile(probe, '');
  await rm(probe);
  const entries = (await readdir(dir)).filter((name) => !name.startsWith('.write-probe-'));
  if (entries.length === 0) return 'new';
  if (entries.includes('PG_VERSION')) return 'database';
  return entries.every((name) => OURS.has(name)) ? 'new' : 'foreign';
}

/**
 * Makes sure `dir` can hold the embedded database and says whether one is
 * there. Fails within about two seconds, naming the directory and the cause.
 */
export async function checkDataDir(dir: string): Promise<DataDirState> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DataDirError(`Data directory ${dir} did not answer within ${CHECK_DEADLINE_MS / 1000} s`)),
      CHECK_DEADLINE_MS,
    );
    timer.unref();
  });
  let state: DataDirState;
  try {
    state = await Promise.race([inspect(dir), deadline]);
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    throw new DataDirError(`Data directory ${dir} is not writable: ${reason(error)}`);
  } finally {
    clearTimeout(timer);
  }
  if (state === 'foreign') {
    throw new DataDirError(
      `Data directory ${dir} holds other files and no meetup-graph database; ` +
        'set DATA_DIR to a new or empty directory (the default is .data).',
    );
  }
  return state;
}
