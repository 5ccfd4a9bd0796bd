// Photos of speakers: whether this post puts a speaker's photo before or
// after the paragraph about them (worked out per post), and the photo that
// belongs to a paragraph.
import { personKey } from '../names.ts';
import { toPlainText } from './inline-text.ts';
import { looksLikePersonName } from './people.ts';
import type { PostCompanies } from './post-companies.ts';
import type { Tagged } from './sections.ts';

export type PhotoConvention = 'photo-before' | 'photo-after';

/** Whether a paragraph names the person in a photo: their full name or their first name as a word. */
export function namesPerson(text: string, person: string): boolean {
  const words = toPlainText(text)
    .split(/[^\p{L}\p{M}\p{N}'’-]+/u)
    .map((w) => personKey(w.replace(/['’]s$/, '')));
  const first = personKey(person.split(/\s+/)[0] ?? '');
  return first !== '' && words.includes(first);
}

function personPhoto(t: Tagged | undefined, series: string, companies: PostCompanies): string | null {
  const b = t?.block;
  return b?.kind === 'image' && looksLikePersonName(b.alt, series, companies) ? b.alt : null;
}

function paragraphText(t: Tagged | undefined): string | null {
  return t?.block.kind === 'paragraph' ? t.block.text : null;
}

/**
 * The post's convention, from its own photos: each photo of a person is compared with the paragraph right
 * before it and right after it; if more photos name the person in the paragraph before, photos follow their
 * paragraph. On a tie (or no photos) a photo comes before its paragraph, the common layout.
 */
export function photoConvention(main: Tagged[], series: string, companies: PostCompanies): PhotoConvention {
  let before = 0;
  let after = 0;
  for (const [i, t] of main.entries()) {
    const person = personPhoto(t, series, companies);
    if (!person) continue;
    const prev = paragraphText(main[i - 1]);
    const next = paragraphText(main[i + 1]);
    if (next && namesPerson(next, person)) before++;
    if (prev && namesPerson(prev, person)) after++;
  }
  return after > before ? 'photo-after' : 'photo-before';
}

/** The person in the photo that belongs to the paragraph at `index`, under the post's convention. */
export function photoFor(
  main: Tagged[],
  index: number,
  convention: PhotoConvention,
  series: string,
  companies: PostCompanies,
): string | null {
  return personPhoto(main[convention === 'photo-before' ? index - 1 : index + 1], series, companies);
}
