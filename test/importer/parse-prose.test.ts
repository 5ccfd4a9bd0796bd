// The general prose rules of the roundup parser, one test per rule, on
// sentences made up for the project.
import { describe, expect, it } from 'vitest';
import { dayWithWeekday, readAnnouncedDate } from '../../src/importer/parse/next-meetup.ts';
import { withoutHonorific } from '../../src/importer/parse/people.ts';
import { attendeesIn, numberInWords } from '../../src/importer/parse/setting.ts';
import { isRoleNoun, withoutAcronym } from '../../src/importer/parse/sponsors.ts';
import { negationVetoes } from '../../src/importer/parse/talk-sentence.ts';
import { cleanTitle, unglueCue } from '../../src/importer/parse/titles.ts';
import { parsePost } from '../../src/importer/parse-post.ts';
import type { ParsedPost } from '../../src/importer/parsed-post.types.ts';

const PATH = '_posts/2033-10-05-platform-tinkerers-leeds-october-2033.md';
const parse = (body: string): ParsedPost =>
  parsePost(
    `---\nlayout: post\ntitle: "Platform Tinkerers Leeds October 2033"\ndescription: "hosted by Priya Ravensworth, Organiser at Lanternfish"\n---\n\nThanks to our sponsors [Lanternfish](https://l.example/).\n\n${body}\n`,
    { path: PATH },
  );
const talk = (sentence: string) => parse(sentence).talks[0];

describe('a company set off by commas', () => {
  it('is the company, not part of the speaker', () => {
    expect(
      talk('Next was Ada Quill, from Brindle Labs, walking us through [Tiny Clusters](https://v.example/1).'),
    ).toMatchObject({ title: 'Tiny Clusters', speakers: [{ name: 'Ada Quill', company: 'Brindle Labs' }] });
  });
});

describe('a bracketed aside with a negative word', () => {
  it('does not veto the talk sentence', () => {
    expect(
      negationVetoes('Ada presented Tiny Clusters (unfortunately the projector failed at first)', false, false),
    ).toBe(false);
    expect(negationVetoes('Unfortunately Ada could not present', false, false)).toBe(true);
  });

  it('never vetoes a sentence with a title link and a timestamp', () => {
    expect(negationVetoes('Unfortunately the sound dropped', true, true)).toBe(false);
    expect(
      talk(
        'Ada Quill from Pebblestack presented [Tiny Clusters](https://v.example/1) (starting at 1:00) while the sound unfortunately dropped twice.',
      ),
    ).toMatchObject({ title: 'Tiny Clusters', startSeconds: 60 });
  });
});

describe('lead-in words left on a title', () => {
  it('strips possessives, articles and "to"', () => {
    expect(cleanTitle('her Ten Lessons From the Pager')).toBe('Ten Lessons From the Pager');
    expect(cleanTitle('to Stop Writing YAML by Hand')).toBe('Stop Writing YAML by Hand');
    expect(cleanTitle('an Honest Look at Flaky Tests')).toBe('Honest Look at Flaky Tests');
  });

  it('allows any run of modifiers before a talk noun', () => {
    expect(
      talk('Ben Ode from Quartzline gave an engaging, practical and very honest talk on Paging Without Tears.'),
    ).toMatchObject({ title: 'Paging Without Tears', speakers: [{ name: 'Ben Ode', company: 'Quartzline' }] });
  });

  it('reads "his thoughts on", "her story behind" and the like after any sharing verb', () => {
    expect(talk('Ben Ode from Quartzline shared his candid thoughts on Release Trains.')?.title).toBe('Release Trains');
    expect(talk('Ada Quill from Pebblestack explained her whole journey with Service Meshes.')?.title).toBe(
      'Service Meshes',
    );
  });

  it('reads "told us to …" as an imperative title', () => {
    expect(talk('Cy Vale from Lanternfish told us to Delete Half Your Dashboards.')?.title).toBe(
      'Delete Half Your Dashboards',
    );
  });
});

describe('words glued together', () => {
  it('splits where lower case turns to upper case after a cue verb', () => {
    expect(unglueCue('Ada was discussingWidget Fleets')).toBe('Ada was discussing Widget Fleets');
    expect(unglueCue('a JavaScript talk on GitHub')).toBe('a JavaScript talk on GitHub');
    expect(talk('Ada Quill from Pebblestack was discussingWidget Fleets at Scale.')?.title).toBe(
      'Widget Fleets at Scale',
    );
  });
});

