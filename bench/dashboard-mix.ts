import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/types.ts';
import { revokeToken } from '../src/modules/token/token.repository.ts';
import { createToken } from '../src/modules/token/token.ts';
import { dashboardDocuments, IDS, type PollSet, pollSets } from './dashboard-operations.ts';
import { createMix, type MixOutcome, readRequest, type WriteTarget, writeRequest } from './dashboard-truth.ts';
import { type LoadRun, mergeRuns, type RequestFactory, runLoad, type Summary, sendOnce, summarize } from './load.ts';
import { peerDashboardRequest, peerDifference } from './peer/dashboard.ts';
import type { Served } from './processes.ts';

// The dashboard mix (npm run bench -- --dashboard): the poll sets of
// dashboard-operations.ts with 1 % writes, against the service with its
// response cache (RESPONSE_CACHE=true), the service without it, and
// PostGraphile (reads only: it takes no part in the project's writes),
// interleaved round by round. The stale-read check is dashboard-truth.ts.

export interface DashboardOptions {
  db: Kysely<Database>;
  cached: Served;
  uncached: Served;
  peer: Served | null;
  sponsors: readonly string[];
  connections: number;
  durationS: number;
  rounds: number;
  backendCpu?: () => Promise<Map<number, number>>;
  log: (line: string) => void;
}

export interface DashboardResult {
  sets: { key: string; op: string; variables: Record<string, unknown>; weight: number }[];
  connections: number;
  cached: Summary;
  /** The cached service on the reads alone: what the cache does when nothing is written. */
  cachedReadsOnly: Summary;
  uncached: Summary;
  peer: Summary | null;
  cachedMix: MixOutcome;
  uncachedMix: MixOutcome;
  /** Poll sets whose PostGraphile answer carries the service's data (where comparable). */
  peerFidelity: { compared: number; equal: number; differences: string[] };
  /** Failures that fail the run: stale reads first. */
  failures: string[];
}

const ROLE = 'dashboard-bench';

/** The date of the latest held meetup. */
export async function lastHeldDate(db: Kysely<Database>): Promise<string> {
  const last = (
    await sql<{ d: string }>`select to_char(max(date), 'YYYY-MM-DD') as d from event where status = 'HELD'`.execute(db)
  ).rows[0]?.d;
  if (!last) throw new Error('no held meetup in the database');
  return last;
}

export type TargetRow = Pick<WriteTarget, 'company' | 'eventSlug' | 'date'>;

/** Per sponsor (the first three), the latest held meetup it did not sponsor. */
export async function writeTargetRows(db: Kysely<Database>, sponsors: readonly string[]): Promise<TargetRow[]> {
  const rows: TargetRow[] = [];
  for (const company of sponsors.slice(0, 3)) {
    const row = (
      await sql<{ slug: string; date: string }>`
        select e.slug, to_char(e.date, 'YYYY-MM-DD') as date from event e
        where e.status = 'HELD' and not exists (
          select 1 from sponsorship s join company c on c.id = s.company_id where s.event_id = e.id and c.slug = ${company})
        order by e.date desc limit 1`.execute(db)
    ).rows[0];
    if (!row) throw new Error(`no meetup left that ${company} did not sponsor`);
    rows.push({ company, eventSlug: row.slug, date: row.date });
  }
  return rows;
}

/** The rows with the global IDs the writes send, read from the service. */
export async function withIds(url: string, rows: readonly TargetRow[]): Promise<WriteTarget[]> {
  const targets: WriteTarget[] = [];
  for (const row of rows) {
    const ids = await sendOnce(url, {
      op: 'ids',
      operationName: 'DashboardIds',
      query: IDS,
      variables: { company: row.company, event: row.eventSlug },
    });
    const data = ids.json?.data as { company?: { id: string }; event?: { id: string } } | undefined;
    if (!data?.company || !data.event)
      throw new Error(`could not read the ids of ${row.company} and ${row.eventSlug}: ${ids.text}`);
    targets.push({ ...row, companyId: data.company.id, eventId: data.event.id });
  }
  return targets;
}

/**
 * Removes, through HTTP, what the mix added and did not remove: a write whose answer the run's end cut off
 * may still be committing, so it looks again a few times.
 */
