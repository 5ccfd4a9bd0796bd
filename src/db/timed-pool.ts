import type pg from 'pg';

// Client-side limits on a frozen or vanished database. Every query has a
// read timeout a little above statement_timeout (the server cancels a slow
// statement first; only a database that stopped answering reaches it), and
// a connection whose query failed that way is destroyed on release rather
// than handed to the next request still waiting for its old answer (the
// pool wrapper that does so is preparedStatementPool, prepared-statements.ts).

/** How much longer than statement_timeout the client waits for an answer. */
export const QUERY_TIMEOUT_MARGIN_MS = 1000;

/**
 * The client's read timeout for a statement_timeout. 0 means no statement
 * timeout in PostgreSQL, so the client does not time reads out either (bulk
 * work such as seeding a benchmark database asks for this).
 */
export function queryTimeoutFor(statementTimeoutMs: number): number {
  if (statementTimeoutMs === 0) return 0;
  return statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS;
}

/**
 * `select 1` within timeoutMs, on a connection of its own: a connection that
 * does not answer in time is destroyed, so probes of a frozen database never
 * drain the pool.
 */
export async function pingPool(pool: pg.Pool, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const connecting = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  let client: pg.PoolClient | null;
  try {
    client = await Promise.race([connecting, timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
  if (!client) {
    // Connected after all, too late: give it back.
    connecting.then(
      (late) => late.release(),
      () => {},
    );
    return false;
  }
  try {
    await client.query({ text: 'select 1', query_timeout: Math.max(1, deadline - Date.now()) } as pg.QueryConfig);
    client.release();
    return true;
  } catch (error) {
    client.release(error as Error);
    return false;
  }
}
