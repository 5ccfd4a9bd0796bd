import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server-process.ts';

// `npm start` runs the compiled build (npm ci builds it through `prepare`).
// A first start on an empty data directory begins from the prebuilt
// snapshot of the default graph instead of initdb + migrations + its load; a second start
// opens what the first one left.

const built = existsSync('dist/src/bundle/server.mjs') && existsSync('dist/snapshots/history.tar');
if (!built) console.warn('skipped: the compiled-start test needs the build (npm run build; npm ci runs it)');

describe.skipIf(!built)('the compiled server', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'meetup-graph-compiled-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('starts an empty data directory from the default-graph snapshot, then reopens it', async () => {
    const env = { DATABASE_URL: '', DATA_DIR: join(scratch, 'data'), NODE_ENV: 'production' };
    for (const expected of ['database created from the prebuilt snapshot', 'database opened']) {
      const server = await startServer(env, 60_000, 'compiled');
      try {
        expect(server.stdout()).toContain(expected);
        const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ events(filter: { status: HELD }) { totalCount } }' }),
        });
        expect(await response.json()).toEqual({ data: { events: { totalCount: 53 } } });
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exit).toBe(0);
      }
    }
  }, 120_000);
});
