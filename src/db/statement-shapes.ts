import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './types.ts';

// Statements built once per shape. A read such as "a meetup by slug with the
// lists this operation selects" has a handful of possible texts (one per
// combination of lists) and a new value each time (the slug). Building and
// compiling it with Kysely took a fifth of an event page request's Node CPU,
// and a new text of several kilobytes must be hashed again to find its
// prepared statement. So the statement is built once per shape with
// placeholders for its values, compiled, and kept; each request fills in the
// values. The same string is sent every time, and PostgreSQL sees the same
// prepared statement.

/** Stands for one value while a shape is built; it may only become a parameter. */
class Placeholder {
  constructor(readonly key: string) {}

  toString(): never {
    throw new Error(
      `the value "${this.key}" was used to build the statement's text: make it a parameter, or part of the shape`,
    );
  }

  [Symbol.toPrimitive](): never {
    return this.toString();
  }
}

type Parameter = { key: string } | { constant: unknown };

interface Shape {
  compiled: CompiledQuery<unknown>;
  parameters: Parameter[];
}

/**
 * Shapes kept per statement, the least recently used dropped first: the
 * combinations of lists and filters a client may ask for are many more, and
 * a rare one must not push out the shapes in use (a dropped shape is built
 * again on its next use).
 */
const MAX_SHAPES = 128;

/** Compiled text and parameters, compared in tests with a fresh build of the same statement. */
function comparable(compiled: CompiledQuery<unknown>): string {
  return JSON.stringify([compiled.sql, compiled.parameters]);
}

/**
 * A statement of `build` cached per shape: `shape` says what its text
 * depends on (e.g. which lists are selected) and `keyOf` names it; `build`
 * must use each of `values` only as a parameter. A value used for anything
 * else throws while the shape is built. Under NODE_ENV=test every run also
 * builds the statement with its real values and checks that the text and
 * parameters are the same, so a shape that leaves something out fails.
 */
export function shapedStatement<S, V extends object, R>(
  keyOf: (shape: S) => string,
  build: (db: Kysely<Database>, shape: S, values: V) => Compilable<R>,
): (db: Kysely<Database>, shape: S, values: V) => Promise<QueryResult<R>> {
  const shapes = new Map<string, Shape>();
  const verify = process.env.NODE_ENV === 'test';
  const shapeOf = (db: Kysely<Database>, shape: S, values: V): Shape => {
    const key = keyOf(shape);
    const known = shapes.get(key);
    if (known) {
      // Most recently used last.
      shapes.delete(key);
      shapes.set(key, known);
      return known;
    }
    const oldest = shapes.size >= MAX_SHAPES ? shapes.keys().next().value : undefined;
    if (oldest !== undefined) shapes.delete(oldest);
    const placeholders = Object.fromEntries(Object.keys(values).map((name) => [name, new Placeholder(name)])) as V;
    const compiled = build(db, shape, placeholders).compile() as CompiledQuery<unknown>;
    const parameters = compiled.parameters.map(
      (value): Parameter => (value instanceof Placeholder ? { key: value.key } : { constant: value }),
    );
    const built = { compiled, parameters };
    shapes.set(key, built);
    return built;
  };
  return async (db, shape, values) => {
    const built = shapeOf(db, shape, values);
    const parameters = built.parameters.map((p) =>
      'key' in p ? (values as Record<string, unknown>)[p.key] : p.constant,
    );
    const compiled: CompiledQuery<R> = { ...(built.compiled as CompiledQuery<R>), parameters };
    if (verify) {
      const fresh = comparable(build(db, shape, values).compile() as CompiledQuery<unknown>);
      if (fresh !== comparable(compiled as CompiledQuery<unknown>)) {
        throw new Error(`the statement's shape "${keyOf(shape)}" does not name everything its text depends on`);
      }
    }
    return db.executeQuery(compiled);
  };
}

/** A key for a shape given as a flat record (its entries, sorted by name). */
export function recordKey(shape: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  return Object.keys(shape)
    .sort()
    .map((name) => `${name}=${String(shape[name])}`)
    .join(',');
}
