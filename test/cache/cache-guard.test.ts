import { createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import { describe, expect, it } from 'vitest';
import { guardCache } from '../../src/cache/response-cache.ts';
import { traceStatement } from '../../src/db/sql-trace.ts';

// An answer computed by a request that began reading before a change is
// never stored, even when a request that began after the change looked up
// and stored the same key meanwhile (the interleaving a dashboard's polling
// produces under load).

const OLD = { data: { stats: { talks: 608 } } };

/** A promise that settles when `release` is called: where a request waits in a test. */
function closedGate(): { gate: Promise<void>; release: () => void } {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { gate, release };
}
const NEW = { data: { stats: { talks: 609 } } };

describe('the response cache guard', () => {
  it('drops the older request answer and keeps the newer one, in either order of storing', async () => {
    for (const newerStoresFirst of [true, false]) {
      const guard = guardCache(createInMemoryCache());
      const { gate, release } = closedGate();
      // Request A misses and runs its first statement, and is still computing when the write commits.
      const { gate: reading, release: readStarted } = closedGate();
      const older = guard.begin(async () => {
        expect(await guard.cache.get('stats')).toBeFalsy();
        traceStatement('select count(*) from talk');
        readStarted();
        await gate;
        await guard.cache.set('stats', OLD, [], 60_000);
      });
      await reading;
      guard.changed();
      const newer = guard.begin(async () => {
        expect(await guard.cache.get('stats')).toBeFalsy();
        if (!newerStoresFirst) await gate;
        await guard.cache.set('stats', NEW, [], 60_000);
      });
      if (newerStoresFirst) await newer;
      release();
      await Promise.all([older, newer]);
      expect(await guard.cache.get('stats')).toEqual(NEW);
    }
  });

  it('counts a request that read nothing before the change as one of the new generation', async () => {
    const guard = guardCache(createInMemoryCache());
    const { gate, release } = closedGate();
    // Under way when the write commits, but its lookup (and so every statement) comes after it.
    const before = guard.begin(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await guard.cache.get('stats')).toBeFalsy();
      traceStatement('select count(*) from talk');
      await gate;
      await guard.cache.set('stats', NEW, [], 60_000);
    });
    guard.changed();
    await new Promise((resolve) => setTimeout(resolve, 40));
    // A request of the new generation waits for its answer rather than computing the same one.
    const after = guard.begin(() => guard.cache.get('stats'));
    release();
    await before;
    expect(await after).toEqual(NEW);
    expect(await guard.cache.get('stats')).toEqual(NEW);
  });

  it('stores the answers of requests that began after the last change', async () => {
    const guard = guardCache(createInMemoryCache());
    guard.changed();
    await guard.begin(() => guard.cache.set('stats', NEW, [], 60_000));
    expect(await guard.cache.get('stats')).toEqual(NEW);
  });

  it('computes one answer for requests of the same generation that miss together', async () => {
    const guard = guardCache(createInMemoryCache());
    const { gate, release } = closedGate();
    const first = guard.begin(async () => {
      expect(await guard.cache.get('stats')).toBeFalsy();
      await gate;
      await guard.cache.set('stats', NEW, [], 60_000);
    });
    const second = guard.begin(() => guard.cache.get('stats'));
    release();
    await first;
    // The second request waited for the first one's answer instead of computing its own.
    expect(await second).toEqual(NEW);
  });

  it('lets a waiting request compute itself as soon as the one computing ends without storing', async () => {
    const guard = guardCache(createInMemoryCache());
    const { gate, release } = closedGate();
    // An answer that is not cached (errors, introspection): the request ends without storing.
    const first = guard.begin(async () => {
      expect(await guard.cache.get('schema')).toBeFalsy();
      await gate;
    });
    const started = performance.now();
    const second = guard.begin(() => guard.cache.get('schema'));
    setTimeout(release, 50);
    await first;
    expect(await second).toBeFalsy();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
