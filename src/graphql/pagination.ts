import { badUserInput, clip } from './errors.ts';

// Offset pagination behind opaque cursors, shared by every connection.
// Bounds are checked here, at resolve time, so they hold whether `first`
// came as a literal or as a variable.

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Rows `offset .. offset + limit - 1` of the ordered list. */
export interface PageWindow {
  offset: number;
  limit: number;
  /** The window was cut by `before` or `last`: rows after it exist. */
  boundedAbove: boolean;
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string, argument: 'after' | 'before'): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !/^\d{1,9}$/.test(text.slice(CURSOR_PREFIX.length)) || offset < 0) {
    throw badUserInput(
      `Argument "${argument}" is not a cursor returned by this API: ${clip(JSON.stringify(cursor))}`,
      argument,
    );
  }
  return offset;
}

function checkSize(value: number | null | undefined, argument: 'first' | 'last'): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`Argument "${argument}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`, argument);
  }
  return value;
}

/** Validates the arguments; throws a BAD_USER_INPUT GraphQLError naming the argument. */
export function checkPageArgs(args: PageArgs): void {
  checkSize(args.first, 'first');
  checkSize(args.last, 'last');
  if (args.first != null && args.last != null) throw badUserInput('Pass "first" or "last", not both', 'last');
  if (args.after != null) decodeCursor(args.after, 'after');
  if (args.before != null) decodeCursor(args.before, 'before');
}

/**
 * Turns connection arguments into a window of rows. `last` without `before`
 * needs the total, so it is asked for only then.
 */
export async function pageWindow(args: PageArgs, total: () => Promise<number>): Promise<PageWindow> {
  checkPageArgs(args);
  const start = args.after != null ? decodeCursor(args.after, 'after') + 1 : 0;
  const before = args.before != null ? decodeCursor(args.before, 'before') : null;
  if (args.last != null) {
    const end = before ?? (await total());
    const from = Math.max(start, end - args.last);
    return { offset: from, limit: Math.max(0, end - from), boundedAbove: before !== null };
  }
  const size = args.first ?? DEFAULT_PAGE_SIZE;
  const limit = before === null ? size : Math.max(0, Math.min(size, before - start));
  return { offset: start, limit, boundedAbove: before !== null && start + size >= before };
}

/** An edge: its cursor, its node and the fields the edge type adds. */
export type Edge<N, E extends object = object> = { cursor: string; node: N } & E;

export interface Page<N, E extends object = object> {
  edges: Edge<N, E>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Builds a connection page from rows fetched for `window` with one extra row
 * (limit + 1) so hasNextPage needs no count. Each row is its edge's node,
 * unless `edge` makes the edge of a row: its node and the edge's own fields.
 */
export function toPage<R>(window: PageWindow, rows: readonly R[]): Page<R>;
export function toPage<R, N, E extends object>(
  window: PageWindow,
  rows: readonly R[],
  edge: (row: R) => { node: N } & E,
): Page<N, E>;
export function toPage<R>(
  window: PageWindow,
  rows: readonly R[],
  edge: (row: R) => { node: unknown } = (row) => ({ node: row }),
): Page<unknown> {
  const pageRows = rows.slice(0, window.limit);
  const edges = pageRows.map((row, i) => ({ ...edge(row), cursor: encodeCursor(window.offset + i) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > window.limit || window.boundedAbove,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
