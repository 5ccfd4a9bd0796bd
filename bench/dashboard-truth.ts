import { firstDifference } from './compare.ts';
import {
  CREATE_SPONSORSHIP,
  type DashboardOp,
  DELETE_SPONSORSHIP,
  dependsOn,
  type PollSet,
} from './dashboard-operations.ts';
import type { PlannedRequest, RequestFactory, ResponseCheck } from './load.ts';
import { sendOnce } from './load.ts';
import type { Random } from './prng.ts';

// The dashboard mix as one server sees it: reads of the poll sets, and 1 %
// writes (a curator's sponsorship, added, then removed again, through HTTP
// with a token). Every read is judged against a ground truth that cannot be
// stale: the answer of the service without a response cache, fetched after
// each write for every set the write can change (and once at the start for
// all). A read counts when it was sent after the last write's answer came
// back and no write was sent while it was under way; it must then be
// byte-identical to the truth. Anything else is a stale read, named with
// its operation and variables.
//
// At most one write is under way at a time, and the next one waits until
// the truth after the last one is in: so the truth a read is compared with
// is the state it was sent in. Writes are 1 in 100 requests overall (a
// write delayed by that wait goes out as soon as it may).

/** A meetup a sponsor did not sponsor, where the mix adds (and removes) a sponsorship of it. */
export interface WriteTarget {
  company: string;
  companyId: string;
  eventSlug: string;
  eventId: string;
  date: string;
}

export interface MixOutcome {
  reads: number;
  /** Reads compared with the truth. */
  judged: number;
  /** Of those, reads of a set that a write had changed (compared with the truth fetched after it). */
  judgedAfterWrite: number;
  /** Reads that overlapped a write (not judged: either answer is right). */
  overlapping: number;
  writes: number;
  stale: string[];
}

interface Truth {
  gen: number;
  body: Promise<string>;
}

type Context =
  | { kind: 'read'; set: PollSet; gen: number; writesSent: number; clean: boolean }
  | { kind: 'write'; target: WriteTarget; undo: string | null };

export const WRITE_SHARE = 0.01;

export interface MixOptions {
  sets: readonly PollSet[];
  documents: Record<DashboardOp, string>;
  targets: readonly WriteTarget[];
  /** The server without a response cache: the ground truth. */
  truthUrl: string;
  /** Sent with the truth's requests (a token: the cache never answers those, so one server can be its own truth). */
  truthHeaders?: Record<string, string>;
  token: string;
  /** Default WRITE_SHARE. */
  writeShare?: number;
}

export function readRequest(set: PollSet, documents: Record<DashboardOp, string>, context?: unknown): PlannedRequest {
  return {
    op: set.op,
    operationName: set.op === 'Stats' ? 'DashboardStats' : set.op,
    query: documents[set.op],
    variables: set.variables,
    ...(context === undefined ? {} : { context }),
  };
}

async function fetchTruth(
  url: string,
  set: PollSet,
  documents: Record<DashboardOp, string>,
  headers: Record<string, string> = {},
): Promise<string> {
  const answer = await sendOnce(url, { ...readRequest(set, documents), headers });
  if (answer.status !== 200 || !answer.json || 'errors' in answer.json)
    throw new Error(`the truth for ${set.key} failed: ${answer.text.slice(0, 300)}`);
  return answer.text;
}

export function writeRequest(target: WriteTarget, undo: string | null, token: string): PlannedRequest {
  const variables = undo ? { id: undo } : { company: target.companyId, event: target.eventId };
  return {
    op: undo ? 'deleteSponsorship' : 'createSponsorship',
    operationName: undo ? 'DashboardUndo' : 'DashboardWrite',
    query: undo ? DELETE_SPONSORSHIP : CREATE_SPONSORSHIP,
    variables,
    headers: { authorization: `Bearer ${token}` },
  };
}

/** The id of the sponsorship a write created, or null; throws when the write did not succeed. */
export function writeResult(data: Record<string, unknown>): string | null {
  const result = (data.createSponsorship ?? data.deleteSponsorship) as
    | { __typename: string; message?: string; sponsorship?: { id: string } }
    | undefined;
  if (!result || (result.__typename !== 'SponsorshipPayload' && result.__typename !== 'DeletePayload'))
    throw new Error(`write failed: ${JSON.stringify(result)}`);
  return result.sponsorship?.id ?? null;
}

