import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { floorQuery, typenameBody } from './floor-sql.ts';

// The floor server: a bare node:http handler that answers the benchmarked
// operations with one hand-written SQL statement each (bench/floor-sql.ts),
// passing the JSON text PostgreSQL builds straight to the socket. It takes
// the same request bodies as the service (POST /graphql, JSON with
// operationName and variables) and sets the same x-sql-statements and
// server-timing headers, so the load driver treats both alike.
//
// Environment: PORT, and DATABASE_URL (pg Pool of 10, like the service) or
// DATA_DIR (embedded PGlite; give it its own copy of the data directory,
// PGlite opens a directory from one process only).

type Run = (text: string, values: unknown[]) => Promise<string>;

async function openRunner(): Promise<{ run: Run; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2000 });
    pool.on('error', () => {});
    return {
      run: async (text, values) => {
        const result = await pool.query<{ body: string }>(text, values);
        return result.rows[0]?.body ?? 'null';
      },
      close: () => pool.end(),
    };
  }
  const dir = process.env.DATA_DIR?.trim();
  if (!dir) throw new Error('floor server: set DATABASE_URL or DATA_DIR');
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm, unaccent } });
  await client.waitReady;
  return {
    run: async (text, values) => {
      const result = await client.query<{ body: string }>(text, values);
      return result.rows[0]?.body ?? 'null';
    },
    close: () => client.close(),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, statements: number, dbMs: number): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-sql-statements': String(statements),
    'server-timing': `db;dur=${dbMs.toFixed(1)}`,
  });
  res.end(body);
}

async function main(): Promise<void> {
  const runner = await openRunner();
  const server = createServer(async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/health') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (req.method !== 'POST' || !req.url?.startsWith('/graphql')) {
        send(res, 404, '{"errors":[{"message":"not found"}]}', 0, 0);
        return;
      }
      const request = JSON.parse(await readBody(req)) as {
        operationName?: string;
        query?: string;
        variables?: Record<string, unknown>;
      };
      const statement = floorQuery(request.operationName ?? '', request.query ?? '', request.variables ?? {});
      if (!statement) {
        send(res, 200, typenameBody(), 0, 0);
        return;
      }
      const started = performance.now();
      const data = await runner.run(statement.text, statement.values);
      send(res, 200, data, 1, performance.now() - started);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      send(res, 500, JSON.stringify({ errors: [{ message: `floor: ${message}` }] }), 0, 0);
    }
  });
  server.keepAliveTimeout = 65_000;
  const port = Number(process.env.PORT ?? 4100);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () => {
    server.close(() => {
      runner.close().finally(() => process.exit(0));
    });
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`floor server failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
