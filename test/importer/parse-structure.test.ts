// Structure first: talks, sponsors and the next meetup laid out as headings,
// tables, lists and labelled fields, in styles other organisers use. The
// fixtures (test/fixtures/styles) and sentences are made up for the project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../src/importer/parse/markdown.ts';
import { People, type SpeakerContext } from '../../src/importer/parse/people.ts';
import { classifyHeading } from '../../src/importer/parse/sections.ts';
import { sponsorsInList } from '../../src/importer/parse/sponsors.ts';
import { headingTalk, labelledTalk, tableTalks, takeawaysOwner } from '../../src/importer/parse/structure.ts';
import { takeTimestamps } from '../../src/importer/parse/timestamps.ts';
import { parsePost } from '../../src/importer/parse-post.ts';

const STYLES = join(import.meta.dirname, '..', 'fixtures', 'styles');
const style = (name: string) => parsePost(readFileSync(join(STYLES, name), 'utf8'), { path: name });
const ctx = (): SpeakerContext => ({ people: new People(), series: 'Harbour DevOps Night', photo: null });

describe('a heading per talk', () => {
  it.each([
    [
      'Paving the Golden Path — Mira Tollan (Saltmarsh Systems)',
      'Paving the Golden Path',
      'Mira Tollan',
      'Saltmarsh Systems',
    ],
    [
      'Rhea Obi, Gullwing Analytics: Cost Alerts People Read',
      'Cost Alerts People Read',
      'Rhea Obi',
      'Gullwing Analytics',
    ],
    ['Lightning talk: Ten Minutes of Chaos - Tam Fenwick', 'Ten Minutes of Chaos', 'Tam Fenwick', null],
    [
      '[Queues at Scale](https://v.example/q?t=90) | Ines Carro from Driftwood Labs',
      'Queues at Scale',
      'Ines Carro',
      'Driftwood Labs',
    ],
  ])('reads "%s"', (heading, title, name, company) => {
    expect(headingTalk(heading, 5, ctx())).toMatchObject({ title, speakers: [{ name, company }], line: 5 });
  });

  it('reads no talk from a heading that only names a topic or an event', () => {
    expect(headingTalk('Kubernetes Community Days Leeds', 5, ctx())).toBeNull();
    expect(headingTalk('Photos: The Evening in Pictures', 5, ctx())).toBeNull();
  });
});

describe('a table of talks', () => {
  it('reads one talk per row, whatever the order of the columns', () => {
    const md =
      '| Talk | Company | Speaker |\n|---|---|---|\n| [Queues](https://v.example/?t=300) | Driftwood Labs | Ines Carro |';
    const [table] = readMarkdown(md).blocks;
    if (table?.kind !== 'table') throw new Error('expected a table');
    expect(tableTalks(table.header, table.rows, ctx())).toMatchObject([
      { title: 'Queues', startSeconds: 300, speakers: [{ name: 'Ines Carro', company: 'Driftwood Labs' }], line: 3 },
    ]);
  });

  it('reads nothing from a table without a speaker and a talk column', () => {
    const [table] = readMarkdown('| Time | Food |\n|---|---|\n| 18:30 | Pizza |').blocks;
    if (table?.kind !== 'table') throw new Error('expected a table');
    expect(tableTalks(table.header, table.rows, ctx())).toEqual([]);
  });
});

describe('labelled fields', () => {
  it('reads a talk from Speaker, Talk, Video and Slides fields', () => {
    const lines = [
      '**Speaker:** Pia Moreno (Kelp Cloud)',
      '**Talk:** Backups You Can Restore',
      '**Video:** [recording](https://v.example/?t=3000)',
      '**Slides:** https://slides.example/pia',
    ].map((text, i) => ({ text, line: 20 + i }));
    expect(labelledTalk(lines, ctx())).toMatchObject({
      title: 'Backups You Can Restore',
      speakers: [{ name: 'Pia Moreno', company: 'Kelp Cloud' }],
      startSeconds: 3000,
      slidesUrl: 'https://slides.example/pia',
      line: 20,
      rule: 'talks/labelled-fields',
    });
    expect(labelledTalk([{ text: '**Food:** Pizza', line: 1 }], ctx())).toBeNull();
  });
});

