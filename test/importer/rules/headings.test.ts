// What a heading titles.
import { describe, expect, it } from 'vitest';
import { headingTitle, slidesBelongTo } from '../../../src/importer/parse/talks.ts';
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

describe('slidesBelongTo: a slides sentence after a talk', () => {
  const talk = (name: string) => ({
    title: 'Tiny Clusters',
    speakers: [{ name, company: null, companyMissing: false }],
    link: null,
    startSeconds: null,
    slidesUrl: null,
    takeaways: [],
    line: 1,
    leadIn: '',
    rule: 'talks/talk-sentence',
  });

  it('gives the talk its slides when it is not in the first person', () => {
    expect(slidesBelongTo('Her slides are [here](https://s.example/1).', talk('Ada Quill'), 'Priya Ravensworth')).toBe(
      true,
    );
  });

  it("is the writer's in the first person: the talk's only when the host gave it", () => {
    expect(slidesBelongTo('My slides are [here](https://s.example/2).', talk('Ada Quill'), 'Priya Ravensworth')).toBe(
      false,
    );
    expect(
      slidesBelongTo('My slides are [here](https://s.example/2).', talk('Priya Ravensworth'), 'Priya Ravensworth'),
    ).toBe(true);
  });

  it("in a whole post: the host's own slides are not given to the talk before them", () => {
    const p = post(
      'Ada Quill from Brindle presented [Tiny Clusters](https://v.example/1) (starting at 1:00).\n\nMy slides from the intro are [here](https://s.example/intro).',
    );
    expect(p.talks[0]?.slidesUrl).toBeNull();
  });
});
