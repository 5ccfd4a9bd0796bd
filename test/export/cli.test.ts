import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// npm run export / npm run load as a user runs them: real processes, real
// files, embedded databases in their own directories.

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'meetup-graph-export-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tool(script: string, args: string[], dataDir: string) {
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, NODE_ENV: 'production' };
  return run(process.execPath, ['--import', 'tsx', script, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const EXPORT = 'src/export/export-cli.ts';
const LOAD = 'src/export/load-cli.ts';

describe('export and load on the command line', () => {
  it('exports an embedded database, loads it into another, and refuses to load it twice', async () => {
    const first = join(scratch, 'first');
    const second = join(scratch, 'second');
    const file = join(scratch, 'graph.ndjson');
    expect((await tool('src/importer/cli.ts', ['test/fixtures/posts'], first)).code).toBe(0);
    const exported = await tool(EXPORT, ['--out', file], first);
    expect(exported.stderr).toMatch(/exported \d+ rows from the embedded database/);
    expect(exported.code).toBe(0);
    const loaded = await tool(LOAD, [file], second);
    expect(loaded.stderr).toMatch(/loaded \d+ rows from .* into the embedded database/);
    expect(loaded.code).toBe(0);
    const again = await tool(EXPORT, ['--out', join(scratch, 'again.ndjson')], second);
    expect(again.code).toBe(0);
    expect(readFileSync(join(scratch, 'again.ndjson'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    const twice = await tool(LOAD, [file], second);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/the database is not empty \(rows in .*\).*--replace.*nothing was loaded/);
    const replaced = await tool(LOAD, [file, '--replace'], second);
    expect(replaced.code).toBe(0);

    const cut = join(scratch, 'cut.ndjson');
    writeFileSync(cut, readFileSync(file, 'utf8').split('\n').slice(0, 6).join('\n'));
    const truncated = await tool(LOAD, [cut], join(scratch, 'third'));
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(
      /cut\.ndjson:6: the document ends at line 6 without its closing line.*nothing was loaded/,
    );
    // Four fresh embedded databases (initdb each) and seven processes: minutes on a loaded machine.
  }, 600_000);

  it.each([
    [EXPORT, [], /--out FILE is required/],
    [EXPORT, ['--out', 'no-such-directory/x.ndjson'], /no such directory: no-such-directory/],
    [EXPORT, ['--out', 'x.ndjson', '--facts-only', '--with-audit'], /exclude each other/],
    [LOAD, [], /name the document to load/],
    [LOAD, ['no-such-file.ndjson'], /no such file: no-such-file\.ndjson/],
    [LOAD, ['--bogus'], /Unknown option '--bogus'/],
  ])(
    '%s %j is a usage error',
    async (script, args, message) => {
      const dataDir = join(scratch, `usage-${Math.random().toString(36).slice(2)}`);
      const result = await tool(script, args as string[], dataDir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(dataDir)).toBe(false);
    },
    60_000,
  );
});
