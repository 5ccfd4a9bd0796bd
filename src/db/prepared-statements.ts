import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

// Named prepared statements: every distinct statement text gets a name, so
// each connection parses and plans it once and afterwards sends only its
// parameters. Statement texts do not depend on the data (key lists travel
// as one array parameter, see anyId), so their number is bounded by the
// code; past MAX_NAMED distinct texts (a safeguard, not expected) the rest
// run unnamed, as before.

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
      const query = async <R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
        const name = nameOf(text);
        const config = { text, values: [...values], ...(name === undefined ? {} : { name }) };
        const result = await client.query<R & pg.QueryResultRow>(config);
        return {
          command: result.command as PostgresQueryResult<R>['command'],
          rowCount: result.rowCount ?? 0,
          rows: result.rows,
        };
      };
      const wrapped: PostgresPoolClient = {
        query: query as PostgresPoolClient['query'],
        release: () => client.release(),
      };
      return wrapped;
    },
    end: () => pool.end(),
  };
}
