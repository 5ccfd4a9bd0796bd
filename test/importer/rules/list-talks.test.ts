// One talk per list item.
import { describe, expect, it } from 'vitest';
import { listItemTalk, listTalks } from '../../../src/importer/parse/list-talks.ts';
import { readMarkdown } from '../../../src/importer/parse/markdown.ts';
import { context, post } from './helpers.ts';

const itemsOf = (md: string) => {
  const block = readMarkdown(md).blocks.find((b) => b.kind === 'list');
  if (block?.kind !== 'list') throw new Error('no list');
  return block.items;
};
const talkOf = (md: string) => {
  const t = listItemTalk(itemsOf(md)[0] ?? { lines: [], line: 0, children: [] }, context());
  return t && { title: t.title, speakers: t.speakers.map((s) => [s.name, s.company]), link: t.link };
};

describe('a list item with a bold speaker', () => {
  it('reads the company in brackets, after a comma or "from", and the title after the separator', () => {
    expect(talkOf('- **Ada Quill** (Brindle): Tiny Clusters')).toEqual({
      title: 'Tiny Clusters',
      speakers: [['Ada Quill', 'Brindle']],
      link: null,
    });
    expect(talkOf('- **Ada Quill**, Brindle Labs — *Tiny Clusters*')?.speakers).toEqual([
      ['Ada Quill', 'Brindle Labs'],
    ]);
    expect(talkOf('- **Ada Quill** from Brindle: [Tiny Clusters](https://v.example/1)')).toEqual({
      title: 'Tiny Clusters',
      speakers: [['Ada Quill', 'Brindle']],
      link: 'https://v.example/1',
    });
  });
});

describe('a list item with an italic or linked title', () => {
  it('reads the speaker from the rest of the item, on either side', () => {
    expect(talkOf('- *Tiny Clusters* by Ada Quill (Brindle)')).toEqual({
      title: 'Tiny Clusters',
      speakers: [['Ada Quill', 'Brindle']],
      link: null,
    });
    expect(talkOf('- Ada Quill, Brindle: [Tiny Clusters](https://v.example/1)')?.title).toBe('Tiny Clusters');
  });

  it('reads nothing from an item that names no speaker', () => {
    expect(talkOf('- *Observability* matters more than ever')).toBeNull();
    expect(talkOf('- plain takeaway text')).toBeNull();
  });
});

describe('a list of talks', () => {
  it('takes nested bullets as takeaways and the timestamp as the offset', () => {
    const [t] = listTalks(
      itemsOf('1. **Ada Quill** (Brindle): *Tiny Clusters* (starting at 2:00)\n   - small is fast\n   - fewer nodes'),
      context(),
    );
    expect(t).toMatchObject({ title: 'Tiny Clusters', startSeconds: 120, takeaways: ['small is fast', 'fewer nodes'] });
  });

  it('is no list of talks when one item is not a talk', () => {
    expect(listTalks(itemsOf('- **Ada Quill** (Brindle): Tiny Clusters\n- pizza was great'), context())).toEqual([]);
  });

  it('in a whole post: talks in order with rule talks/talk-per-item-list', () => {
    const p = post(
      'Our talks this month:\n\n- **Ada Quill** (Brindle): *Tiny Clusters*\n  - small is fast\n- **Ben Ode** (Quartzline): *Paging Without Tears*\n  - sleep more\n  - page less',
    );
    expect(p.talks.map((t) => [t.title, t.speakers[0]?.name, t.takeaways.length, t.rule])).toEqual([
      ['Tiny Clusters', 'Ada Quill', 1, 'talks/talk-per-item-list'],
      ['Paging Without Tears', 'Ben Ode', 2, 'talks/talk-per-item-list'],
    ]);
  });
});
