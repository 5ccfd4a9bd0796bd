import type { OwnerWindow } from '../db/sql.ts';
import type { Context } from './context.ts';
import { requestLoader } from './loaders.ts';
import { type Page, type PageArgs, pageWindow, toPage } from './pagination.ts';

// Resolving connections: a top-level list (one query for the page, one for
// the count when asked and the page's rows do not carry it) and a nested
// list under many parents at once (one query for all parents' pages, with
// their totals; one for the counts the pages could not carry).

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
  // Rows that carry the total (a window count in the page's statement) spare the count; an
  // empty page has none to carry it.
  const carried = totalOf(rows[0]);
  if (carried !== undefined) total ??= Promise.resolve(carried);
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
  /** Called on every page's rows before they become edges, fetched or primed (e.g. to prime loaders). */
  prepare?: (rows: R[]) => void;
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
  const wanted = windows.filter((w) => w.limit > 0).map((w) => ({ ...w, ...rowsToFetch(w) }));
  const primed = primedPages.get(context);
  const rows: R[] = [];
  const missing: OwnerWindow[] = [];
  for (const window of wanted) {
    const page = primed?.get(pageKey(source.name, window));
    if (page) rows.push(...(page as R[]));
    else missing.push(window);
  }
  if (missing.length > 0) rows.push(...(await source.fetch(missing)));
  source.prepare?.(rows);
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

/** The rows to fetch for a page: one more than it shows, to tell whether another page follows. */
function rowsToFetch(window: { offset: number; limit: number }): { offset: number; limit: number } {
  return { offset: window.offset, limit: window.limit + 1 };
}

// Pages of nested connections that came with their owner's row, per request.
const primedPages = new WeakMap<object, Map<string, readonly unknown[]>>();

function pageKey(name: string, window: OwnerWindow): string {
  return `${name}|${window.ownerId}|${window.offset}|${window.limit}`;
}

/**
 * The rows a nested connection will fetch for `args`, when they are known
 * before its owner's total (`last` without `before` needs it): for an owner's
 * statement that brings the page along. Null when the arguments are invalid
 * (the connection reports that when it resolves) or ask for no rows.
 */
export async function pageToPrefetch(args: PageArgs): Promise<{ offset: number; limit: number } | null> {
  try {
    const window = await pageWindow(args, () => Promise.reject(new Error('the total is not known yet')));
    return window.limit > 0 ? rowsToFetch(window) : null;
  } catch {
    return null;
  }
}

/**
 * Hands the nested connection `name` the rows of `window` (as pageToPrefetch
 * gave it) that came with their owner's row: when it resolves with the same
 * arguments, it takes them instead of a statement of its own.
 */
export function primeNestedPage(context: object, name: string, window: OwnerWindow, rows: readonly unknown[]): void {
  let pages = primedPages.get(context);
  if (!pages) {
    pages = new Map();
    primedPages.set(context, pages);
  }
  pages.set(pageKey(name, window), rows);
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
