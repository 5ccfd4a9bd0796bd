import type { ObjectFieldsShape, ObjectRef } from '@pothos/core';
import { builder } from './builder.ts';
import type { Edge } from './pagination.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * An edge type with fields of its own (`node` among them), read from the
 * edge that the page's `edge` function built: pass it as the edge of
 * `builder.connectionObject`. Edge data travels on the edge, never in the node.
 */
export function edgeObject<N, E extends object>(
  name: string,
  fields: ObjectFieldsShape<Types, Edge<N, E>>,
): ObjectRef<Types, Edge<N, E>> {
  const ref = builder.objectRef<Edge<N, E>>(name);
  ref.implement({ fields: (t) => ({ cursor: t.string({ resolve: (edge) => edge.cursor }), ...fields(t) }) });
  return ref;
}
