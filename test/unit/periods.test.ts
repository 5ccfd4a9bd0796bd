import { describe, expect, it } from 'vitest';
import { periodCount, periodOf, periodsBetween } from '../../src/modules/timeline/periods.ts';

describe('periods', () => {
  it('names and bounds years, quarters and months', () => {
    expect(periodOf('2019-07-03', 'YEAR')).toEqual({ period: '2019', start: '2019-01-01', end: '2019-12-31' });
    expect(periodOf('2019-07-03', 'QUARTER')).toEqual({ period: '2019-Q3', start: '2019-07-01', end: '2019-09-30' });
    expect(periodOf('2019-03-31', 'QUARTER')).toEqual({ period: '2019-Q1', start: '2019-01-01', end: '2019-03-31' });
    expect(periodOf('2019-04-01', 'QUARTER').period).toBe('2019-Q2');
    expect(periodOf('2019-12-31', 'QUARTER')).toEqual({ period: '2019-Q4', start: '2019-10-01', end: '2019-12-31' });
    expect(periodOf('2020-02-10', 'MONTH')).toEqual({ period: '2020-02', start: '2020-02-01', end: '2020-02-29' });
    expect(periodOf('2019-02-10', 'MONTH').end).toBe('2019-02-28');
  });

  it('lists every period between two days, empty ones included, across year boundaries', () => {
    expect(periodsBetween('2019-11-20', '2020-02-03', 'MONTH').map((p) => p.period)).toEqual([
      '2019-11',
      '2019-12',
      '2020-01',
      '2020-02',
    ]);
    expect(periodsBetween('2019-09-30', '2020-04-01', 'QUARTER').map((p) => p.period)).toEqual([
      '2019-Q3',
      '2019-Q4',
      '2020-Q1',
      '2020-Q2',
    ]);
    expect(periodsBetween('2017-07-05', '2019-01-01', 'YEAR').map((p) => p.period)).toEqual(['2017', '2018', '2019']);
    expect(periodsBetween('2019-05-05', '2019-05-06', 'MONTH')).toHaveLength(1);
    expect(periodCount('2000-01-01', '2099-12-31', 'MONTH')).toBe(1200);
  });
});
