import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from './context.ts';
import { DateScalar } from './scalars.ts';

// The builder and its plugins only. Types live in src/modules/*, assembly
// in schema.ts.
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Date: { Input: string; Output: string };
    ID: { Input: string; Output: string | number };
  };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesOnConnection: true,
  },
});

builder.addScalarType('Date', DateScalar);

builder.queryType({});

// Every connection counts its whole list; resolvers hand over a thunk so the
// count runs only when a client asks for it.
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list has, across all pages.',
    resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
  }),
);

export const SortDirection = builder.enumType('SortDirection', {
  values: { ASC: { description: 'Oldest or smallest first.' }, DESC: { description: 'Newest or largest first.' } },
});
