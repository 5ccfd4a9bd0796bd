import { GraphQLError } from 'graphql';
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import { type GraphChangeBatch, onGraphChanges } from '../cache/graph-changes.ts';
import type { Database } from '../db/types.ts';

// The streams behind the Subscription fields: each one listens to the
// graph's committed changes (graph-changes.ts: this process's writes at
// once, other processes' through NOTIFY) and yields what its field matches.
// A slow client loses the oldest of its pending events past BUFFERED, never
// the process's memory; each client address holds at most
// maxPerClient open streams; closeAllStreams ends every stream (SIGTERM),
// so each SSE response completes instead of being cut.

const BUFFERED = 50;

export const DEFAULT_MAX_STREAMS_PER_CLIENT = 10;

let maxPerClient = DEFAULT_MAX_STREAMS_PER_CLIENT;
const openByClient = new Map<string, number>();
const stops = new Set<() => void>();

/** SUBSCRIPTIONS_PER_CLIENT. */
export function setMaxStreamsPerClient(limit: number): void {
  maxPerClient = limit;
}

export function openStreams(): number {
  return stops.size;
}

/** Ends every open stream; their responses finish cleanly. */
export function closeAllStreams(): void {
  for (const stop of [...stops]) stop();
}

export function changeStream<T>(
  db: Kysely<Database>,
  client: string,
  match: (batch: GraphChangeBatch) => T | null,
): AsyncIterable<T> {
  // Checked when subscribing (a clear error, no stream) and counted once the
  // stream runs: a stream that never starts holds nothing.
  const full = () => (openByClient.get(client) ?? 0) >= maxPerClient;
  const tooMany = () =>
    new GraphQLError(`At most ${maxPerClient} open subscriptions per client; close one first`, {
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
    });
  if (full()) throw tooMany();
  return new Repeater<T>(async (push, stop) => {
    if (full()) {
      stop(tooMany());
      return;
    }
    openByClient.set(client, (openByClient.get(client) ?? 0) + 1);
    const end = () => stop();
    stops.add(end);
    const unlisten = onGraphChanges(db, (batch) => {
      const value = match(batch);
      if (value !== null) void push(value);
    });
    await stop;
    unlisten();
    stops.delete(end);
    const left = (openByClient.get(client) ?? 1) - 1;
    if (left > 0) openByClient.set(client, left);
    else openByClient.delete(client);
  }, new SlidingBuffer(BUFFERED));
}
