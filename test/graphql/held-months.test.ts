import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// Timelines count held meetups per period from held_event_month, which a
// trigger on event keeps. These tests move meetups around the calendar and
// between statuses and check the monthly counts against a recount of event.

let app: TestApp;
let seriesA: number;
let seriesB: number;

async function recount(): Promise<Record<string, number>> {
  const rows = await sql<{ month: string; n: number }>`
    select to_char(date_trunc('month', date), 'YYYY-MM-DD') as month, count(*)::int as n
    from event where status = 'HELD' group by 1`.execute(app.database.db);
  return Object.fromEntries(rows.rows.map((r) => [r.month, r.n]));
}

async function kept(): Promise<Record<string, number>> {
  const rows = await sql<{ month: string; n: number }>`
    select to_char(month, 'YYYY-MM-DD') as month, meetups as n from held_event_month where meetups > 0`.execute(
    app.database.db,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.month, r.n]));
}

async function addEvent(series: number, date: string, status: 'HELD' | 'ANNOUNCED' = 'HELD'): Promise<number> {
  const row = await app.database.db
    .insertInto('event')
    .values({ series_id: series, date, title: `Meetup ${date}`, slug: `m-${series}-${date}`, status })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  app = await createTestApp();
  const ids = await app.database.db
    .insertInto('series')
    .values([
      { slug: 'a', name: 'A' },
      { slug: 'b', name: 'B' },
    ])
    .returning('id')
    .execute();
  [seriesA, seriesB] = ids.map((row) => row.id) as [number, number];
});
afterAll(() => app?.close());

describe('held meetups per month', () => {
  it('follow inserts, status changes, moves across months and deletes', async () => {
    const jan = await addEvent(seriesA, '2020-01-08');
    await addEvent(seriesB, '2020-01-08');
    const announced = await addEvent(seriesA, '2020-02-05', 'ANNOUNCED');
    await addEvent(seriesA, '2020-03-04');
    expect(await kept()).toEqual({ '2020-01-01': 2, '2020-03-01': 1 });

    await app.database.db.updateTable('event').set({ status: 'HELD' }).where('id', '=', announced).execute();
    expect(await kept()).toEqual(await recount());
    await app.database.db.updateTable('event').set({ date: '2020-04-01' }).where('id', '=', jan).execute();
    expect(await kept()).toEqual(await recount());
    await app.database.db.updateTable('event').set({ status: 'ANNOUNCED' }).where('id', '=', announced).execute();
    expect(await kept()).toEqual(await recount());
    await app.database.db.deleteFrom('event').where('id', '=', jan).execute();
    expect(await kept()).toEqual({ '2020-01-01': 1, '2020-03-01': 1 });
  });

  it('timelines count from them: every period equals a recount, also across a range', async () => {
    await addEvent(seriesB, '2020-03-18');
    await addEvent(seriesB, '2021-06-09');
    const result = await app.gql(`{
      months: sponsorTimeline(granularity: MONTH) { start events }
      years: sponsorTimeline(granularity: QUARTER, from: "2020-02-10", to: "2021-05-01") { start events }
    }`);
    expect(result.errors).toBeUndefined();
    const months = await recount();
    for (const period of result.data?.months ?? []) expect(period.events).toBe(months[period.start] ?? 0);
    expect(result.data?.months.filter((p: { events: number }) => p.events > 0)).toHaveLength(
      Object.keys(months).length,
    );
    // Quarters from 2020-Q1 (holding Feb 10) to 2021-Q2 (holding May 1): whole quarters.
    expect(result.data?.years.map((p: { events: number }) => p.events)).toEqual([3, 0, 0, 0, 0, 1]);
  });
});
