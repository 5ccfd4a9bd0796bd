import { createToken } from '../src/modules/token/token.ts';
import { lastHeldDate, withIds, writeTargetRows } from './dashboard-mix.ts';
import { dashboardDocuments, pollSets } from './dashboard-operations.ts';
import { createMix } from './dashboard-truth.ts';
import { openTarget } from './db.ts';
import { runLoad, summarize } from './load.ts';
import { startService } from './processes.ts';

// The dashboard mix in bench:smoke: a few seconds on the embedded database
// with the response cache on and 5 % writes (enough for a few in a short
// run), no timings. PGlite opens a directory from one process, so the
// service is its own ground truth: requests that carry a token are never
// answered from the cache. Asserts writes happened, reads after them were
// judged, none was stale and the cache answered some.

export async function dashboardSmoke(
  dir: string,
  sponsors: readonly string[],
): Promise<{ passed: string[]; failed: string[] }> {
  const database = await openTarget({ kind: 'embedded', dir });
  const rows = await writeTargetRows(database.db, sponsors);
  const last = await lastHeldDate(database.db);
  const token = await createToken(database.db, 'dashboard-smoke', 'write');
  await database.close();
  const service = await startService({ DATA_DIR: dir }, 'service-cached', { RESPONSE_CACHE: 'true' });
  try {
    const mix = await createMix({
      sets: pollSets(sponsors, last),
      documents: dashboardDocuments(),
      targets: await withIds(service.url, rows),
      truthUrl: service.url,
      truthHeaders: { authorization: `Bearer ${token}` },
      token,
      writeShare: 0.05,
    });
    const run = summarize(
      await runLoad({
        url: service.url,
        pid: service.pid,
        connections: 4,
        durationS: 3,
        seed: 7,
        next: mix.next,
        check: mix.check,
      }),
    );
    const outcome = await mix.finish();
    const passed: string[] = [];
    const failed: string[] = [];
    const expect = (ok: boolean, what: string) => (ok ? passed : failed).push(what);
    expect(
      run.failures === 0,
      `dashboard mix: ${run.failures} of ${run.requests} failed ${run.failureSamples[0] ?? ''}`,
    );
    expect(outcome.writes > 0, `dashboard mix: ${outcome.writes} writes`);
    expect(
      outcome.judgedAfterWrite > 0,
      `dashboard mix: ${outcome.judged} reads judged, ${outcome.judgedAfterWrite} after a write`,
    );
    expect(outcome.stale.length === 0, `dashboard mix: ${outcome.stale.length} stale reads ${outcome.stale[0] ?? ''}`);
    expect(run.hitRate > 0, `dashboard mix: cache hit rate ${(run.hitRate * 100).toFixed(1)} %`);
    return { passed, failed };
  } finally {
    await service.stop();
  }
}
