import DataLoader from 'dataloader';

// Per-request DataLoaders for lookups that are not a Pothos loadable type
// (counts, pages of nested connections). They live on the request's context
// object, so nothing is cached across requests.

const loadersByContext = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();

export function requestLoader<K, V>(
  context: object,
  name: string,
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  cacheKey?: (key: K) => K,
): DataLoader<K, V> {
  let loaders = loadersByContext.get(context);
  if (!loaders) {
    loaders = new Map();
    loadersByContext.set(context, loaders);
  }
  let loader = loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, cacheKey ? { cacheKeyFn: cacheKey } : {});
    loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/**
 * Rows that came with another statement (a 1:1 edge joined in) put into a
 * loadable type's per-request loader, so resolving the edge runs no
 * statement. Null rows are skipped.
 */
export function primeLoader<T extends { id: number }>(
  loader: Pick<DataLoader<number, T>, 'prime'>,
  rows: Iterable<T | null | undefined>,
): void {
  for (const row of rows) if (row) loader.prime(row.id, row);
}

/** Rows grouped under each key, by value; every key gets a list (maybe empty). */
export function groupByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * A per-request loader of each key's list of rows, one statement per batch
 * (`load` returns the rows of all keys; `keyOf` says whose each row is): for
 * 1:n lists that did not come with their parent's row.
 */
export function groupLoader<R>(
  context: object,
  name: string,
  load: (keys: readonly number[]) => Promise<readonly R[]>,
  keyOf: (row: R) => number,
): DataLoader<number, R[]> {
  return requestLoader(context, name, async (keys: readonly number[]) => groupByKey(keys, await load(keys), keyOf));
}
