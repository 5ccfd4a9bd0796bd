// What a heading titles.
import { describe, expect, it } from 'vitest';
import { headingTitle } from '../../../src/importer/parse/talks.ts';
import { post } from './helpers.ts';

const SPEAKER = 'Ada Quill from Brindle took the stage next (starting at 1:00).';

describe('a heading titles only the first block under it', () => {
  it('titles the talk in the paragraph right under it', () => {
    expect(post(`## Widget Fleets at Scale\n\n${SPEAKER}`).talks[0]?.title).toBe('Widget Fleets at Scale');
  });

  it('titles nothing once a promo paragraph has come between', () => {
    const p = post(`## Widget Summit 2034\n\nTickets for the summit are on sale now.\n\n${SPEAKER}`);
    expect(p.talks).toHaveLength(1);
    expect(p.talks[0]?.title).toBeNull();
  });

  it('titles nothing once a list has come between', () => {
    const p = post(`## Widget Summit 2034\n\n- early bird tickets\n- a discount code\n\n${SPEAKER}`);
    expect(p.talks[0]?.title).toBeNull();
  });
});

describe('headingTitle: the heading without the part naming the speaker', () => {
  it('drops the speaker part on either side', () => {
    const ada = [{ name: 'Ada Quill', company: null, companyMissing: false }];
    expect(headingTitle('Widget Fleets - Ada Quill', ada)).toBe('Widget Fleets');
    expect(headingTitle('Ada Quill: Widget Fleets', ada)).toBe('Widget Fleets');
    expect(headingTitle('Widget Fleets', ada)).toBe('Widget Fleets');
  });
});
