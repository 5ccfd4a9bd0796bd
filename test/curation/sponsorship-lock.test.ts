import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { lockedSponsorship } from '../../src/modules/sponsorship/sponsorship.repository.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/database.ts';

// A sponsorship locked while another transaction moves it to another
// company (a merge does) is read, once that one commits, as it left it:
// found, with its new company. Needs two connections: PostgreSQL only.

if (!serverUrl) console.warn('skipped: locking a row another transaction holds needs PostgreSQL (DATABASE_URL)');

describe.skipIf(!serverUrl)('lockedSponsorship', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoIfEmpty(database.db);
  });
  afterAll(() => database?.close());

  it('waits for a concurrent move to another company and reads the row as moved', async () => {
    const { db } = database;
    const row = (
      await sql<{ id: number; company_id: number; other: number }>`
        select s.id, s.company_id, (select c.id from company c where c.id <> s.company_id order by c.id limit 1) as other
        from sponsorship s order by s.id limit 1`.execute(db)
    ).rows[0];
    if (!row) throw new Error('the demo graph has no sponsorship');
    let commit: () => void = () => {};
    const committing = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let moved: () => void = () => {};
    const movedYet = new Promise<void>((resolve) => {
      moved = resolve;
    });
    const move = db.transaction().execute(async (trx) => {
      await sql`update sponsorship set company_id = ${row.other} where id = ${row.id}`.execute(trx);
      moved();
      await committing;
    });
    await movedYet;
    const locked = db.transaction().execute((trx) => lockedSponsorship(trx, row.id));
    await new Promise((resolve) => setTimeout(resolve, 200));
    commit();
    await move;
    const read = await locked;
    expect(read?.id).toBe(row.id);
    expect(read?.company_id).toBe(row.other);
    expect(read?.company.id).toBe(row.other);
  });
});
