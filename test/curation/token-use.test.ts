import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newQueryStats, withQueryStats } from '../../src/db/query-counter.ts';
import { authenticate, createToken } from '../../src/modules/token/token.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A token's last use is recorded at most once a minute, and a use within
// that minute costs no write at all: a curator's burst of writes reads the
// token once per request and changes nothing else.

describe('recording a token use', () => {
  let database: TestDatabase;
  let token: string;
  const lastUsed = async () =>
    (
      await sql<{ at: Date | null }>`select last_used_at as at from api_token where name = 'use-test'`.execute(
        database.db,
      )
    ).rows[0]?.at ?? null;
  const authenticated = async () => {
    const stats = newQueryStats();
    const principal = await withQueryStats(stats, () => authenticate(database.db, `Bearer ${token}`));
    return { principal, statements: stats.statements };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    token = await createToken(database.db, 'use-test', 'write');
  });
  afterAll(() => database?.close());

  it('records the first use, skips the write within a minute, and records again after it', async () => {
    expect(await lastUsed()).toBeNull();
    const first = await authenticated();
    expect(first.principal?.name).toBe('use-test');
    expect(first.statements).toBe(2);
    const recorded = await lastUsed();
    expect(recorded).not.toBeNull();

    const again = await authenticated();
    expect(again.principal?.name).toBe('use-test');
    expect(again.statements).toBe(1);
    expect(await lastUsed()).toEqual(recorded);

    await sql`update api_token set last_used_at = now() - interval '2 minutes' where name = 'use-test'`.execute(
      database.db,
    );
    const later = await authenticated();
    expect(later.statements).toBe(2);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads a wrong token as no one, with no write', async () => {
    const stats = newQueryStats();
    const principal = await withQueryStats(stats, () => authenticate(database.db, 'Bearer mgt_nope'));
    expect(principal).toBeNull();
    expect(stats.statements).toBe(1);
  });
});
