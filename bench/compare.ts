import { type PlannedRequest, type RequestFactory, sendOnce } from './load.ts';
import type { PreparedOperation, Samples } from './operations.ts';
import { comparable, peerOperation, peerRequest } from './peer/postgraphile.ts';
import { Random } from './prng.ts';
import type { Served } from './processes.ts';

// Requests for an operation, and the comparison of two servers' answers to
// the same requests (the run's fidelity checks and the smoke's).

export function planner(op: PreparedOperation, samples: Samples, page?: number): RequestFactory {
  return (random) => ({
    op: op.id,
    operationName: op.operationName,
    query: op.document,
    variables: op.variables(samples, random, page ?? op.defaultPage),
  });
}

/** First path where two JSON values differ, or null. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return `${path || '.'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keysA = Object.keys(a as object);
  const keysB = Object.keys(b as object);
  if (keysA.join() !== keysB.join()) return `${path}: keys [${keysA}] vs [${keysB}]`;
  for (const key of keysA) {
    const diff = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (diff) return diff;
  }
  return null;
}

export interface Fidelity {
  compared: number;
  identical: number;
  differences: string[];
  errors: string[];
}

/**
 * Sends the same requests to the service and another server. The floor must
 * answer exactly what the service answers; the peer (its own documents, its
 * own IDs and cursors) the same data once in the service's shape.
 */
export async function compareAnswers(
  op: PreparedOperation,
  samples: Samples,
  service: Served,
  other: Served,
  peer = false,
): Promise<Fidelity> {
  const peerOp = peer ? peerOperation(op.id) : null;
  const result: Fidelity = { compared: 0, identical: 0, differences: [], errors: [] };
  const random = new Random(99);
  const requests = Array.from({ length: 8 }, () => planner(op, samples)(random));
  // The heaviest cases too: the most prolific speaker, the biggest sponsor.
  if (op.id === 'Q2')
    requests.push({
      ...(requests[0] as PlannedRequest),
      variables: { ...requests[0]?.variables, slug: samples.speakerSlugs[0] },
    });
  if (op.id === 'Q3')
    requests.push({
      ...(requests[0] as PlannedRequest),
      variables: { ...requests[0]?.variables, slug: samples.sponsorSlugs[0] },
    });
  for (const request of requests) {
    const [a, b] = await Promise.all([
      sendOnce(service.url, request),
      sendOnce(other.url, peerOp ? peerRequest(request) : request),
    ]);
    result.compared += 1;
    if (a.status !== 200 || !a.json || 'errors' in a.json) {
      result.errors.push(`service ${JSON.stringify(request.variables)}: ${a.text.slice(0, 300)}`);
      continue;
    }
    if (b.status !== 200 || !b.json || 'errors' in b.json) {
      result.errors.push(`${other.name} ${JSON.stringify(request.variables)}: ${b.text.slice(0, 300)}`);
      continue;
    }
    const diff = peerOp
      ? firstDifference(
          comparable(a.json.data),
          comparable(peerOp.toServiceShape(b.json.data as Record<string, unknown>)),
        )
      : firstDifference(a.json, b.json);
    if (diff) result.differences.push(`${JSON.stringify(request.variables)} ${diff}`);
    else result.identical += 1;
  }
  return result;
}
