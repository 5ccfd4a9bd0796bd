import { type PGlite, types } from '@electric-sql/pglite';

/**
 * Keeps only the type parsers a result of this schema can need: PGlite's
 * scalar ones (bool, bytea, integers, text, oid, json, floats, char types,
 * date and timestamps, jsonb, with the client's own overrides) and the arrays
 * of those. PGlite starts with a parser for the array of every type in
 * pg_type (about 300) and copies that map for every query it answers, which
 * doubled the cost of a trivial statement (0.32 -> 0.16 ms on the development
 * machine; the 53-post import runs about 1,800). A column of another type, or
 * an array of one, comes back as PostgreSQL's text, as a type PGlite has no
 * parser for always did; the schema has none (its arrays are text[] and
 * bigint[]).
 */
export async function keepServedParsers(client: PGlite): Promise<void> {
  const scalars = Object.keys(types.parsers)
    .map(Number)
    .filter((oid) => Number.isInteger(oid));
  const { rows } = await client.query<{ oid: number }>(
    'select typarray::int as oid from pg_type where oid = any($1::oid[]) and typarray <> 0',
    [scalars],
  );
  const kept: PGlite['parsers'] = {};
  for (const oid of [...scalars, ...rows.map((row) => row.oid)]) {
    const parser = client.parsers[oid];
    if (parser) kept[oid] = parser;
  }
  client.parsers = kept;
}
