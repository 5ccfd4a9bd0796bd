// Posts written in other organisers' styles (test/fixtures/styles, made up for
// the project): a numbered list of talks with bold speakers and italic or
// linked titles, and prose with photos after their paragraphs. Every fact
// the parser should read from them, checked one by one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePost } from '../../src/importer/parse-post.ts';

const STYLES = 'test/fixtures/styles';
const style = (name: string) => parsePost(readFileSync(join(STYLES, name), 'utf8'), { path: name });
const talkFacts = (p: ReturnType<typeof style>) =>
  p.talks.map((t) => ({
    title: t.title,
    speakers: t.speakers,
    startSeconds: t.startSeconds,
    link: t.link,
    takeaways: t.takeaways.length,
  }));

describe('a numbered list of talks, one per item', () => {
  const p = style('2034-04-05-quayside-cloud-club-april-2034.md');

  it('reads the setting: venue as an apposition, hybrid from the clause after "while"', () => {
    expect([p.venue, p.format, p.attendeeCount]).toEqual(['Ferrybridge', 'HYBRID', 40]);
  });

  it('reads the sponsors, the acronym as an alias and not a new sponsor', () => {
    expect(p.sponsors.map((s) => s.name)).toEqual(['Ferrybridge', 'Lowtide Data Collective', 'Northern Kiln']);
    expect(p.companyAliases?.map((a) => [a.name, a.alias])).toEqual([['Lowtide Data Collective', 'LDC']]);
  });

  it('reads the host and speakers without their honorifics, the longer forms as aliases', () => {
    expect(p.hosts.map((h) => [h.name, h.company])).toEqual([['Sunniva Hale', 'Quayside Cloud Club']]);
    expect(p.aliases?.map((a) => a.alias)).toEqual(['Dr Sunniva Hale', 'Prof. Idris Mbeki']);
  });

  it('reads each item as a talk with its nested takeaways; the promo heading titles nothing', () => {
    expect(talkFacts(p)).toEqual([
      {
        title: 'Build Caches That Forget',
        speakers: [{ name: 'Idris Mbeki', company: 'Northern Kiln' }],
        startSeconds: 250,
        link: null,
        takeaways: 2,
      },
      {
        title: 'Ship It! Releasing Every Day',
        speakers: [{ name: 'Lena Sorvino', company: 'Lowtide Data' }],
        startSeconds: 1980,
        link: 'https://video.example/quay/apr?t=1980',
        takeaways: 3,
      },
      {
        title: 'Tracing Without the Bill',
        speakers: [{ name: 'Tomas Greer', company: 'Ferrybridge' }],
        startSeconds: null,
        link: null,
        takeaways: 1,
      },
    ]);
    expect(p.talks.every((t) => t.rule === 'talks/talk-per-item-list')).toBe(true);
  });

  it('reads the next meetup, the weekday trusted over the contradicting day', () => {
    expect(p.next).toMatchObject({
      date: '2034-05-03',
      dateAsWritten: 'Wednesday 4th May',
      companies: ['Saltmarsh Systems', 'Kelp Cloud'],
      rsvpUrl: 'https://events.example/quay/may',
    });
  });
});

describe('prose with photos after their paragraphs', () => {
  const p = style('2034-05-03-fenland-platform-meetup-may-2034.md');

  it('reads the setting: in person, the livestream negated in its clause', () => {
    expect([p.venue, p.format]).toEqual(['Marram', 'IN_PERSON']);
    expect(p.sponsors.map((s) => [s.name, s.url])).toEqual([['Marram', 'https://marram.example/']]);
  });

  it('reads three talks: a company set off by a comma, a "?" inside a title, "NAME heads up … at ORG"', () => {
    expect(talkFacts(p)).toEqual([
      {
        title: 'Golden Images, Rusty Pipelines',
        speakers: [{ name: 'Noor Halloran', company: 'Marram' }],
        startSeconds: 300,
        link: 'https://video.example/fen/may?t=300',
        takeaways: 0,
      },
      {
        title: 'Retries Considered Harmful? Mostly',
        speakers: [{ name: 'Bea Linden', company: 'OSIER' }],
        startSeconds: 1860,
        link: null,
        takeaways: 0,
      },
      {
        title: 'Why Your Runbooks Rot',
        speakers: [{ name: 'Pim Vasquez', company: 'Reedbed Labs' }],
        startSeconds: 3500,
        link: null,
        takeaways: 2,
      },
    ]);
  });

  it('never reads a company the title lists as a person', () => {
    const names = p.talks.flatMap((t) => t.speakers.map((s) => s.name));
    expect(names.some((n) => ['Marram', 'OSIER', 'Reedbed Labs'].includes(n))).toBe(false);
  });

  it('reads the next meetup from the sentence', () => {
    expect(p.next).toMatchObject({ date: '2034-06-07', companies: ['Saltmarsh Systems'] });
  });
});
