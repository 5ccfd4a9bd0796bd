import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/types.ts';
import type { Samples } from './operations.ts';
import { Random } from './prng.ts';
import { WORDS } from './vocabulary.ts';

// Request variables come from the seeded database itself: real slugs, real
// dates, words that occur in the text. Read once before the servers start
// (an embedded directory can be open in one process only).

async function column(db: Kysely<Database>, query: ReturnType<typeof sql<{ v: string }>>): Promise<string[]> {
  const result = await query.execute(db);
  return result.rows.map((row) => String(row.v));
}

export async function loadSamples(db: Kysely<Database>, seed = 7): Promise<Samples> {
  const eventSlugs = await column(
    db,
    sql<{ v: string }>`select e.slug as v from event e
      where e.status = 'HELD' and exists (select 1 from talk t where t.event_id = e.id) order by e.slug`,
  );
  const speakerSlugs = await column(
    db,
    sql<{ v: string }>`select p.slug as v from person p join talk_speaker ts on ts.person_id = p.id
      group by p.id, p.slug order by count(*) desc, p.slug`,
  );
  const sponsorSlugs = await column(
    db,
    sql<{ v: string }>`select c.slug as v from company c join sponsorship s on s.company_id = c.id
      join event e on e.id = s.event_id where e.status = 'HELD' group by c.id, c.slug order by count(*) desc, c.slug`,
  );
  const allDates = await column(db, sql<{ v: string }>`select date::text as v from event order by date, id`);
  const pageDates = [...new Set(allDates.slice(0, Math.max(1, allDates.length - 100)))];
  const asOfDates = await column(
    db,
    sql<{ v: string }>`select distinct date::text as v from event where status = 'HELD' order by 1`,
  );
  const names = await column(db, sql<{ v: string }>`select name as v from person order by id limit 3000`);
  const companies = await column(db, sql<{ v: string }>`select name as v from company order by id limit 1000`);

  // Search texts: mostly vocabulary words (frequent and rare), some pairs,
  // surnames, company names, and a surname with a typo (trigram matching).
  const random = new Random(seed);
  const searchTerms: string[] = [];
  const common = WORDS.slice(0, 200);
  for (let i = 0; i < 400; i += 1) {
    const kind = random.next();
    if (kind < 0.45) searchTerms.push(random.pick(common));
    else if (kind < 0.7) searchTerms.push(`${random.pick(common)} ${random.pick(common)}`);
    else if (kind < 0.85) searchTerms.push(random.pick(names).split(' ').at(-1) ?? 'cluster');
    else if (kind < 0.95) searchTerms.push(random.pick(companies).split(' ')[0] ?? 'cloud');
    else {
      const surname = random.pick(names).split(' ').at(-1) ?? 'cluster';
      const cut = random.int(1, Math.max(1, surname.length - 2));
      searchTerms.push(surname.slice(0, cut) + surname.slice(cut + 1));
    }
  }
  for (const [what, list] of Object.entries({ eventSlugs, speakerSlugs, sponsorSlugs, pageDates, asOfDates })) {
    if (list.length === 0) throw new Error(`the database has no ${what}: is it seeded (npm run bench:seed)?`);
  }
  return { eventSlugs, speakerSlugs, sponsorSlugs, pageDates, searchTerms, asOfDates };
}
