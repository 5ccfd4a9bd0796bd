import { describe, expect, it } from 'vitest';
import { type HeldEvent, summarizeSponsorships } from '../../src/modules/timeline/streaks.ts';

const held = (series: number, ids: number[]): HeldEvent[] =>
  ids.map((id) => ({ id, series_id: series, date: `2020-${String(id).padStart(2, '0')}-01` }));

describe('sponsorship streaks', () => {
  const events = held(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  it('is null for a company that never sponsored', () => {
    expect(summarizeSponsorships(events, new Set())).toBeNull();
  });

  it('one missed meetup breaks a streak', () => {
    const summary = summarizeSponsorships(events, new Set([1, 2, 3, 5, 6, 8, 9, 10]));
    expect(summary).toEqual({
      count: 8,
      firstEventId: 1,
      lastEventId: 10,
      longestStreak: { length: 3, startId: 1, endId: 3 },
      currentStreak: 3,
    });
  });

  it('the current streak is 0 when the latest meetup was not sponsored', () => {
    const summary = summarizeSponsorships(events, new Set([2, 3, 4, 5, 9]));
    expect(summary?.currentStreak).toBe(0);
    expect(summary?.longestStreak).toEqual({ length: 4, startId: 2, endId: 5 });
  });

  it('on a tie the earliest longest run wins', () => {
    const summary = summarizeSponsorships(events, new Set([2, 3, 6, 7]));
    expect(summary?.longestStreak).toEqual({ length: 2, startId: 2, endId: 3 });
  });

  it('streaks do not run across series', () => {
    const two = [...held(1, [1, 3, 5]), ...held(2, [2, 4, 6])].sort((a, b) => a.date.localeCompare(b.date));
    // Sponsoring every meetup of series 2 is a streak of 3 there, not 6 across both.
    const summary = summarizeSponsorships(two, new Set([2, 4, 6, 5]));
    expect(summary?.longestStreak).toEqual({ length: 3, startId: 2, endId: 6 });
    expect(summary?.currentStreak).toBe(3);
  });
});
