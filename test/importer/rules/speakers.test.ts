// The speaker mention of a talk sentence and the company written next to a name.
import { describe, expect, it } from 'vitest';
import { expandFirstNames } from '../../../src/importer/parse/directory.ts';
import { People, splitNameGroup } from '../../../src/importer/parse/people.ts';
import {
  findSpeakers,
  fromMentions,
  hostedBefore,
  possessiveCompany,
  ROSTER_MENTION_RE,
  readCompany,
} from '../../../src/importer/parse/speakers.ts';
import type { ParsedTalk } from '../../../src/importer/parsed-post.types.ts';
import { context } from './helpers.ts';

const who = (text: string, ctx = context(), afterTitle = false) =>
  findSpeakers(text, ctx, afterTitle)?.speakers.map((s) => [s.name, s.company]) ?? null;

describe('readCompany: the company after "from"', () => {
  it('reads capitalised words, "&" and "of" between them, and a legal-form suffix after a comma', () => {
    expect(readCompany('Brindle & Kelp Labs talked', 0).company).toBe('Brindle & Kelp Labs');
    expect(readCompany('Bank of Harbour spoke', 0).company).toBe('Bank of Harbour');
    expect(readCompany('Pebble, Inc. explained', 0).company).toBe('Pebble, Inc.');
  });

  it('marks an empty slot ("from who …") as missing', () => {
    expect(readCompany('who talked about', 0)).toMatchObject({ company: null, missing: true });
  });
});

describe('findSpeakers: the first mention in a sentence', () => {
  it('"X from Acme", with a chain of "and Y from B"', () => {
    expect(who('First up, Ada Quill from Brindle talked')).toEqual([['Ada Quill', 'Brindle']]);
    expect(who('Ada Quill from Brindle and Ben Ode from Kelp presented')).toEqual([
      ['Ada Quill', 'Brindle'],
      ['Ben Ode', 'Kelp'],
    ]);
  });

  it('"X (Acme)" but not a timestamp in brackets', () => {
    expect(who('Ada Quill (Brindle) talked')).toEqual([['Ada Quill', 'Brindle']]);
    expect(who('Ada Quill (12:30)')).toBeNull();
  });

  it('"X, Role at Acme"', () => {
    expect(who('Ada Quill, Staff Engineer at Brindle, talked')).toEqual([['Ada Quill', 'Brindle']]);
  });

  it('"X talked" and "X\'s talk", a company from the directory', () => {
    expect(who('Then Ada Quill talked', context({ 'Ada Quill': 'Brindle' }))).toEqual([['Ada Quill', null]]);
    expect(who("Ada Quill's talk was next")).toEqual([['Ada Quill', null]]);
  });

  it('"by X" only after a title', () => {
    expect(who(' by Ada Quill', context(), true)).toEqual([['Ada Quill', null]]);
    expect(who('hosted by Ada Quill')).toBeNull();
  });

  it('not someone "hosted by" or "introduced by"', () => {
    expect(hostedBefore('we were introduced by ', 'we were introduced by '.length)).toBe(true);
    expect(hostedBefore('we heard from ', 14)).toBe(false);
  });
});

describe('fromMentions and the roster', () => {
  it('reads every "NAME from COMPANY" (and "of" in a roster)', () => {
    expect(fromMentions('Ada Quill from Brindle, Ben Ode of Kelp', context(), ROSTER_MENTION_RE)).toEqual([
      { name: 'Ada Quill', company: 'Brindle' },
      { name: 'Ben Ode', company: 'Kelp' },
    ]);
  });
});

describe('possessiveCompany', () => {
  it('reads "shared Kelp\'s story" as the company', () => {
    expect(possessiveCompany(" shared Kelp Cloud's migration story")).toBe('Kelp Cloud');
    expect(possessiveCompany(' shared her story')).toBeNull();
  });
});

describe('splitNameGroup', () => {
  it('drops sentence openers and expands a first name the directory knows once', () => {
    const ctx = context({ 'Ada Quill': null });
    expect(splitNameGroup('Finally Ada', ctx, { sentenceStart: true, directory: true })).toEqual(['Ada Quill']);
    expect(splitNameGroup('Ada and Ben Ode', ctx, { sentenceStart: false, directory: true })).toEqual([
      'Ada Quill',
      'Ben Ode',
    ]);
  });
});

describe('expandFirstNames: the one first-name expansion', () => {
  const talk = (name: string): ParsedTalk => ({
    position: 1,
    title: null,
    speakers: [{ name, company: null }],
    link: null,
    startSeconds: null,
    slidesUrl: null,
    takeaways: [],
    line: 1,
  });

  it('expands a lone first name to the one full name, and warns when there are several', () => {
    const talks = [talk('Ada Quill'), talk('Ada')];
    expandFirstNames(talks, [], () => {});
    expect(talks[1]?.speakers[0]?.name).toBe('Ada Quill');
    const codes: string[] = [];
    const ambiguous = [talk('Ada Quill'), talk('Ada Lark'), talk('Ada')];
    expandFirstNames(ambiguous, [], (_l, code) => codes.push(code));
    expect(ambiguous[2]?.speakers[0]?.name).toBe('Ada');
    expect(codes).toEqual(['ambiguous-first-name']);
  });

  it('keeps a People directory of full names only', () => {
    const p = new People();
    p.add('Ada', 'Brindle');
    expect(p.companyOf('Ada')).toBeNull();
  });
});
