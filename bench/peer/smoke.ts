import pg from 'pg';
import { compareAnswers } from '../compare.ts';
import { openTarget } from '../db.ts';
import type { PreparedOperation } from '../operations.ts';
import { type Served, startService } from '../processes.ts';
import { loadSamples } from '../samples.ts';
import { seed } from '../seed.ts';
import {
  ensurePeerInstalled,
  PEER_QUERIES,
  peerComparable,
  setupPeerDatabase,
  startPostgraphile,
} from './postgraphile.ts';

// The smoke's peer step: on a scale-1 database of its own on a PostgreSQL
// server (PostGraphile needs one), PostGraphile must answer the same data as
// the service for Q0, Q1, Q2 and Q4. Skipped, and said so, when Node 22 and
// PostGraphile cannot be installed or no server is reachable.
//
// BENCH_PEER_ADMIN_URL: a database to create the temporary one from
// (default postgres://postgres@127.0.0.1:5432/postgres).

export type PeerSmoke =
  | { skipped: string }
  | { results: { id: string; identical: number; compared: number; first: string | null }[] };

export async function peerSmoke(
  operations: readonly PreparedOperation[],
  log: (line: string) => void,
): Promise<PeerSmoke> {
  let node: string;
  try {
    node = ensurePeerInstalled(log);
  } catch (error) {
    return { skipped: `Node 22 and PostGraphile could not be installed: ${(error as Error).message}` };
  }
  const admin = new URL(process.env.BENCH_PEER_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `mg_smoke_peer_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(`create database ${name}`);
  } catch (error) {
    await client.end().catch(() => {});
    return { skipped: `no PostgreSQL server to run PostGraphile on at ${admin.host}: ${(error as Error).message}` };
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const started: Served[] = [];
  let dropSetup: (() => Promise<void>) | null = null;
  try {
    await seed({ kind: 'server', url: url.toString() }, { scale: 1, quiet: true });
    const database = await openTarget({ kind: 'server', url: url.toString() });
    const samples = await loadSamples(database.db).finally(() => database.close());
    dropSetup = await setupPeerDatabase(url.toString());
    const service = await startService({ DATABASE_URL: url.toString() });
    started.push(service);
    const peer = await startPostgraphile(node, url.toString());
    started.push(peer);
    const results = [];
    for (const op of operations.filter((o) => !o.skipped && PEER_QUERIES.includes(o.id)).map(peerComparable)) {
      const fidelity = await compareAnswers(op, samples, service, peer, true);
      results.push({
        id: op.id,
        identical: fidelity.identical,
        compared: fidelity.compared,
        first: fidelity.differences[0] ?? fidelity.errors[0] ?? null,
      });
    }
    return { results };
  } finally {
    for (const served of started) await served.stop();
    if (dropSetup) await dropSetup().catch(() => {});
    await client.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await client.end().catch(() => {});
  }
}
