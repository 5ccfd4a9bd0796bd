import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { isBrokenConnection } from './errors.ts';

// Named prepared statements: every distinct statement text gets a name, so
// each connection parses and plans it once and afterwards sends only its
// parameters. Statement texts do not depend on the data (key lists travel
// as one array parameter, see anyId), so their number is bounded by the
// code; past MAX_NAMED distinct texts (a safeguard, not expected) the rest
// run unnamed, as before. A connection whose query failed because the
// connection broke (timed out, lost) is destroyed on release rather than
// handed to the next request (see timed-pool.ts).

const MAX_NAMED = 2000;

export function preparedStatementPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `s${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      let broken: Error | undefined;
      const query = async <R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
        const name = nameOf(text);
        const config = { text, values: [...values], ...(name === undefined ? {} : { name }) };
        let result: pg.QueryResult<R & pg.QueryResultRow>;
        try {
          result = await client.query<R & pg.QueryResultRow>(config);
        } catch (error) {
          if (isBrokenConnection(error)) broken = error as Error;
          throw error;
        }
        return {
          command: result.command as PostgresQueryResult<R>['command'],
          rowCount: result.rowCount ?? 0,
          rows: result.rows,
        };
      };
      const wrapped: PostgresPoolClient = {
        query: query as PostgresPoolClient['query'],
        release: () => client.release(broken),
      };
      return wrapped;
    },
    end: () => pool.end(),
  };
}
