import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { serverUrl } from '../helpers/database.ts';
import { type ServerProcess, startServer } from '../helpers/server-process.ts';

// Two real server processes on one fresh PostgreSQL database and the
// machine's Redis, started at the same moment, as a load balancer's pool
// would be.

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl ?? undefined });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** An empty database (no migrations) on the DATABASE_URL server. */
export async function freshDatabase(): Promise<FreshDatabase> {
  const name = `mg_inst_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(serverUrl ?? '');
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function startPair(env: Record<string, string>): Promise<[ServerProcess, ServerProcess]> {
  const common = { SEED_DEMO: 'false', NODE_ENV: 'production', RESPONSE_CACHE: 'true', ...env };
  const [a, b] = await Promise.allSettled([startServer(common, 90_000), startServer(common, 90_000)]);
  if (a.status === 'rejected' || b.status === 'rejected') {
    for (const started of [a, b]) if (started.status === 'fulfilled') started.value.child.kill('SIGKILL');
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }
  return [a.value, b.value];
}

export async function post(
  server: ServerProcess,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ status: number; body: any; cache: string | null }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json(), cache: response.headers.get('x-response-cache') };
}
