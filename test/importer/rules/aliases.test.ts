// Honorifics and bracketed acronyms: the stored name and its aliases.
import { describe, expect, it } from 'vitest';
import { acronymAliases, honorificAliases } from '../../../src/importer/parse/aliases.ts';
import { parseHosts } from '../../../src/importer/parse/hosts.ts';
import { withoutHonorific } from '../../../src/importer/parse/people.ts';
import { companiesListedIn } from '../../../src/importer/parse/post-companies.ts';
import { sponsorsIn } from '../../../src/importer/parse/sponsors.ts';
import { post } from './helpers.ts';

describe('honorifics', () => {
  it('are not part of a full name (a lone "Dr Quill" keeps it)', () => {
    expect(withoutHonorific(['Prof.', 'Ben', 'Ode'])).toEqual(['Ben', 'Ode']);
    expect(withoutHonorific(['Dr', 'Quill'])).toEqual(['Dr', 'Quill']);
  });

  it('are dropped from a host in the description', () => {
    expect(parseHosts('hosted by Dr Priya Ravensworth, Organiser at Lanternfish', 3)[0]?.name).toBe(
      'Priya Ravensworth',
    );
  });

  it('give the longer form as an alias of the stored name', () => {
    expect(
      honorificAliases(['Ada Quill', 'Ben Ode'], [{ text: 'We welcomed Dr Ada Quill from Brindle.', line: 9 }]),
    ).toEqual([{ name: 'Ada Quill', alias: 'Dr Ada Quill', line: 9, rule: 'aliases/honorific' }]);
    expect(honorificAliases(['Ada Quill'], [{ text: 'Ada Quill from Brindle', line: 9 }])).toEqual([]);
  });

  it('in a whole post: the speaker is stored without it, the alias kept', () => {
    const p = post(
      'Sir Ben Ode from Quartzline presented [Paging Without Tears](https://v.example/1) (starting at 1:00).',
    );
    expect(p.talks[0]?.speakers).toEqual([{ name: 'Ben Ode', company: 'Quartzline' }]);
    expect(p.aliases).toMatchObject([{ name: 'Ben Ode', alias: 'Sir Ben Ode' }]);
  });
});

describe('a bracketed acronym in a company list', () => {
  it('is an alias of that item, and the list goes on', () => {
    expect(
      sponsorsIn('Thanks to our sponsors Acme, Harbour Analytics Group (HAG), and Foo.', 4)?.map((s) => s.name),
    ).toEqual(['Acme', 'Harbour Analytics Group', 'Foo']);
    expect(companiesListedIn('speakers from Acme, Harbour Analytics Group (HAG), and Foo')).toEqual([
      'Acme',
      'Harbour Analytics Group',
      'Foo',
    ]);
    expect(
      acronymAliases(
        ['Acme', 'Harbour Analytics Group'],
        [{ text: 'from Acme, Harbour Analytics Group (HAG), and Foo', line: 2 }],
      ),
    ).toEqual([{ name: 'Harbour Analytics Group', alias: 'HAG', line: 2, rule: 'aliases/bracketed-acronym' }]);
  });

  it('is not an alias when the brackets hold the name itself or something else', () => {
    expect(acronymAliases(['Acme'], [{ text: 'Acme (ACME) and Kelp (starting at 1:00)', line: 1 }])).toEqual([]);
  });

  it('in a whole post: the sponsor is stored under its name, the acronym as its alias', () => {
    const p = post('Thanks also to our sponsor Harbour Analytics Group (HAG) for the pizza.');
    expect(p.sponsors.map((s) => s.name)).toContain('Harbour Analytics Group');
    expect(p.companyAliases).toMatchObject([{ name: 'Harbour Analytics Group', alias: 'HAG' }]);
  });
});