async function removeLeftOvers(db: Kysely<Database>, url: string, token: string, known: string[]): Promise<void> {
  const dummy = { company: '', companyId: '', eventSlug: '', eventId: '', date: '' };
  const leftOver = async () =>
    (await sql<{ id: string }>`select id::text from sponsorship where role = ${ROLE}`.execute(db)).rows.map((r) =>
      Buffer.from(`Sponsorship:${r.id}`).toString('base64'),
    );
  for (const id of known) await sendOnce(url, writeRequest(dummy, id, token));
  // Done when three looks in a row, 250 ms apart, find none: a write still in flight when the
  // first look came has committed (or failed) by then.
  let clean = 0;
  for (let attempt = 0; attempt < 20 && clean < 3; attempt += 1) {
    const ids = await leftOver();
    clean = ids.length === 0 ? clean + 1 : 0;
    for (const id of ids) await sendOnce(url, writeRequest(dummy, id, token));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (clean >= 3) return;
  const left = (await leftOver()).length;
  if (left) throw new Error(`${left} sponsorships added by the dashboard mix could not be removed`);
}

async function comparePeer(sets: readonly PollSet[], service: Served, peer: Served) {
  const documents = dashboardDocuments();
  const result = { compared: 0, equal: 0, differences: [] as string[] };
  for (const set of sets) {
    const [a, b] = await Promise.all([
      sendOnce(service.url, readRequest(set, documents)),
      sendOnce(peer.url, { op: set.op, ...peerDashboardRequest(set) }),
    ]);
    result.compared += 1;
    const diff =
      a.json?.data && b.json?.data && !b.json.errors
        ? peerDifference(set, a.json.data as Record<string, unknown>, b.json.data as Record<string, unknown>)
        : `no data: service ${a.text.slice(0, 200)} / PostGraphile ${b.text.slice(0, 200)}`;
    if (diff) result.differences.push(`${set.key}: ${diff}`);
    else result.equal += 1;
  }
  return result;
}

/** The poll sets' reads alone, in the service's documents or PostGraphile's. */
function readsOnly(sets: readonly PollSet[], toPeer: boolean): RequestFactory {
  const weights = sets.map((s) => s.weight);
  const documents = dashboardDocuments();
  return (random) => {
    const set = sets[random.weightedIndex(weights)] as PollSet;
    return toPeer ? { ...readRequest(set, documents), send: peerDashboardRequest(set) } : readRequest(set, documents);
  };
}

const emptyOutcome = (): MixOutcome => ({
  reads: 0,
  judged: 0,
  judgedAfterWrite: 0,
  overlapping: 0,
  writes: 0,
  stale: [],
});

function addOutcome(total: MixOutcome, one: MixOutcome): void {
  total.reads += one.reads;
  total.judged += one.judged;
  total.judgedAfterWrite += one.judgedAfterWrite;
  total.overlapping += one.overlapping;
  total.writes += one.writes;
  total.stale.push(...one.stale);
}

export async function runDashboardMix(options: DashboardOptions): Promise<DashboardResult> {
  const { db, cached, uncached, peer, log } = options;
  const sets = pollSets(options.sponsors, await lastHeldDate(db));
  const documents = dashboardDocuments();
  const targets = await withIds(uncached.url, await writeTargetRows(db, options.sponsors));
  const tokenName = `dashboard-mix-${Date.now()}`;
  const token = await createToken(db, tokenName, 'write');
  const failures: string[] = [];
  const cachedRuns: LoadRun[] = [];
  const readsOnlyRuns: LoadRun[] = [];
  const uncachedRuns: LoadRun[] = [];
  const peerRuns: LoadRun[] = [];
  const cachedMix = emptyOutcome();
  const uncachedMix = emptyOutcome();
  let peerFidelity = { compared: 0, equal: 0, differences: [] as string[] };
  try {
    if (peer) {
      peerFidelity = await comparePeer(sets, uncached, peer);
      log(`dashboard: PostGraphile equal data on ${peerFidelity.equal}/${peerFidelity.compared} poll sets`);
      for (const d of peerFidelity.differences) failures.push(`dashboard PostGraphile answers other data: ${d}`);
    }
    const load = async (served: Served, durationS: number, seed: number, withWrites: boolean) => {
      if (!withWrites) {
        return {
          run: await runLoad({
            url: served.url,
            pid: served.pid,
            connections: options.connections,
            durationS,
            seed,
            next: readsOnly(sets, served === peer),
            check: () => null,
            ...(options.backendCpu ? { backendCpu: options.backendCpu } : {}),
          }),
          outcome: null,
        };
      }
      const mix = await createMix({ sets, documents, targets, truthUrl: uncached.url, token });
      const run = await runLoad({
        url: served.url,
        pid: served.pid,
        connections: options.connections,
        durationS,
        seed,
        next: mix.next,
        check: mix.check,
        ...(options.backendCpu ? { backendCpu: options.backendCpu } : {}),
      });
      const outcome = await mix.finish();
      await removeLeftOvers(db, served.url, token, outcome.leftOver ? [outcome.leftOver.id] : []);
      return { run, outcome };
    };
    log('dashboard: warming up');
    await load(cached, 1, 1, true);
    await load(uncached, 1, 1, true);
    if (peer) await load(peer, 1, 1, false);
    for (let round = 0; round < options.rounds; round += 1) {
      const seed = 5000 + round;
      const a = await load(cached, options.durationS, seed, true);
      cachedRuns.push(a.run);
      if (a.outcome) addOutcome(cachedMix, a.outcome);
      readsOnlyRuns.push((await load(cached, options.durationS, seed, false)).run);
      const b = await load(uncached, options.durationS, seed, true);
      uncachedRuns.push(b.run);
      if (b.outcome) addOutcome(uncachedMix, b.outcome);
      if (peer) peerRuns.push((await load(peer, options.durationS, seed, false)).run);
    }
  } finally {
    await revokeToken(db, tokenName);
  }
  const result: DashboardResult = {
    sets: sets.map((s) => ({ key: s.key, op: s.op, variables: s.variables, weight: s.weight })),
    connections: options.connections,
    cached: summarize(mergeRuns(cachedRuns)),
    cachedReadsOnly: summarize(mergeRuns(readsOnlyRuns)),
    uncached: summarize(mergeRuns(uncachedRuns)),
    peer: peerRuns.length ? summarize(mergeRuns(peerRuns)) : null,
    cachedMix,
    uncachedMix,
    peerFidelity,
    failures,
  };
  for (const [name, mix] of [
    ['cached', cachedMix],
    ['uncached', uncachedMix],
  ] as const) {
    for (const stale of mix.stale) failures.unshift(`dashboard ${name}: ${stale}`);
  }
  for (const [name, summary] of [
    ['cached', result.cached],
    ['cached reads only', result.cachedReadsOnly],
    ['uncached', result.uncached],
    ['PostGraphile', result.peer],
  ] as const) {
    for (const sample of summary?.failureSamples ?? []) failures.push(`dashboard ${name}: ${sample}`);
  }
  return result;
}
