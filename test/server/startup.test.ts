import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServer, startServer } from '../helpers/server-process.ts';

// Start-up failures a user can fix end with one clear line naming the cause,
// not a stack trace, and a non-zero exit code.

const scratch = mkdtempSync(join(tmpdir(), 'meetup-graph-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function failure(env: Record<string, string | undefined>) {
  const run = runServer({ DATABASE_URL: '', ...env });
  const code = await run.exit;
  const { stderr } = run.output();
  return { code, stderr: stderr.trim() };
}

function expectOneClearLine(stderr: string) {
  expect(stderr.split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('start-up failures', () => {
  it('a data directory that cannot be written', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a directory');
    const { code, stderr } = await failure({ DATA_DIR: join(file, 'data') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Data directory .*a-file\/data is not writable: ENOTDIR/);
    expectOneClearLine(stderr);
  });

  it('a corrupt data directory', async () => {
    const dir = join(scratch, 'corrupt');
    mkdirSync(join(dir, 'base'), { recursive: true });
    writeFileSync(join(dir, 'PG_VERSION'), 'this is not a database\n');
    const { code, stderr } = await failure({ DATA_DIR: dir });
    expect(code).toBe(1);
    const last = stderr.split('\n').at(-1) ?? '';
    expect(last).toMatch(/^Embedded database in .*corrupt could not be opened .*move it away or set DATA_DIR/);
  });

  it('a data directory another process is using (PGlite serves one process)', async () => {
    const dir = join(scratch, 'shared');
    const first = await startServer({ DATABASE_URL: '', DATA_DIR: dir, SEED_DEMO: 'false' });
    try {
      const { code, stderr } = await failure({ DATA_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^Data directory .*shared is in use by process ${first.child.pid}`));
      expectOneClearLine(stderr);
    } finally {
      first.child.kill('SIGTERM');
      await first.exit;
    }
    // Once it stopped, the directory opens again.
    const second = await startServer({ DATABASE_URL: '', DATA_DIR: dir, SEED_DEMO: 'false' });
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 120_000);

  it('an unreachable DATABASE_URL, with the password kept out of the message', async () => {
    const { code, stderr } = await failure({ DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/meetups' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Cannot connect to DATABASE_URL postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/meetups: .*ECONNREFUSED/,
    );
    expect(stderr).not.toContain('s3cret');
    expectOneClearLine(stderr);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT: expected a whole number, got "eighty"$/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /^Invalid configuration: DATABASE_URL: expected a postgres:\/\/ URL/],
    [{ SEED_DEMO: 'maybe' }, /^Invalid configuration: SEED_DEMO: expected true or false, got "maybe"$/],
  ])('invalid configuration %j', async (env, message) => {
    const { code, stderr } = await failure(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expectOneClearLine(stderr);
  });
});
