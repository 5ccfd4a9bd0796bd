import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

// What an operation selects below a field, read from the resolver's info:
// for resolvers that fetch nested lists in their own statement only when
// they are asked for. Fragments are followed; @skip/@include are not
// evaluated (a skipped field counts as selected: that costs a list nobody
// reads, never a missing one).

/** The fields selected under `nodes` (the current field's by default), by field name. */
export function subfields(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  nodes: readonly FieldNode[] = info.fieldNodes,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const list = fields.get(selection.name.value);
        if (list) list.push(selection);
        else fields.set(selection.name.value, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        collect(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of nodes) collect(node.selectionSet);
  return fields;
}

/** The field nodes of a connection's nodes: `nodes { … }` and `edges { node { … } }` together. */
export function connectionNodes(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): FieldNode[] {
  const fields = subfields(info);
  const edges = fields.get('edges');
  return [...(fields.get('nodes') ?? []), ...((edges && subfields(info, edges).get('node')) ?? [])];
}
