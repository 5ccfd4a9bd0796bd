// The announced date: one weekday rule in every path that reads it.
import { describe, expect, it } from 'vitest';
import { dayOfWeekday, dayWithWeekday, readAnnouncedDate } from '../../../src/importer/parse/next-meetup.ts';
import { post } from './helpers.ts';

const noWarn = () => {};

describe('dayOfWeekday: a written day and weekday', () => {
  // November 2034: the 1st is a Wednesday; 2036: the 1st is a Saturday.
  it('keeps the written day when it is that weekday', () => {
    expect(dayOfWeekday(2034, 10, 1, 3)).toBe(1);
  });

  it('takes the day of the month with the stated weekday nearest the written day', () => {
    expect(dayOfWeekday(2036, 10, 1, 3)).toBe(5);
    expect(dayWithWeekday(2036, 10, 4, 3)).toBe(5);
  });

  it('reads a day past the month end as the last day when no weekday is stated', () => {
    expect(dayOfWeekday(2034, 5, 31, -1)).toBe(30);
  });
});

describe('readAnnouncedDate', () => {
  it('rolls the year over after December and reads day-first or month-first', () => {
    expect(readAnnouncedDate('on 3rd January', '2033-12-07', -1, 1, noWarn).date).toBe('2034-01-03');
    expect(readAnnouncedDate('on January 3', '2033-12-07', -1, 1, noWarn).date).toBe('2034-01-03');
  });

  it('warns and moves a day whose weekday is contradicted', () => {
    const warnings: string[] = [];
    const r = readAnnouncedDate('Wednesday 1st November', '2036-10-01', -1, 7, (_l, code) => warnings.push(code));
    expect(r).toEqual({ date: '2036-11-05', written: 'Wednesday 1st November' });
    expect(warnings).toEqual(['next-date-weekday-mismatch']);
  });
});

describe('the same weekday rule in both next-meetup paths', () => {
  // The post is dated October 2033, when the 1st of November is a Tuesday: the nearest Wednesday is the 2nd.
  it('under a next-month heading', () => {
    const p = post('## Coming up in November\n\nJoin us on Wednesday 1st November for talks from Kelp.');
    expect(p.next).toMatchObject({ date: '2033-11-02', rule: 'next-meetup/section' });
  });

  it('in a sentence about the next meetup', () => {
    const p = post('Our next meetup is on Wednesday 1st November, with talks from Kelp.');
    expect(p.next).toMatchObject({
      date: '2033-11-02',
      dateAsWritten: 'Wednesday 1st November',
      rule: 'next-meetup/sentence',
    });
  });
});