describe('"NAME\'s takeaways:" blocks', () => {
  it('give the list to the talk of the speaker named', () => {
    const talk = headingTalk('Tiny Clusters — Ada Quill (Pebblestack)', 3, ctx());
    if (!talk) throw new Error('expected a talk');
    expect(takeawaysOwner("Ada's key takeaways:", [talk])).toBe(talk);
    expect(takeawaysOwner("Ben's takeaways:", [talk])).toBeNull();
  });
});

describe('sponsors and the next meetup from structure', () => {
  it('reads a sponsors list: link text or the item words, without a bracketed acronym', () => {
    const [list] = readMarkdown(
      '- [Saltmarsh Systems](https://s.example/)\n- Gullwing Analytics (GWA) - our cloud partner',
    ).blocks;
    if (list?.kind !== 'list') throw new Error('expected a list');
    expect(sponsorsInList(list.items).map((s) => [s.name, s.url])).toEqual([
      ['Saltmarsh Systems', 'https://s.example/'],
      ['Gullwing Analytics', null],
    ]);
  });

  it('reads the next meetup under a heading that says next or coming up', () => {
    for (const h of ["What's next", 'Next month', 'Coming up', 'Next time']) expect(classifyHeading(h)).toBe('next');
    expect(classifyHeading('Next up: Ada Quill')).toBeNull();
  });

  it('reads "Watch from 12:05" and "[from 0:14:20](…)" as video offsets', () => {
    expect(takeTimestamps('Watch from 12:05 for the demo.').timestamp).toEqual({ seconds: 725, url: null });
    expect(takeTimestamps('A demo [from 0:14:20](https://v.example/?t=860).').timestamp).toEqual({
      seconds: 860,
      url: 'https://v.example/?t=860',
    });
  });
});

describe('whole posts in other styles', () => {
  it('reads a post of talk headings, a sponsors list and a "What\'s next" section', () => {
    const p = style('2034-02-01-harbour-devops-night-february-2034.md');
    expect(p.talks.map((t) => [t.title, t.speakers, t.startSeconds, t.takeaways.length, t.rule])).toEqual([
      ['Paving the Golden Path', [{ name: 'Mira Tollan', company: 'Saltmarsh Systems' }], 725, 2, 'talks/talk-heading'],
      [
        'Cost Alerts People Actually Read',
        [{ name: 'Rhea Obi', company: 'Gullwing Analytics' }],
        null,
        2,
        'talks/talk-heading',
      ],
      ['Ten Minutes of Chaos', [{ name: 'Tam Fenwick', company: null }], 860, 0, 'talks/talk-heading'],
    ]);
    expect(p.sponsors.map((s) => [s.name, s.line, s.rule])).toEqual([
      ['Saltmarsh Systems', 11, 'sponsors/sponsor-list'],
      ['Gullwing Analytics', 12, 'sponsors/sponsor-list'],
    ]);
    expect(p.next).toMatchObject({ date: '2034-03-01', companies: ['Driftwood Labs'], rule: 'next-meetup/section' });
  });

  it('reads a post with a table of talks and a talk in labelled fields', () => {
    const p = style('2034-03-01-harbour-devops-night-march-2034.md');
    expect(
      p.talks.map((t) => [t.title, t.speakers[0], t.startSeconds, t.slidesUrl, t.takeaways.length, t.rule]),
    ).toEqual([
      ['Queues Without Tears', { name: 'Ines Carro', company: 'Driftwood Labs' }, 300, null, 0, 'talks/table-row'],
      [
        'Reading Flame Graphs',
        { name: 'Bo Lindqvist', company: 'Saltmarsh Systems' },
        1800,
        null,
        0,
        'talks/table-row',
      ],
      [
        'Backups You Can Restore',
        { name: 'Pia Moreno', company: 'Kelp Cloud' },
        3000,
        'https://slides.example/pia/backups',
        2,
        'talks/labelled-fields',
      ],
    ]);
  });
});
