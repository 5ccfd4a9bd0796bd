import type { GraphQLField } from 'graphql';

// Every list of objects in the schema declares how long it can be, so the
// cost estimate is an upper bound, not a guess. A bound is a number (a limit
// the writes enforce, or one the resolver applies) or a function of the
// field's arguments (a timeline's range, the ids given to `nodes`). The
// estimator refuses an operation that selects a list without one.

export type ListBound = number | ((args: Record<string, unknown>) => number);

const KEY = 'maxItems';

/** Field extensions declaring a list's largest possible length. */
export function maxItems(bound: ListBound): { maxItems: ListBound } {
  return { [KEY]: bound } as { maxItems: ListBound };
}

/** The declared bound of a list field for these arguments, or undefined when it declares none. */
export function listBoundOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  const bound = (field.extensions as Record<string, unknown> | undefined)?.[KEY] as ListBound | undefined;
  if (bound === undefined) return undefined;
  return typeof bound === 'function' ? bound(args) : bound;
}
