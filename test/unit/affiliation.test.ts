import { describe, expect, it } from 'vitest';
import type { Appearance } from '../../src/modules/affiliation/affiliation.repository.ts';
import { affiliationRuns, employerAt } from '../../src/modules/affiliation/affiliation.ts';

const at = (date: string, company_id: number | null, kind: 'talk' | 'host' = 'talk'): Appearance => ({
  person_id: 1,
  event_id: Number(date.replaceAll('-', '')),
  date,
  kind,
  company_id,
});

describe('affiliations', () => {
  it('billed with A, then B, then A again is three entries', () => {
    const runs = affiliationRuns([at('2019-01-01', 1), at('2019-03-01', 1), at('2020-01-01', 2), at('2021-06-01', 1)]);
    expect(runs).toEqual([
      { companyId: 1, from: '2019-01-01', to: '2019-03-01', talkCount: 2, appearances: 2 },
      { companyId: 2, from: '2020-01-01', to: '2020-01-01', talkCount: 1, appearances: 1 },
      { companyId: 1, from: '2021-06-01', to: '2021-06-01', talkCount: 1, appearances: 1 },
    ]);
  });

  it('hosting is an appearance but not a talk; an appearance without a company is skipped', () => {
    const runs = affiliationRuns([at('2019-01-01', 5, 'host'), at('2019-02-01', null), at('2019-03-01', 5)]);
    expect(runs).toEqual([{ companyId: 5, from: '2019-01-01', to: '2019-03-01', talkCount: 1, appearances: 2 }]);
  });

  it('employerAt is the company of the latest appearance on or before the day', () => {
    const history = [at('2019-01-01', 1), at('2020-01-01', 2), at('2020-06-01', null)];
    expect(employerAt(history, '2018-12-31')).toBeNull();
    expect(employerAt(history, '2019-01-01')).toBe(1);
    expect(employerAt(history, '2019-12-31')).toBe(1);
    expect(employerAt(history, '2020-01-01')).toBe(2);
    expect(employerAt(history, '2030-01-01')).toBe(2);
  });
});
