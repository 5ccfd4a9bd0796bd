// Hosts, the meetup date, the series name, the next meetup's companies and
// RSVP link, and the evening's video: one rule at a time.
import { describe, expect, it } from 'vitest';
import { checkBodyMonth, monthOfText, readIsoDate, yamlReason } from '../../../src/importer/parse/front-matter.ts';
import { parseHosts, readBodyHost, reconcileHosts } from '../../../src/importer/parse/hosts.ts';
import { announcedCompanies, rsvpIn } from '../../../src/importer/parse/next-meetup.ts';
import { wholeEveningVideo } from '../../../src/importer/parse/setting.ts';
import { seriesName, trimTrailingPunctuation } from '../../../src/importer/parse/vocabulary.ts';

const noWarn = () => {};

describe('hosts', () => {
  it('splits "hosted by NAME, ROLE" at the first comma and reads the company after "at"', () => {
    expect(
      parseHosts('a night of talks, hosted by Priya Ravensworth, Head of Platform, Tools at Lanternfish', 2),
    ).toEqual([
      {
        name: 'Priya Ravensworth',
        role: 'Head of Platform, Tools at Lanternfish',
        company: 'Lanternfish',
        line: 2,
        rule: 'hosts/description-hosted-by',
      },
    ]);
  });

  it('reads a host in the body, and warns when it contradicts the description', () => {
    const body = readBodyHost([{ text: 'The evening was hosted by Ada Quill.', line: 8 }]);
    expect(body).toEqual({ name: 'Ada Quill', line: 8 });
    const codes: string[] = [];
    const hosts = parseHosts('hosted by Priya Ravensworth, Organiser', 2);
    expect(reconcileHosts(hosts, body, 2, (_l, c) => codes.push(c))).toBe(hosts);
    expect(codes).toEqual(['host-conflict']);
    expect(reconcileHosts([], body, 2, noWarn)[0]).toMatchObject({ name: 'Ada Quill', rule: 'hosts/body-hosted-by' });
  });
});

describe('the meetup date', () => {
  it('reads an ISO date and the month a title names', () => {
    expect(readIsoDate('2033-02-30')).toBeNull();
    expect(readIsoDate('2033-10-05 18:30')).toBe('2033-10-05');
    expect(monthOfText('[Photos] [Dec 2033] Tinkerers')).toBe('2033-12-01');
  });

  it('warns when the body calls the meetup by another month', () => {
    const codes: string[] = [];
    checkBodyMonth([{ text: 'Welcome to our September meetup!', line: 9 }], '2033-10-05', (_l, c) => codes.push(c));
    expect(codes).toEqual(['body-month-mismatch']);
  });

  it('keeps only the reason of a YAML error', () => {
    expect(yamlReason('Nested mappings are not allowed at line 2, column 7:\n  excerpt')).toBe(
      'Nested mappings are not allowed',
    );
  });
});

describe('the series name', () => {
  it('is the words of the title before its month, year or first separator', () => {
    expect(seriesName('Platform Tinkerers Leeds, October 2033 - three talks')).toBe('Platform Tinkerers Leeds');
    expect(seriesName('[Photos] Platform Tinkerers Leeds October 2033')).toBe('Platform Tinkerers Leeds');
    expect(seriesName('Roundup: October')).toBe('');
  });

  it("trims trailing punctuation but keeps a company suffix's full stop", () => {
    expect(trimTrailingPunctuation('Brindle Labs.')).toBe('Brindle Labs');
    expect(trimTrailingPunctuation('Pebble, Inc.')).toBe('Pebble, Inc.');
  });
});

describe('the next meetup', () => {
  it('reads the companies after "speakers from" or "featuring", a bracketed acronym left out', () => {
    expect(
      announcedCompanies('Next month we have speakers from Kelp, Harbour Analytics Group (HAG), and Brindle.'),
    ).toEqual(['Kelp', 'Harbour Analytics Group', 'Brindle']);
  });

  it('reads the RSVP link by its text, else by an events site', () => {
    expect(rsvpIn('[RSVP here](https://r.example/1) or [read more](https://b.example/2)')).toBe('https://r.example/1');
    expect(rsvpIn('[Join us](https://www.meetup.com/x/events/1)')).toBe('https://www.meetup.com/x/events/1');
  });
});

describe("the evening's video", () => {
  it('is a link in a sentence about the full recording', () => {
    expect(wholeEveningVideo('The full video of the evening is [on YouTube](https://y.example/v).')).toBe(
      'https://y.example/v',
    );
    expect(wholeEveningVideo('Her [talk](https://y.example/v) was great.')).toBeNull();
  });
});
