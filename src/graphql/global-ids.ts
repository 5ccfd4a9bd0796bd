import { decodeGlobalID } from '@pothos/plugin-relay';
import { badUserInput, clip } from './errors.ts';

// Global IDs as clients send them to node/nodes: a malformed ID, or one of
// an object that cannot be fetched by ID, is bad input with a code, never a
// message about the schema's internals.

/** IDs one `nodes` call may fetch (as GitHub's API). */
export const MAX_NODE_IDS = 100;

/** How many ids `nodes` was given; more than MAX_NODE_IDS is refused (before the cost estimate runs on). */
export function nodeIdCount(args: Record<string, unknown>): number {
  const count = Array.isArray(args.ids) ? args.ids.length : 0;
  if (count > MAX_NODE_IDS) {
    throw badUserInput(`Argument "ids" takes at most ${MAX_NODE_IDS} IDs, got ${count}`, 'ids');
  }
  return count;
}

export function decodeNodeId(
  globalID: string,
  fetchable: (typename: string) => boolean,
): { typename: string; id: string } {
  let decoded: { typename: string; id: string } | undefined;
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    decoded = undefined;
  }
  if (!decoded || !fetchable(decoded.typename)) {
    throw badUserInput(`${clip(JSON.stringify(globalID))} is not an ID of an object this API fetches by ID`);
  }
  return decoded;
}
