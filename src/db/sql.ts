import { type RawBuilder, sql } from 'kysely';

// `= any($1)` with the whole key list as one array parameter: one statement
// whatever the batch size, and no 65,535 bind-parameter ceiling as `in (…)` has.
export function anyId(ids: readonly number[]): RawBuilder<number> {
  return sql<number>`any(${[...ids]}::bigint[])`;
}

export function anyText(values: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${[...values]}::text[])`;
}

/**
 * Per-owner row windows as parallel arrays for `unnest(…) as w(owner_id, lo, hi)`:
 * row numbers `lo < rn <= hi` belong to the owner's page.
 */
export function windowArrays(windows: readonly { ownerId: number; offset: number; limit: number }[]): {
  owners: number[];
  from: number[];
  to: number[];
} {
  return {
    owners: windows.map((w) => w.ownerId),
    from: windows.map((w) => w.offset),
    to: windows.map((w) => w.offset + w.limit),
  };
}
