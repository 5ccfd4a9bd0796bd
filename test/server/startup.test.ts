import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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

  it('a data directory that cannot be created fails at once instead of hanging (Node loops on /proc)', async () => {
    const started = Date.now();
    const { code, stderr } = await failure({ DATA_DIR: '/proc/meetup-graph-nowhere/data' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Data directory \/proc\/meetup-graph-nowhere\/data is not writable: ENOENT/);
    expectOneClearLine(stderr);
    // The check has a 2 s deadline; this bound only tells a hang from an answer.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a directory that holds other files and no database is refused, and the user's files are left alone", async () => {
    const dir = join(scratch, 'documents');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const { code, stderr } = await failure({ DATA_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Data directory .*documents holds other files and no meetup-graph database; set DATA_DIR to a new or empty directory/,
    );
    expectOneClearLine(stderr);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('a port in use is reported before the database is opened', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const dir = join(scratch, 'never-created');
      const { code, stderr } = await failure({ DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^Cannot listen: port already in use .*Set PORT to another port\.$/);
      expectOneClearLine(stderr);
      expect(existsSync(dir)).toBe(false);
    } finally {
      blocker.close();
    }
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
