import type { OwnerWindow } from '../db/sql.ts';
import { requestLoader } from './loaders.ts';
import { type PageArgs, pageWindow, toPage } from './pagination.ts';

// Resolving connections: a top-level list (one query for the page, one for
// the count when asked) and a nested list under many parents at once (one
// query for all parents' pages, one for all their counts).

export interface ConnectionResult<T, E extends object = object> {
  edges: ({ cursor: string; node: T } & E)[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export async function resolveConnection<T>(
  args: PageArgs,
  fetch: (offset: number, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<ConnectionResult<T>> {
  let total: Promise<number> | undefined;
  const totalCount = () => {
    total ??= count();
    return total;
  };
  const window = await pageWindow(args, totalCount);
  const rows = window.limit === 0 ? [] : await fetch(window.offset, window.limit + 1);
  return { ...toPage(window, rows), totalCount };
}

function totalOf(row: unknown): number | undefined {
  const total = (row as { total_count?: unknown } | undefined)?.total_count;
  return typeof total === 'number' ? total : undefined;
}

export interface NestedConnectionSource<R, E extends object> {
  /** Cache name for the per-request count loader (one per relation). */
  name: string;
  counts: (ownerIds: readonly number[]) => Promise<Map<number, number>>;
  /** Rows for every owner's window (limit + 1 each), in one statement. */
  fetch: (windows: readonly OwnerWindow[]) => Promise<R[]>;
  ownerOf: (row: R) => number;
  edge?: (row: R) => E;
}

/**
 * Pages of one relation for many parents with the same arguments: called
 * from a `byPath` loadable field, so `ownerIds` is every parent at that path.
 */
export async function resolveNestedConnections<R, E extends object = object>(
  context: object,
  ownerIds: readonly number[],
  args: PageArgs,
  source: NestedConnectionSource<R, E>,
): Promise<ConnectionResult<R, E>[]> {
  const counter = requestLoader<number, number>(context, `count:${source.name}`, async (ids) => {
    const counts = await source.counts(ids);
    return ids.map((id) => counts.get(id) ?? 0);
  });
  const windows = await Promise.all(
    ownerIds.map(async (ownerId) => ({ ownerId, ...(await pageWindow(args, () => counter.load(ownerId))) })),
  );
  const wanted = windows.filter((w) => w.limit > 0).map((w) => ({ ...w, limit: w.limit + 1 }));
  const rows = wanted.length === 0 ? [] : await source.fetch(wanted);
  const byOwner = new Map<number, R[]>();
  for (const row of rows) {
    const owner = source.ownerOf(row);
    const list = byOwner.get(owner);
    if (list) list.push(row);
    else byOwner.set(owner, [row]);
  }
  // Totals that came with the page (pagedByOwner's total_count) spare the
  // count statement; an owner whose first page is empty has none.
  for (const window of wanted) {
    const first = byOwner.get(window.ownerId)?.[0];
    const total = totalOf(first);
    if (total !== undefined) counter.prime(window.ownerId, total);
    else if (!first && window.offset === 0) counter.prime(window.ownerId, 0);
  }
  return windows.map((window) => ({
    ...toPage(window, byOwner.get(window.ownerId) ?? [], source.edge),
    totalCount: () => counter.load(window.ownerId),
  }));
}
