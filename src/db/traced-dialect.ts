import type { DatabaseConnection, Dialect, Driver } from 'kysely';

// Every statement a Kysely instance runs passes `before` as it is sent, in
// the async context of whoever runs it: what a request has begun to read
// is known while its statements are still under way (Kysely's log hears of
// a statement only once it has finished).

const TRACED = Symbol('traced');

type TracedConnection = DatabaseConnection & { [TRACED]?: true };

function traceConnection(connection: TracedConnection, before: (sql: string) => void): DatabaseConnection {
  if (connection[TRACED]) return connection;
  const execute = connection.executeQuery.bind(connection);
  const stream = connection.streamQuery.bind(connection);
  connection.executeQuery = (query) => {
    before(query.sql);
    return execute(query);
  };
  connection.streamQuery = (query, chunkSize) => {
    before(query.sql);
    return stream(query, chunkSize);
  };
  connection[TRACED] = true;
  return connection;
}

/**
 * The driver with each connection it hands out traced. The connection stays
 * the driver's own object (its transactions and release take it back as
 * is); only its executeQuery is wrapped, once.
 */
function tracedDriver(driver: Driver, before: (sql: string) => void): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => traceConnection(await acquire(), before);
  return driver;
}

export function tracedDialect(inner: Dialect, before: (sql: string) => void): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => tracedDriver(inner.createDriver(), before),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
