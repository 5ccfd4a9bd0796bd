import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Context } from './context.ts';
import { decodeNodeId, nodeIdCount } from './global-ids.ts';
import { maxItems } from './list-bounds.ts';
import { DateScalar, JsonScalar } from './scalars.ts';

// The builder and its plugins only. Types live in src/modules/*, assembly
// in schema.ts.
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { write: boolean; admin: boolean };
  Scalars: {
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // Every connection a resolver returns carries its count as a thunk.
  Connection: { totalCount: () => Promise<number> };
}>({
  // Fields are non-null unless marked nullable: a client can trust `title: String!`.
  defaultFieldNullability: false,
  // Scope-auth first: authorization runs before anything else a field does.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  scopeAuth: {
    authScopes: async (context) => {
      const principal = await context.principal();
      return { write: principal !== null, admin: principal?.scope === 'admin' };
    },
    // Missing, malformed, unknown and revoked tokens look the same; a valid
    // token without the scope is FORBIDDEN.
    unauthorizedError: (_parent, context) =>
      context.authenticated()
        ? new GraphQLError('This token does not have the scope this operation needs', {
            extensions: { code: 'FORBIDDEN' },
          })
        : new GraphQLError('A valid API token is required: send Authorization: Bearer <token>', {
            extensions: { code: 'UNAUTHENTICATED' },
          }),
  },
  errors: { defaultTypes: [], directResult: true },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesOnConnection: true,
    decodeGlobalID: (globalID) => decodeNodeId(globalID, fetchableById),
    nodesQueryOptions: {
      extensions: maxItems(nodeIdCount),
      resolve: (_root, args, _context, _info, resolveNodes) => {
        nodeIdCount(args);
        return resolveNodes(args.ids);
      },
    },
  },
});

/** Whether node(id:) can load objects of this type (a loadable node, not only a Node). */
function fetchableById(typename: string): boolean {
  try {
    const options = builder.configStore.getTypeConfig(typename, 'Object').pothosOptions as Record<string, unknown>;
    return Boolean(options.loadMany || options.loadOne || options.loadManyWithoutCache || options.loadWithoutCache);
  } catch {
    return false;
  }
}

builder.addScalarType('Date', DateScalar);
builder.addScalarType('JSON', JsonScalar);

builder.queryType({});
builder.mutationType({});

// Every connection counts its whole list; resolvers hand over a thunk so the
// count runs only when a client asks for it.
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list has, across all pages.',
    resolve: (connection) => connection.totalCount(),
  }),
);

export const SortDirection = builder.enumType('SortDirection', {
  values: { ASC: { description: 'Oldest or smallest first.' }, DESC: { description: 'Newest or largest first.' } },
});