describe('honorifics', () => {
  it('are not part of the stored name', () => {
    expect(withoutHonorific(['Dr', 'Ada', 'Quill'])).toEqual(['Ada', 'Quill']);
    expect(withoutHonorific(['Prof.', 'Ben', 'Ode'])).toEqual(['Ben', 'Ode']);
    expect(withoutHonorific(['Dr', 'Quill'])).toEqual(['Dr', 'Quill']);
    expect(talk('Dr Ada Quill from Pebblestack talked about [Tiny Clusters](https://v.example/1).')?.speakers).toEqual([
      { name: 'Ada Quill', company: 'Pebblestack' },
    ]);
  });
});

describe('generic thanks', () => {
  it('are not sponsors: role nouns are rejected', () => {
    expect(isRoleNoun('Speakers')).toBe(true);
    expect(isRoleNoun('our wonderful Volunteers')).toBe(true);
    expect(isRoleNoun('Lanternfish')).toBe(false);
    const p = parse('Thanks to our sponsors Kettleworks, Speakers, Volunteers and the Door Staff.');
    expect(p.sponsors.map((s) => s.name)).toEqual(['Lanternfish', 'Kettleworks']);
  });
});

describe('a bracketed acronym in a company list', () => {
  it('is part of its item, and the list goes on', () => {
    expect(withoutAcronym('Harbour Analytics Group (HAG)')).toBe('Harbour Analytics Group');
    const p = parse(
      '## Coming up\n\nJoin us on Wednesday 2nd November, with speakers from Acme, Harbour Analytics Group (HAG), and Fernhill Data.',
    );
    expect(p.next?.companies).toEqual(['Acme', 'Harbour Analytics Group', 'Fernhill Data']);
  });
});

describe('numbers in words', () => {
  it('are read as numbers', () => {
    expect(numberInWords('fifty')).toBe(50);
    expect(numberInWords('forty-two')).toBe(42);
    expect(numberInWords('a hundred')).toBe(100);
    expect(numberInWords('two hundred and fifty')).toBe(250);
    expect(numberInWords('few')).toBeNull();
    expect(attendeesIn('We had roughly fifty attendees in the room.')).toBe(50);
    expect(attendeesIn('Over 120 people came.')).toBe(120);
    expect(attendeesIn('A few people stayed late.')).toBeNull();
  });
});

describe('a weekday contradicting the day', () => {
  it('takes the day of that month with the stated weekday, nearest the written day', () => {
    // 1 November 2031 is a Saturday; the Wednesdays nearest it in November are the 5th.
    expect(dayWithWeekday(2031, 10, 1, 3)).toBe(5);
    expect(dayWithWeekday(2031, 10, 20, 3)).toBe(19);
    const warnings: string[] = [];
    const read = readAnnouncedDate('See you on Wednesday 1st November!', '2031-10-01', -1, 9, (_l, code) =>
      warnings.push(code),
    );
    expect(read).toEqual({ date: '2031-11-05', written: 'Wednesday 1st November' });
    expect(warnings).toEqual(['next-date-weekday-mismatch']);
  });
});

describe('talks known only from a roster sentence', () => {
  it('are one untitled talk per speaker, "of" read as "from"', () => {
    const p = parse(
      'A full room for an evening featuring Ines Carro from Driftwood Labs, Bo Lindqvist from Saltmarsh Systems and Pia Moreno of Kelp Cloud.',
    );
    expect(p.talks.map((t) => [t.title, t.speakers, t.rule])).toEqual([
      [null, [{ name: 'Ines Carro', company: 'Driftwood Labs' }], 'talks/roster-sentence'],
      [null, [{ name: 'Bo Lindqvist', company: 'Saltmarsh Systems' }], 'talks/roster-sentence'],
      [null, [{ name: 'Pia Moreno', company: 'Kelp Cloud' }], 'talks/roster-sentence'],
    ]);
  });

  it('add nothing when the post describes its talks', () => {
    const p = parse(
      'An evening featuring Ines Carro from Driftwood Labs and Bo Lindqvist of Saltmarsh Systems.\n\nInes Carro from Driftwood Labs talked about [Queues](https://v.example/1).',
    );
    expect(p.talks.map((t) => t.title)).toEqual(['Queues']);
  });
});
