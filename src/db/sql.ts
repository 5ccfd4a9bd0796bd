import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './types.ts';

// `= any($1)` with the whole key list as one array parameter: one statement
// whatever the batch size, and no 65,535 bind-parameter ceiling as `in (…)` has.
export function anyId(ids: readonly number[]): RawBuilder<number> {
  return sql<number>`any(${[...ids]}::bigint[])`;
}

/**
 * `alias`'s columns as one JSON object with the same keys: once parsed, the
 * same shape as selecting the columns (ids are numbers, dates 'YYYY-MM-DD').
 * `extra` adds key/value pairs after them.
 */
export function columnsJson<T>(
  alias: string,
  columns: readonly string[],
  extra: readonly RawBuilder<unknown>[] = [],
): RawBuilder<T> {
  const pairs = columns.map((column) => sql`${sql.lit(column)}, ${sql.ref(`${alias}.${column}`)}`);
  return sql<T>`json_build_object(${sql.join([...pairs, ...extra])})`;
}

export function anyText(values: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${[...values]}::text[])`;
}

/** Per-owner row counts (`owner_id`, `count`) as a map; owners without rows are absent. */
export function countsByOwner(
  rows: readonly { owner_id: number; count: number | string | bigint }[],
): Map<number, number> {
  return new Map(rows.map((row) => [row.owner_id, Number(row.count)]));
}

/** A page of rows for one owner: row numbers `offset < rn <= offset + limit`. */
export interface OwnerWindow {
  ownerId: number;
  offset: number;
  limit: number;
}

/**
 * Pages of a nested list for many owners in one statement. `numbered` must
 * select `owner_id` and `rn` (row_number() over (partition by the owner …));
 * each owner's window is joined in as arrays, so the statement is the same
 * whatever the number of owners. Every row also carries `total_count`, the
 * owner's number of rows before paging, so that `totalCount` needs no
 * statement of its own (the window is computed over rows the numbering
 * reads anyway). `extra` adds select-list expressions computed for the
 * page's rows only (after the cut), referring to the row as `counted`:
 * subqueries there cost per row served, not per row numbered.
 */
/** A row as it arrives inside a JSON value: timestamps are ISO strings. */
export type JsonRow<R> = {
  [K in keyof R]: R[K] extends Date ? string : R[K] extends Date | null ? string | null : R[K];
};

export async function pagedByOwner<R>(
  db: Kysely<Database>,
  numbered: RawBuilder<unknown>,
  windows: readonly OwnerWindow[],
  extra?: RawBuilder<unknown>,
): Promise<JsonRow<R & { total_count: number }>[]> {
  const owners = windows.map((w) => w.ownerId);
  const from = windows.map((w) => w.offset);
  const to = windows.map((w) => w.offset + w.limit);
  // One JSON value for all the rows: parsed at once, where a row per row and a value per
  // column were parsed one by one (the larger part of a sponsor's page of 100).
  const result = await sql<{ rows: JsonRow<R & { total_count: number }>[] }>`
    select coalesce(json_agg(row_to_json(page) order by page.owner_id, page.rn), '[]'::json) as rows from (
      select ${pageSelection(extra)} from ${counted(numbered)}
      join unnest(${owners}::bigint[], ${from}::int[], ${to}::int[]) as w(owner_id, lo, hi)
        on w.owner_id = counted.owner_id
      where counted.rn > w.lo and counted.rn <= w.hi
    ) page`.execute(db);
  return result.rows[0]?.rows ?? [];
}

/** `numbered` with each owner's row count before paging (`total_count`), as `counted`. */
function counted(numbered: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(
      select numbered.*, count(*) over (partition by numbered.owner_id) as total_count
      from (${numbered}) numbered
    ) counted`;
}

function pageSelection(extra: RawBuilder<unknown> | undefined): RawBuilder<unknown> {
  return sql`counted.*${extra ? sql`, ${extra}` : sql``}`;
}

/** Rows `after < rn <= through` of a numbered list: an OwnerWindow's `offset` and `offset + limit`. */
export interface RowRange {
  after: number;
  through: number;
}

/**
 * One owner's page of a nested list as one JSON array, for the owner's own
 * statement: `numbered` is as for pagedByOwner, restricted to the one owner
 * (by a reference to the outer row), and the array's objects are the rows
 * pagedByOwner would return for the window of `rows`, with the same keys and
 * values. The bounds are parameters.
 */
export function pageJsonOf<R>(
  numbered: RawBuilder<unknown>,
  rows: RowRange,
  extra?: RawBuilder<unknown>,
): RawBuilder<(R & { total_count: number })[]> {
  return sql<(R & { total_count: number })[]>`coalesce((select json_agg(row_to_json(page) order by page.rn) from (
      select ${pageSelection(extra)} from ${counted(numbered)}
      where counted.rn > ${rows.after}::int and counted.rn <= ${rows.through}::int
    ) page), '[]'::json)`;
}

/**
 * Row locks (`for update`) on these rows of `table`, taken lowest id first:
 * two transactions locking overlapping sets wait for each other instead of
 * deadlocking. Returns the ids that exist once the locks are held (a row
 * deleted by the transaction that held it first is gone).
 */
export async function lockRows(
  db: Kysely<Database>,
  table: 'person' | 'company' | 'event' | 'sponsorship',
  ids: readonly number[],
): Promise<number[]> {
  const result = await sql<{ id: number }>`select id from ${sql.table(table)} where id = ${anyId(ids)}
    order by id for update`.execute(db);
  return result.rows.map((row) => row.id);
}

/** How many rows of a meetup's list (its talks, its sponsorships) there are: for checks of its room. */
export async function rowsOfEvent(
  db: Kysely<Database>,
  table: 'talk' | 'sponsorship',
  eventId: number,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * ` and column >= from and column <= to` for the bounds that are given (none:
 * empty), inline, so that the planner sees which ends are open.
 */
export function andWithinDates(
  column: RawBuilder<unknown>,
  bounds: { from: string | null; to: string | null },
): RawBuilder<unknown> {
  const from = bounds.from ? sql` and ${column} >= ${bounds.from}::date` : sql``;
  const to = bounds.to ? sql` and ${column} <= ${bounds.to}::date` : sql``;
  return sql`${from}${to}`;
}
