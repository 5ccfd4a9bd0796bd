import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from './data-dir.ts';

// While the embedded server runs it owns its data directory (PGlite serves
// one process). It says where it listens, and with which local token the
// importer CLI may send it posts, in a file of that directory that only its
// user can read; the file goes when the server stops.

export const SERVER_FILE = 'meetup-graph.server.json';

export interface RunningServer {
  pid: number;
  /** Base URL on the loopback interface, e.g. http://127.0.0.1:4000. */
  url: string;
  token: string;
}

export async function announceServer(dataDir: string, server: RunningServer): Promise<() => Promise<void>> {
  const file = join(dataDir, SERVER_FILE);
  await writeFile(file, `${JSON.stringify(server)}\n`, { mode: 0o600 });
  return () => rm(file, { force: true });
}

/** The server that owns `dataDir` now, or null when none runs there (a stale file is ignored). */
export async function findRunningServer(dataDir: string): Promise<RunningServer | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, SERVER_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const server = JSON.parse(text) as RunningServer;
    return typeof server.pid === 'number' && processAlive(server.pid) && server.url && server.token ? server : null;
  } catch {
    return null;
  }
}
