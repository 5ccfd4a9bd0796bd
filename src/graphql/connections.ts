import type { OwnerWindow } from '../db/sql.ts';
import type { Context } from './context.ts';
import { requestLoader } from './loaders.ts';
import { type Page, type PageArgs, pageWindow, toPage } from './pagination.ts';

// Resolving connections: a top-level list (one query for the page, one for
// the count when asked) and a nested list under many parents at once (one
// query for all parents' pages, one for all their counts).

export interface ConnectionResult<N, E extends object = object> extends Page<N, E> {
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

interface NestedRows<R> {
  /** Cache name for the per-request count loader (one per relation). */
  name: string;
  /** Rows per owner; owners without rows may be absent. */
  counts: (ownerIds: readonly number[]) => Promise<Map<number, number>>;
  /** Rows for every owner's window (limit + 1 each), in one statement. */
  fetch: (windows: readonly OwnerWindow[]) => Promise<R[]>;
  ownerOf: (row: R) => number;
}

/** Rows that are their edges' nodes. */
interface NodeRows<R> extends NestedRows<R> {
  edge?: undefined;
}

/** Rows that make edges with fields of their own. */
interface EdgeRows<R, N, E extends object> extends NestedRows<R> {
  /** The edge of a row: its node and the edge type's own fields. */
  edge: (row: R) => { node: N } & E;
}

export type NestedConnectionSource<R, N = R, E extends object = object> = NodeRows<R> | EdgeRows<R, N, E>;

/**
 * Pages of one relation for many parents with the same arguments: called
 * from a `byPath` loadable field, so `ownerIds` is every parent at that path.
 */
async function resolveNestedConnections<R, N, E extends object>(
  context: object,
  ownerIds: readonly number[],
  args: PageArgs,
  source: NestedConnectionSource<R, N, E>,
): Promise<ConnectionResult<R | N, E | object>[]> {
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
  return windows.map((window) => {
    const rowsOf = byOwner.get(window.ownerId) ?? [];
    const page = source.edge ? toPage(window, rowsOf, source.edge) : toPage(window, rowsOf);
    return { ...page, totalCount: () => counter.load(window.ownerId) };
  });
}

type NestedLoad<A, N, E extends object> = (
  ownerIds: number[],
  context: Context,
  args: A,
) => Promise<ConnectionResult<N, E>[]>;

/**
 * The `load` of a nested connection field (`t.loadable` with `byPath: true`,
 * resolving the parent to its id): every parent's page of the relation
 * `source` describes, in one statement for the rows and at most one for the
 * counts, whatever the number of parents.
 */
export function nestedConnection<A extends PageArgs, R, N, E extends object>(
  source: (context: Context, args: A) => EdgeRows<R, N, E>,
): NestedLoad<A, N, E>;
export function nestedConnection<A extends PageArgs, R>(
  source: (context: Context, args: A) => NodeRows<R>,
): NestedLoad<A, R, object>;
export function nestedConnection<A extends PageArgs, R, N, E extends object>(
  source: (context: Context, args: A) => NestedConnectionSource<R, N, E>,
): NestedLoad<A, R | N, E | object> {
  return (ownerIds, context, args) => resolveNestedConnections(context, ownerIds, args, source(context, args));
}
