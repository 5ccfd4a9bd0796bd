import { newQueryStats, type QueryStats, withQueryStats } from '../../src/db/query-counter.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** SQL statements this request ran. */
  stats: QueryStats;
}

export interface TestApp {
  database: TestDatabase;
  yoga: ReturnType<typeof createYogaApp>;
  /** POSTs one operation through yoga.fetch (real HTTP handling, no server socket). */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    operationName?: string,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** The same, with `Authorization: Bearer <token>`. */
  gqlAs<T = Record<string, any>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const yoga = createYogaApp({ db: database.db, ping: database.ping, logging: false });
  const app: TestApp = {
    database,
    yoga,
    async gql(query, variables, operationName, headers = {}) {
      const stats = newQueryStats();
      const response = await withQueryStats(stats, () =>
        yoga.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          body: JSON.stringify({ query, variables, operationName }),
        }),
      );
      const body = (await response.json()) as { data?: any; errors?: GraphQLResponse['errors'] };
      return { status: response.status, data: body.data ?? null, errors: body.errors, stats };
    },
    gqlAs: (token, query, variables) => app.gql(query, variables, undefined, { authorization: `Bearer ${token}` }),
    close: () => database.close(),
  };
  return app;
}
