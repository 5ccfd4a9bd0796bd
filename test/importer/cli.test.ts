import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { startServer } from '../helpers/server-process.ts';

// The command-line tools as a user runs them: real processes on a real
// embedded database.

const V1 = 'test/fixtures/import/v1';
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'meetup-graph-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const env = (dataDir: string) => ({ ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, NODE_ENV: 'production' });

function tool(script: string, args: string[], dataDir: string) {
  return run(process.execPath, ['--import', 'tsx', script, ...args], { env: env(dataDir) }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function auditEntries(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    return await database.db
      .selectFrom('audit_entry')
      .select(['token_name', 'mutation', 'after'])
      .orderBy('id')
      .execute();
  } finally {
    await database.close();
  }
}

describe('usage errors exit 2 and name what was wrong, before any database is opened', () => {
  it.each([
    ['src/importer/cli.ts', ['--bogus', V1], /meetup-graph-import: Unknown option '--bogus'/],
    ['src/importer/cli.ts', ['posts-that-are-not-there/'], /no such file or directory: posts-that-are-not-there\//],
    ['src/importer/cli.ts', [], /name at least one post file or directory/],
    ['src/db/migrate-cli.ts', ['--bogus'], /db:migrate: Unknown option '--bogus'/],
    ['src/modules/token/token-cli.ts', ['create', '--name', 'x', '--scope', 'root'], /--scope must be write or admin/],
  ])(
    '%s %j',
    async (script, args, message) => {
      const dataDir = join(scratch, `usage-${Math.random().toString(36).slice(2)}`);
      const result = await tool(script, args, dataDir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/usage: /);
      expect(existsSync(dataDir)).toBe(false);
    },
    60_000,
  );
});

describe('the importer CLI', () => {
  it('--json writes only the JSON report on stdout, and the import is in the audit trail as the CLI with its file', async () => {
    const dataDir = join(scratch, 'audited');
    const result = await tool('src/importer/cli.ts', ['--json', V1], dataDir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 2, failed: 0 });
    expect(result.stderr).toMatch(/\[2\/2\] created/);
    const entries = await auditEntries(dataDir);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({ token_name: 'cli', mutation: 'import' });
      expect(JSON.stringify(entry.after)).toMatch(/test\/fixtures\/import\/v1\/2031-0\d-\d\d-example-native-meetup/);
    }
  }, 120_000);

  const built = existsSync('dist/src/bundle/import-cli.mjs');
  it.skipIf(!built)(
    'through npx (the package bin, compiled), stdout is still only JSON',
    async () => {
      const dataDir = join(scratch, 'npx');
      const { stdout } = await run('npx', ['--no-install', 'meetup-graph-import', '--json', '--dry-run', V1], {
        env: env(dataDir),
      });
      expect(JSON.parse(stdout)).toMatchObject({ created: 2, dryRun: true });
    },
    120_000,
  );

  it('imports into a running embedded server through it, audited as the CLI', async () => {
    const dataDir = join(scratch, 'served');
    const server = await startServer({ DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'false' });
    try {
      const result = await tool('src/importer/cli.ts', [V1], dataDir);
      expect(result.stderr).toMatch(/the embedded server is running on .*; sending the posts to it/);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/2 posts in .*the running server at http:\/\/127\.0\.0\.1:\d+.*: 2 created/);
      const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ events(filter: { status: HELD }) { totalCount } }' }),
      });
      expect(await response.json()).toEqual({ data: { events: { totalCount: 2 } } });
      // Again: the server reports both posts unchanged.
      const again = await tool('src/importer/cli.ts', ['--json', V1], dataDir);
      expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: 2, failed: 0 });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
    const entries = await auditEntries(dataDir);
    expect(entries.map((e) => [e.token_name, e.mutation])).toEqual([
      ['cli', 'importRoundup'],
      ['cli', 'importRoundup'],
    ]);
  }, 120_000);
});
