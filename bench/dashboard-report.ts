import type { DashboardResult } from './dashboard-mix.ts';
import { WRITE_SHARE } from './dashboard-truth.ts';
import { fmt, fmtRatio, ratio, table, verdict } from './report.ts';

// The dashboard mix's section of the benchmark report.

const TARGET = 10;

export function renderDashboard(d: DashboardResult): string[] {
  const out: string[] = [];
  out.push(`### Dashboard mix: cached, uncached and PostGraphile (${d.connections} connections)`);
  out.push('');
  out.push(
    `${d.sets.length} poll sets, polled again and again (${d.sets.map((s) => `${s.key} ${fmt(s.weight, 1)} %`).join('; ')}), ` +
      `and ${WRITE_SHARE * 100} % writes (a sponsorship of one of the three sponsors at a recent meetup, added through ` +
      'HTTP with a write token, and removed again by the next write). Every read sent after a write’s answer and not ' +
      'overlapping another write is compared byte for byte with the answer of the service without a response cache, ' +
      'fetched after that write; PostGraphile gets the reads only, as its documents for the same rows. The ' +
      'cached service also runs the reads alone, to show what the writes cost it (each drops every cached answer).',
  );
  out.push('');
  const rows: [string, DashboardResult['cached'] | null, DashboardResult['cachedMix'] | null][] = [
    ['service, RESPONSE_CACHE=true', d.cached, d.cachedMix],
    ['the same, reads only (no writes)', d.cachedReadsOnly, null],
    ['service, no response cache', d.uncached, d.uncachedMix],
    ['PostGraphile', d.peer, null],
  ];
  out.push(
    table(
      [
        'server',
        'req/s',
        'cached / this',
        'p50 ms',
        'p99 ms',
        'hit rate',
        'response bytes',
        'Node CPU ms/req',
        'PG CPU ms/req',
        'writes',
        'reads judged (after a write)',
        'stale reads',
        'failures',
      ],
      rows.map(([name, s, mix]) => [
        name,
        fmt(s?.rps),
        fmtRatio(ratio(d.cached.rps, s?.rps)),
        fmt(s?.p50, 2),
        fmt(s?.p99, 2),
        s && Number.isFinite(s.hitRate) ? `${fmt(s.hitRate * 100, 1)} %` : '–',
        fmt(s?.bytesPerResponse, 0),
        fmt(s?.cpuMsPerRequest, 2),
        fmt(s?.backendCpuMsPerRequest, 2),
        mix ? mix.writes : '–',
        mix ? `${mix.judged} (${mix.judgedAfterWrite})` : '–',
        mix ? mix.stale.length : '–',
        s?.failures ?? '–',
      ]),
    ),
  );
  out.push('');
  const q = ratio(d.cached.rps, d.peer?.rps);
  const stale = d.cachedMix.stale.length + d.uncachedMix.stale.length;
  out.push(
    `Target: cached at least ${TARGET}x PostGraphile's req/s: ${fmtRatio(q)}, ${verdict(q === null ? null : q >= TARGET)}. ` +
      `Stale reads found: ${stale}. PostGraphile's answers carry the same data on ${d.peerFidelity.equal}/${d.peerFidelity.compared} poll sets ` +
      '(bench/peer/dashboard.ts says what is compared).',
  );
  out.push('');
  return out;
}
