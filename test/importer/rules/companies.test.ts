// Companies the post names, and where a speaker's company is written.
import { describe, expect, it } from 'vitest';
import { isGerund, looksLikePersonName, splitNameGroup } from '../../../src/importer/parse/people.ts';
import {
  atPostCompany,
  companiesListedIn,
  companyOpeningTitle,
  PostCompanies,
} from '../../../src/importer/parse/post-companies.ts';
import { commaCompany, findSpeakers } from '../../../src/importer/parse/speakers.ts';
import { context, post, SERIES } from './helpers.ts';

describe('companiesListedIn: the companies a title or description lists', () => {
  it('reads the list after "featuring" or "speakers from", up to the first lower-case word', () => {
    expect(companiesListedIn('Tinkerers March: featuring Brindle, Quartzline and Kelp Cloud')).toEqual([
      'Brindle',
      'Quartzline',
      'Kelp Cloud',
    ]);
    expect(companiesListedIn('three speakers from Brindle, Kelp Cloud, and Saltmarsh join us, hosted by X')).toEqual([
      'Brindle',
      'Kelp Cloud',
      'Saltmarsh',
    ]);
  });

  it('keeps a legal-form suffix with its item and leaves a bracketed acronym out', () => {
    expect(companiesListedIn('speakers from Pebble, Inc., Harbour Analytics Group (HAG) and Foo')).toEqual([
      'Pebble, Inc.',
      'Harbour Analytics Group',
      'Foo',
    ]);
  });

  it('finds nothing in a title without a list cue', () => {
    expect(companiesListedIn(`${SERIES} October 2033`)).toEqual([]);
  });
});

describe('a company named in the title or description is never a person', () => {
  const ctx = context({}, ['Brindle Labs']);

  it('is not a name in a name group, nor in a photo caption', () => {
    expect(splitNameGroup('Brindle Labs', ctx, { sentenceStart: false, directory: true })).toBeNull();
    expect(looksLikePersonName('Brindle Labs', SERIES, ctx.people.companies)).toBe(false);
    expect(looksLikePersonName('Ada Quill', SERIES, ctx.people.companies)).toBe(true);
  });

  it('matches by company key: a legal-form suffix does not make it another name', () => {
    expect(new PostCompanies(['Brindle Labs Ltd']).has('Brindle Labs')).toBe(true);
  });

  it('in a whole post: the listed company is not read as a speaker', () => {
    const p = post('Brindle Labs gave a talk on [Tiny Clusters](https://v.example/1) (starting at 1:00).', {
      description: 'speakers from Brindle Labs join us, hosted by Priya Ravensworth, Organiser at Lanternfish',
    });
    expect(p.talks.flatMap((t) => t.speakers.map((s) => s.name))).not.toContain('Brindle Labs');
  });
});

describe('"Ada Quill, BRINDLE presenting …"', () => {
  it('reads the part after the comma as the company when the post names it', () => {
    const ctx = context({}, ['Brindle']);
    expect(commaCompany('Ada Quill, Brindle presenting Tiny Clusters', ctx)?.speakers).toEqual([
      { name: 'Ada Quill', company: 'Brindle', companyMissing: false },
    ]);
  });

  it('reads a single word after the comma as a company even when the post does not name it', () => {
    expect(findSpeakers('Then Ada Quill, BRINDLE presenting Tiny Clusters', context())?.speakers).toEqual([
      { name: 'Ada Quill', company: 'BRINDLE', companyMissing: false },
    ]);
  });

  it('does not read a second full name as a company', () => {
    expect(commaCompany('Ada Quill, Ben Ode presenting together', context())).toBeNull();
  });
});

describe('"NAME leads/runs … at ORG"', () => {
  it('gives the company after "at", with up to a few words of role between', () => {
    expect(findSpeakers('Ada heads up delivery over at Brindle.', context({ 'Ada Quill': null }))?.speakers).toEqual([
      { name: 'Ada Quill', company: 'Brindle', companyMissing: false },
    ]);
    expect(findSpeakers('Ben Ode runs the platform team at Quartzline.', context())?.speakers).toEqual([
      { name: 'Ben Ode', company: 'Quartzline', companyMissing: false },
    ]);
  });

  it("in a whole post: the pronoun sentence after it is that speaker's talk, with the company", () => {
    const p = post('Ada Quill heads up delivery over at Brindle. She explained Why Pagers Lie (starting at 12:00).');
    expect(p.talks[0]).toMatchObject({
      title: 'Why Pagers Lie',
      speakers: [{ name: 'Ada Quill', company: 'Brindle' }],
    });
  });
});

describe('"at ORG" anywhere in the sentence when the post names ORG', () => {
  const known = new PostCompanies(['Brindle Labs', 'Kelp']);

  it('finds the known company after any "at", longest name first', () => {
    expect(atPostCompany('walked through five years of migrating every service over at Brindle Labs', known)).toBe(
      'Brindle Labs',
    );
  });

  it('ignores "at" before a company the post does not name', () => {
    expect(atPostCompany('spoke at Kubecon about Kelp', known)).toBeNull();
  });

  it('in a whole post: the speaker billed with no company gets it', () => {
    const p = post(
      'Ada Quill talked about [Moving House](https://v.example/2) after five years of migrating every service over at Brindle Labs (starting at 3:00).',
      { description: 'speakers from Brindle Labs, hosted by Priya Ravensworth, Organiser at Lanternfish' },
    );
    expect(p.talks[0]?.speakers).toEqual([{ name: 'Ada Quill', company: 'Brindle Labs' }]);
  });
});

describe('a title that opens with a company the post names', () => {
  it('gives the company to a speaker billed without one', () => {
    expect(companyOpeningTitle('Brindle Sharing Apps: Can We Do Better?', new PostCompanies(['Brindle']))).toEqual({
      company: 'Brindle',
      title: 'Sharing Apps: Can We Do Better?',
    });
    expect(companyOpeningTitle('Sharing Apps', new PostCompanies(['Brindle']))).toBeNull();
  });
});

describe('a gerund is never a name', () => {
  it('reads a capitalised -ing word as a gerund, except given names that end that way', () => {
    expect(isGerund('Delivering')).toBe(true);
    expect(isGerund('Sterling')).toBe(false);
    expect(isGerund('King')).toBe(false);
    expect(looksLikePersonName('Delivering Faster', SERIES)).toBe(false);
  });

  it('does not read "Delivering Faster with …" as a speaker', () => {
    expect(findSpeakers('Delivering Faster with Less Toil', context())).toBeNull();
  });
});
