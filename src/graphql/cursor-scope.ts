import { defaultFieldResolver, type GraphQLSchema, getNamedType, isObjectType } from 'graphql';
import { badUserInput, clip } from './errors.ts';

// A cursor names the connection that issued it (`Query.events`,
// `Person.talks`, …), so a cursor of one list passed to another is bad
// input, not a silent jump to the same offset elsewhere. Applied to the
// built schema: every connection field's resolver sees the plain cursor
// its pagination issued, and clients only ever see scoped ones.

const SEPARATOR = '|';

export function scopeCursor(scope: string, cursor: string): string {
  return Buffer.from(`${scope}${SEPARATOR}${cursor}`).toString('base64url');
}

function unscopeCursor(scope: string, cursor: unknown, argument: 'after' | 'before'): unknown {
  if (typeof cursor !== 'string') return cursor;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = text.indexOf(SEPARATOR);
  const issuer = at > 0 ? text.slice(0, at) : null;
  if (issuer === scope) return text.slice(at + 1);
  const why =
    issuer && /^[A-Z]\w*\.\w+$/.test(issuer)
      ? `a cursor of ${issuer}, not of ${scope}`
      : 'not a cursor returned by this API';
  throw badUserInput(`Argument "${argument}" is ${why}: ${clip(JSON.stringify(cursor))}`, argument);
}

/**
 * A connection's arguments with the cursors its pagination issued, as its
 * resolver sees them; `scope` names it (`Person.talks`). Throws
 * BAD_USER_INPUT for another list's cursor or one this API did not issue.
 */
export function plainCursors<A extends Record<string, unknown>>(scope: string, args: A): A {
  return {
    ...args,
    after: unscopeCursor(scope, args.after, 'after'),
    before: unscopeCursor(scope, args.before, 'before'),
  };
}

interface Page {
  edges?: { cursor?: unknown }[];
  pageInfo?: { startCursor?: unknown; endCursor?: unknown };
}

const scoped = (scope: string, cursor: unknown) => (typeof cursor === 'string' ? scopeCursor(scope, cursor) : cursor);

function scopePage(scope: string, page: unknown): unknown {
  if (!page || typeof page !== 'object') return page;
  const { edges, pageInfo } = page as Page;
  return {
    ...(page as object),
    ...(Array.isArray(edges) ? { edges: edges.map((edge) => ({ ...edge, cursor: scoped(scope, edge.cursor) })) } : {}),
    ...(pageInfo
      ? {
          pageInfo: {
            ...pageInfo,
            startCursor: scoped(scope, pageInfo.startCursor),
            endCursor: scoped(scope, pageInfo.endCursor),
          },
        }
      : {}),
  };
}

/** Wraps every connection field of the schema (in place) so its cursors carry its name. */
export function scopeConnectionCursors(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!getNamedType(field.type).name.endsWith('Connection')) continue;
      if (!field.args.some((arg) => arg.name === 'after')) continue;
      const scope = `${type.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const plain = plainCursors(scope, args);
        const result = resolve(source, plain, context, info);
        return result instanceof Promise ? result.then((page) => scopePage(scope, page)) : scopePage(scope, result);
      };
    }
  }
  return schema;
}
