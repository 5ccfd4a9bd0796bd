import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey, shapedStatement } from '../../src/db/statement-shapes.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A statement built once per shape and run with each call's values: the
// answers are those of a statement built for each call, a value that would
// change the text is refused, and (under NODE_ENV=test, as here) a shape
// that leaves out what the text depends on is caught on its next run.

describe('shapedStatement', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db
      .insertInto('series')
      .values([
        { slug: 'alpha', name: 'Alpha' },
        { slug: 'beta', name: 'Beta' },
      ])
      .execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  const seriesBySlug = shapedStatement(
    (shape: { upper: boolean }) => recordKey({ ...shape }),
    (db, shape, values: { slug: string; suffix: string }) =>
      db
        .selectFrom('series')
        .select([
          shape.upper ? sql<string>`upper(name)`.as('name') : 'name',
          sql<string>`name || ${values.suffix}::text`.as('tagged'),
        ])
        .where('slug', '=', values.slug),
  );

  it('answers each call with its own values, per shape', async () => {
    const db = database.db;
    expect((await seriesBySlug(db, { upper: false }, { slug: 'alpha', suffix: '!' })).rows).toEqual([
      { name: 'Alpha', tagged: 'Alpha!' },
    ]);
    expect((await seriesBySlug(db, { upper: false }, { slug: 'beta', suffix: '?' })).rows).toEqual([
      { name: 'Beta', tagged: 'Beta?' },
    ]);
    expect((await seriesBySlug(db, { upper: true }, { slug: 'beta', suffix: '' })).rows).toEqual([
      { name: 'BETA', tagged: 'Beta' },
    ]);
    expect((await seriesBySlug(db, { upper: true }, { slug: 'gamma', suffix: '' })).rows).toEqual([]);
  });

  it('refuses a value used to build the text instead of as a parameter', async () => {
    const inText = shapedStatement(
      () => 'one',
      (db, _shape: null, values: { column: string }) =>
        db.selectFrom('series').select(sql.raw<string>(`"${values.column}"`).as('x')),
    );
    await expect(inText(database.db, null, { column: 'name' })).rejects.toThrow(
      /the value "column" was used to build the statement's text/,
    );
  });

  it('catches a shape key that leaves out what the text depends on, under NODE_ENV=test', async () => {
    const careless = shapedStatement(
      () => 'always the same',
      (db, shape: { upper: boolean }, values: { slug: string }) =>
        db
          .selectFrom('series')
          .select(shape.upper ? sql<string>`upper(name)`.as('name') : 'name')
          .where('slug', '=', values.slug),
    );
    expect((await careless(database.db, { upper: false }, { slug: 'alpha' })).rows).toEqual([{ name: 'Alpha' }]);
    await expect(careless(database.db, { upper: true }, { slug: 'alpha' })).rejects.toThrow(
      /shape "always the same" does not name everything/,
    );
  });

  it('keeps answering right when more shapes are asked for than it keeps', async () => {
    const numbered = shapedStatement(
      (n: number) => String(n),
      (db, n, values: { slug: string }) =>
        db
          .selectFrom('series')
          .select(sql<number>`${sql.lit(n)}::int`.as('n'))
          .where('slug', '=', values.slug),
    );
    for (const n of [0, ...Array.from({ length: 200 }, (_, i) => i + 1), 0, 150, 0]) {
      expect((await numbered(database.db, n, { slug: 'beta' })).rows).toEqual([{ n }]);
    }
  });

  it('names a shape by its entries, whatever their order', () => {
    expect(recordKey({ a: true, b: 'DESC' })).toBe(recordKey({ b: 'DESC', a: true }));
    expect(recordKey({ a: true, b: null })).not.toBe(recordKey({ a: true, b: 'DESC' }));
  });
});
