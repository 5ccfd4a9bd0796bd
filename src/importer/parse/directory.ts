// The post's directory of people, filled from photo captions, profile links
// and "X from Acme" mentions, and the one first-name expansion of the post.
import { personKey } from '../names.ts';
import type { ParsedHost, ParsedTalk } from '../parsed-post.types.ts';
import type { Warn } from './front-matter.ts';
import { findLinks, replaceLinks } from './inline-text.ts';
import { looksLikePersonName, People, type SpeakerContext } from './people.ts';
import type { Tagged } from './sections.ts';
import { splitSentences } from './sentences.ts';
import { fromMentions } from './speakers.ts';
import { PROFILE_URL } from './vocabulary.ts';

/** Everyone the post names in full: photo captions, profile links, "X from Acme" mentions. */
export function collectPeople(
  main: Tagged[],
  hosts: ParsedHost[],
  series: string,
  postCompanies: string[] = [],
): People {
  const people = new People(postCompanies);
  for (const h of hosts) people.add(h.name, null);
  const ctx: SpeakerContext = { people, series, photo: null };
  for (const { block } of main) {
    if (block.kind === 'image' && looksLikePersonName(block.alt, series, people.companies)) people.add(block.alt, null);
    const texts =
      block.kind === 'paragraph'
        ? [block.text]
        : block.kind === 'list'
          ? block.items.flatMap((i) => i.lines.map((l) => l.text))
          : [];
    for (const t of texts) {
      for (const l of findLinks(t)) {
        if (!l.image && PROFILE_URL.test(l.url) && looksLikePersonName(l.text, series, people.companies))
          people.add(l.text, null);
      }
      for (const s of splitSentences(replaceLinks(t))) {
        for (const person of fromMentions(s.text, ctx)) people.add(person.name, person.company);
      }
    }
  }
  return people;
}

/**
 * The one first-name expansion of the post: a speaker named by a first name
 * alone becomes the one full name with that first name among the post's hosts
 * and speakers; with several candidates it stays as written, with a warning.
 */
export function expandFirstNames(talks: ParsedTalk[], hosts: ParsedHost[], warn: Warn): void {
  const fullNames = [...hosts.map((h) => h.name), ...talks.flatMap((t) => t.speakers.map((s) => s.name))].filter((n) =>
    /\s/.test(n.trim()),
  );
  for (const talk of talks) {
    for (const speaker of talk.speakers) {
      if (/\s/.test(speaker.name.trim())) continue;
      const key = personKey(speaker.name);
      const candidates = [...new Set(fullNames.filter((full) => personKey(full.split(/\s+/)[0] ?? '') === key))];
      if (candidates.length === 1 && candidates[0]) speaker.name = candidates[0];
      else if (candidates.length > 1) {
        warn(
          talk.line,
          'ambiguous-first-name',
          `"${speaker.name}" could be any of ${candidates.join(', ')}; kept as written`,
        );
      }
    }
  }
}
