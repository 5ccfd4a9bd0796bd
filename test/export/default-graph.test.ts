import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaultIfEmpty } from '../../src/demo/default-graph.ts';
import { DEFAULT_QUERY } from '../../src/yoga.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// The default graph an empty database starts with, and what GraphiQL's
// default query and the README say about it: the figures the README quotes
// are read from the graph here, so a regenerated snapshot that changes them
// fails until the README says the new ones.

let app: TestApp;
const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');

beforeAll(async () => {
  app = await createTestApp();
  expect(await seedDefaultIfEmpty(app.database.db)).toBeGreaterThan(50);
  expect(await seedDefaultIfEmpty(app.database.db)).toBe(0);
}, 120_000);
afterAll(() => app?.close());

describe('the default graph', () => {
  it('has the totals the README gives for a first start', async () => {
    const { data } = await app.gql(`{
      all: events { totalCount } held: events(filter: { status: HELD }) { totalCount }
      talks { totalCount } people { totalCount } companies { totalCount }
    }`);
    expect(readme).toContain(
      `${data?.held.totalCount} held Cloud Native London meetups of 2017–2026 (${data?.talks.totalCount} talks, ${data?.people.totalCount} people, ${data?.companies.totalCount} companies`,
    );
    expect(readme).toContain(
      `so \`events { totalCount }\` is ${data?.all.totalCount} and \`events(filter: { status: HELD }) { totalCount }\` is ${data?.held.totalCount}`,
    );
  });

  it("answers GraphiQL's default query with a person's employers and a sponsor's longest streak", async () => {
    const { data, errors } = await app.gql(DEFAULT_QUERY);
    expect(errors).toBeUndefined();
    const employers = data?.person.affiliations.map((entry: { company: { name: string } }) => entry.company.name);
    expect(new Set(employers).size).toBeGreaterThanOrEqual(3);
    const streak = data?.company.sponsorshipSummary.longestStreak;
    expect(streak.length).toBeGreaterThan(10);
    expect(readme).toContain(`a streak of ${streak.length}`);
    expect(readme).toContain(
      `Tecknuovo sponsored every meetup from the first (${streak.start.date}) to ${streak.end.date}`,
    );
    expect(data?.events.nodes).toHaveLength(3);
  });

  it('backs the README: no speaker was billed with two companies; the nearest example is a host', async () => {
    const { data } = await app.gql(`{ talks(first: 100) { totalCount } }`);
    expect(data?.talks.totalCount).toBeGreaterThan(100);
    const speakers = await app.database.db
      .selectFrom('talk_speaker')
      .select(['person_id'])
      .where('company_id', 'is not', null)
      .groupBy('person_id')
      .having((eb) => eb.fn.count('company_id').distinct(), '>', 1)
      .execute();
    expect(speakers).toEqual([]);
    expect(readme).toContain('No speaker of the corpus was billed with two companies');
  });
});