export interface Mix {
  next: RequestFactory;
  check: ResponseCheck;
  /** Waits for the judgements; the sponsorship still added at the end (to be removed), if any. */
  finish(): Promise<MixOutcome & { leftOver: { target: WriteTarget; id: string } | null }>;
}

export async function createMix(options: MixOptions): Promise<Mix> {
  const { sets, documents, targets, truthUrl, token } = options;
  const truthOf = (set: PollSet) => fetchTruth(truthUrl, set, documents, options.truthHeaders);
  const truths = new Map<string, Truth[]>();
  for (const set of sets) truths.set(set.key, [{ gen: 0, body: truthOf(set) }]);
  await Promise.all([...truths.values()].map((list) => list[0]?.body));
  const weights = sets.map((s) => s.weight);
  const outcome: MixOutcome = { reads: 0, judged: 0, judgedAfterWrite: 0, overlapping: 0, writes: 0, stale: [] };
  const judgements: Promise<void>[] = [];
  let gen = 0;
  let writesSent = 0;
  let planned = 0;
  let state: 'idle' | 'writing' | 'truthing' = 'idle';
  let added: { target: WriteTarget; id: string } | null = null;
  let writeIndex = 0;

  const next: RequestFactory = (random: Random) => {
    planned += 1;
    // A write is owed every 1/share requests; one that had to wait for the truth goes out as soon as it is in.
    if (state === 'idle' && planned * (options.writeShare ?? WRITE_SHARE) >= writesSent + 1) {
      state = 'writing';
      writesSent += 1;
      const target = added?.target ?? (targets[writeIndex++ % targets.length] as WriteTarget);
      const context: Context = { kind: 'write', target, undo: added?.id ?? null };
      return { ...writeRequest(target, added?.id ?? null, token), context };
    }
    const set = sets[random.weightedIndex(weights)] as PollSet;
    const context: Context = { kind: 'read', set, gen, writesSent, clean: state !== 'writing' };
    return readRequest(set, documents, context);
  };

  const afterWrite = (context: Extract<Context, { kind: 'write' }>, data: Record<string, unknown>) => {
    let id: string | null;
    try {
      id = writeResult(data);
    } catch (error) {
      state = 'idle';
      return (error as Error).message;
    }
    added = context.undo ? null : { target: context.target, id: id ?? '' };
    outcome.writes += 1;
    gen += 1;
    const fetched: Promise<string>[] = [];
    for (const set of sets) {
      if (!dependsOn(set, context.target.company, context.target.date)) continue;
      const body = truthOf(set);
      truths.get(set.key)?.push({ gen, body });
      fetched.push(body);
    }
    state = 'truthing';
    Promise.all(fetched).then(
      () => {
        state = 'idle';
      },
      (error: Error) => {
        outcome.stale.push(
          `ground truth after ${context.undo ? 'removing' : 'adding'} a sponsorship: ${error.message}`,
        );
        state = 'idle';
      },
    );
    return null;
  };

  const check: ResponseCheck = (request, data, response) => {
    const context = request.context as Context;
    if (context.kind === 'write') return afterWrite(context, data);
    outcome.reads += 1;
    if (!context.clean || context.writesSent !== writesSent) {
      outcome.overlapping += 1;
      return null;
    }
    const truth = truths
      .get(context.set.key)
      ?.filter((t) => t.gen <= context.gen)
      .at(-1) as Truth;
    outcome.judged += 1;
    if (truth.gen > 0) outcome.judgedAfterWrite += 1;
    judgements.push(
      truth.body.then((expected) => {
        if (expected !== response.body)
          outcome.stale.push(
            `stale read: ${context.set.op} ${JSON.stringify(context.set.variables)} after ${context.gen} writes ` +
              `(x-response-cache: ${response.cache ?? 'none'}): answer vs truth at ` +
              `${firstDifference(JSON.parse(response.body), JSON.parse(expected)) ?? 'same data, other bytes'}`,
          );
      }),
    );
    return null;
  };

  return {
    next,
    check,
    async finish() {
      await Promise.allSettled(judgements);
      return { ...outcome, leftOver: added };
    },
  };
}
