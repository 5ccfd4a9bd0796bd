// Sponsorship streaks over the held meetups of a series. Pure functions.

export interface HeldEvent {
  id: number;
  series_id: number;
  date: string;
}

export interface Streak {
  length: number;
  startId: number;
  endId: number;
}

export interface SponsorshipSummary {
  count: number;
  firstEventId: number;
  lastEventId: number;
  longestStreak: Streak;
  currentStreak: number;
}

/**
 * `held` is every held meetup of the series the company sponsored in, by
 * date; `sponsored` the meetups it sponsored. A streak is a run of
 * consecutive held meetups of one series that it sponsored; one missed
 * meetup breaks it. The longest is the first of the longest runs; the
 * current one ends at its series' latest held meetup (0 if it did not
 * sponsor that one; the best over its series).
 */
export function summarizeSponsorships(
  held: readonly HeldEvent[],
  sponsored: ReadonlySet<number>,
): SponsorshipSummary | null {
  const mine = held.filter((event) => sponsored.has(event.id));
  const first = mine[0];
  const last = mine.at(-1);
  if (!first || !last) return null;
  const bySeries = new Map<number, HeldEvent[]>();
  for (const event of held) {
    const list = bySeries.get(event.series_id);
    if (list) list.push(event);
    else bySeries.set(event.series_id, [event]);
  }
  let longest: Streak = { length: 0, startId: first.id, endId: first.id };
  let current = 0;
  for (const events of bySeries.values()) {
    let length = 0;
    let startId = 0;
    for (const event of events) {
      if (!sponsored.has(event.id)) {
        length = 0;
        continue;
      }
      if (length === 0) startId = event.id;
      length += 1;
      const run: Streak = { length, startId, endId: event.id };
      if (run.length > longest.length || (run.length === longest.length && earlier(held, run, longest))) longest = run;
    }
    current = Math.max(current, length);
  }
  return {
    count: mine.length,
    firstEventId: first.id,
    lastEventId: last.id,
    longestStreak: longest,
    currentStreak: current,
  };
}

function earlier(held: readonly HeldEvent[], a: Streak, b: Streak): boolean {
  if (b.length === 0) return true;
  const dateOf = (id: number) => held.find((event) => event.id === id)?.date ?? '';
  return dateOf(a.startId) < dateOf(b.startId);
}
