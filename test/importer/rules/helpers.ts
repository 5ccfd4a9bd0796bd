// Shared by the rule-by-rule tests: a sentence context and a whole made-up post.
import { People, type SpeakerContext } from '../../../src/importer/parse/people.ts';
import type { SentenceContext } from '../../../src/importer/parse/talk-sentence.ts';
import { parsePost } from '../../../src/importer/parse-post.ts';
import type { ParsedPost } from '../../../src/importer/parsed-post.types.ts';

export const SERIES = 'Platform Tinkerers Leeds';

/** A context whose directory knows `people` (name → company) and whose post names `companies`. */
export function context(
  people: Record<string, string | null> = {},
  companies: string[] = [],
): SentenceContext & SpeakerContext {
  const directory = new People(companies);
  for (const [name, company] of Object.entries(people)) directory.add(name, company);
  return { people: directory, series: SERIES, photo: null, host: null };
}

/** A made-up post: front matter with this title and description, then the body. */
export function post(
  body: string,
  { title = `${SERIES} October 2033`, description = 'hosted by Priya Ravensworth, Organiser at Lanternfish' } = {},
): ParsedPost {
  return parsePost(
    `---\nlayout: post\ntitle: "${title}"\ndescription: "${description}"\n---\n\nThanks to our sponsors [Lanternfish](https://l.example/).\n\n${body}\n`,
    { path: '_posts/2033-10-05-platform-tinkerers-leeds-october-2033.md' },
  );
}
