import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/types.ts';
import { importParsedPost, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost, ParsedTalk } from '../../src/importer/parsed-post.types.ts';

// A synthetic meetup history for tests: invented people and companies,
// deterministic, with every kind of link a roundup has (hosts, talks with
// several speakers, sponsors, an announcement of the next meetup).

export const SERIES = 'Test Native Meetup';

export function monthlyDate(index: number): string {
  const year = 2020 + Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}-0${1 + (index % 7)}`;
}

export function syntheticPost(index: number): ParsedPost {
  const date = monthlyDate(index);
  const month = new Date(`${date}T00:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  const year = date.slice(0, 4);
  const nextDate = monthlyDate(index + 1);
  return {
    date,
    title: `${SERIES} ${month} ${year}: Acme ${index}, Globex and friends`,
    description: `Roundup number ${index}.`,
    hosts: [
      {
        name: 'Hosty McHostface',
        role: `Organiser at Meetup Org ${index % 2}`,
        company: `Meetup Org ${index % 2}`,
        line: 3,
      },
    ],
    format: index % 3 === 0 ? 'HYBRID' : 'IN_PERSON',
    venue: `Hall ${index % 4}`,
    attendeeCount: 40 + index,
    videoUrl: `https://video.example/evening-${index}`,
    sponsors: [
      { name: 'Globex Corporation', url: 'https://globex.example/', line: 10 },
      { name: `Sponsor ${index % 5}`, url: `https://sponsor${index % 5}.example/`, line: 10 },
    ],
    talks: [0, 1, 2].map((t) => ({
      position: t + 1,
      title: `Talk ${t + 1} of meetup ${index}`,
      speakers:
        t === 1
          ? [
              { name: `Speaker ${(index + t) % 17}`, company: `Company ${(index + t) % 9}` },
              { name: `Zed Cospeaker ${index % 11}`, company: null },
            ]
          : [{ name: `Speaker ${(index + t) % 17}`, company: `Company ${(index * 3 + t) % 9}` }],
      link: `https://video.example/evening-${index}?t=${600 * (t + 1)}`,
      startSeconds: 600 * (t + 1),
      slidesUrl: t === 0 ? `https://slides.example/${index}` : null,
      takeaways: [`First lesson of talk ${t + 1}.`, `Second lesson of talk ${t + 1}.`],
      line: 20 + t * 10,
    })),
    next: { date: nextDate, dateAsWritten: nextDate, companies: [`Company ${index % 9}`], rsvpUrl: null, line: 60 },
    warnings: [],
  };
}

/** Imports `count` synthetic meetups, oldest first. */
export async function seedSyntheticHistory(db: Kysely<Database>, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const post = syntheticPost(i);
    await importParsedPost(db, post, { path: `synthetic/${post.date}.md`, sha256: sha256(JSON.stringify(post)) });
  }
}

/** A talk as the parser gives it, one speaker (name, billed company). */
export function parsedTalk(
  position: number,
  title: string,
  speaker: [string, string | null],
  takeaways: string[],
): ParsedTalk {
  return {
    position,
    title,
    speakers: [{ name: speaker[0], company: speaker[1] }],
    link: null,
    startSeconds: null,
    slidesUrl: null,
    takeaways,
    line: 10 * position,
  };
}

/** A post as the parser gives it: an in-person evening with these talks, nothing else unless `extra` says. */
export function parsedPost(
  date: string,
  title: string,
  description: string | null,
  talks: ParsedTalk[],
  extra: Partial<ParsedPost> = {},
): ParsedPost {
  return {
    date,
    title,
    description,
    hosts: [],
    format: 'IN_PERSON',
    venue: null,
    attendeeCount: null,
    videoUrl: null,
    sponsors: [],
    talks,
    next: null,
    warnings: [],
    ...extra,
  };
}
