import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { TRACKED_TABLES, type TrackedWrite } from '../db/sql-trace.ts';
import type { Database } from '../db/types.ts';

// The one "graph changed" signal. Every write calls publishGraphChanges once
// it has committed: mutations from runWrite, imports from importPostText.
// Listeners in this process hear it at once; other processes (instances, or
// a server beside an importer CLI) hear it through PostgreSQL NOTIFY
// (change-listener.ts). Listeners are kept per database handle, so two apps
// in one process (tests) do not hear each other.

/** One entity a write created, changed or removed. */
export interface GraphChange {
  /** The GraphQL type name, e.g. Event. */
  kind: string;
  /** The entity's global ID. */
  id: string;
  slug: string | null;
}

/** What listeners receive: the changes, or `all` when the set is unknown (a missed notification). */
export interface GraphChangeBatch {
  changes: GraphChange[];
  all: boolean;
  /** Set when the write touched tracked tables only (db/sql-trace.ts): what it wrote. */
  tracked?: TrackedWrite;
  /** The process that wrote (this one's is ORIGIN). */
  origin: string;
}

export type GraphChangeListener = (batch: GraphChangeBatch) => void | Promise<void>;

export const CHANGE_CHANNEL = 'meetup_graph_changed';

/** This process's id in notifications: a process skips its own. */
export const ORIGIN = randomUUID();

// NOTIFY payloads stop at 8000 bytes; past this many changes, "all" is sent.
const MAX_NOTIFIED_CHANGES = 40;

const listeners = new WeakMap<object, Set<GraphChangeListener>>();

/** Calls `listener` on every change written through `db`, here or (when notified) elsewhere. */
export function onGraphChanges(db: Kysely<Database>, listener: GraphChangeListener): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Hands a batch to this process's listeners and waits for them (a cache is
 * invalidated before the write's answer goes out); one listener's failure
 * does not stop the others: each reports its own.
 */
export async function deliverGraphChanges(db: Kysely<Database>, batch: GraphChangeBatch): Promise<void> {
  const pending = [...(listeners.get(db) ?? [])].map(async (listener) => listener(batch));
  await Promise.allSettled(pending);
}

export function encodeBatch(batch: GraphChangeBatch): string {
  if (batch.all || batch.changes.length > MAX_NOTIFIED_CHANGES) {
    return JSON.stringify({ origin: batch.origin, all: true, changes: [] });
  }
  return JSON.stringify(batch);
}

/**
 * A tracked write as notified; anything malformed, or naming a table this
 * process does not trace (a newer version's), is dropped: the batch then
 * invalidates everything.
 */
function decodeTracked(value: unknown): TrackedWrite | null {
  const tracked = value as Partial<TrackedWrite> | undefined;
  if (!Array.isArray(tracked?.tables) || !Array.isArray(tracked.sponsorCompanies)) return null;
  const known: readonly unknown[] = TRACKED_TABLES;
  if (!tracked.tables.every((t) => known.includes(t))) return null;
  if (!tracked.sponsorCompanies.every((c) => Number.isInteger(c))) return null;
  return { tables: tracked.tables, sponsorCompanies: tracked.sponsorCompanies };
}

/** A notification's payload; null when it is not one of ours. */
export function decodeBatch(payload: string): GraphChangeBatch | null {
  try {
    const value = JSON.parse(payload) as Partial<GraphChangeBatch>;
    if (typeof value.origin !== 'string' || !Array.isArray(value.changes)) return null;
    const changes = value.changes.filter(
      (c): c is GraphChange => typeof c?.kind === 'string' && typeof c?.id === 'string',
    );
    const tracked = decodeTracked(value.tracked);
    return { origin: value.origin, all: value.all === true, changes, ...(tracked ? { tracked } : {}) };
  } catch {
    return null;
  }
}

/**
 * Announces committed changes: to this process's listeners first, then to
 * other processes. Never throws: the write has committed, and a lost
 * notification is bounded by the cache's TTL.
 */
export async function publishGraphChanges(
  db: Kysely<Database>,
  changes: GraphChange[],
  tracked: TrackedWrite | null = null,
): Promise<void> {
  if (changes.length === 0) return;
  const batch: GraphChangeBatch = { changes, all: false, origin: ORIGIN, ...(tracked ? { tracked } : {}) };
  await deliverGraphChanges(db, batch);
  try {
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${encodeBatch(batch)})`.execute(db);
  } catch {
    // The database is gone right after the commit: other instances' caches expire by TTL.
  }
}
