// People: the shape of a person's name, the post's directory of everyone it
// names in full (so that "Ada" can be read as a full name), and how a matched
// group of names ("A, B and C") becomes names.
import { personKey } from '../names.ts';
import type { ParsedSpeaker } from '../parsed-post.types.ts';
import { PostCompanies } from './post-companies.ts';
import { DISCOURSE, NAME, NAME_SEP } from './vocabulary.ts';

export interface Person {
  name: string;
  company: string | null;
}

/** Everyone the post names in full, so that "Ada" or "Ada's" can be read as a full name. */
export class People {
  /** Companies the post's title and description name: never a person. */
  readonly companies: PostCompanies;
  private readonly byKey = new Map<string, Person>();
  /** First-name key → the people with that first name. */
  private readonly byFirst = new Map<string, Person[]>();

  constructor(companies: Iterable<string> = []) {
    this.companies = new PostCompanies(companies);
  }

  add(name: string, company: string | null): void {
    if (name.split(/\s+/).length < 2) return;
    const key = personKey(name);
    const known = this.byKey.get(key);
    if (known) {
      if (!known.company && company) known.company = company;
      return;
    }
    const person = { name, company };
    this.byKey.set(key, person);
    const first = personKey(name.split(/\s+/)[0] ?? '');
    this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), person]);
  }

  /** Every company the post names: in its title or description, or next to a person. */
  knownCompanies(): PostCompanies {
    const all = new PostCompanies(this.companies.names());
    for (const p of this.byKey.values()) all.add(p.company);
    return all;
  }

  companyOf(name: string): string | null {
    return this.byKey.get(personKey(name))?.company ?? null;
  }

  /** The full name a one-word name stands for, preferring the person in the photo just above. */
  resolve(first: string, preferred: string | null, directory = true): Person | null {
    const k = personKey(first);
    if (preferred && personKey(preferred.split(/\s+/)[0] ?? '') === k) {
      return { name: preferred, company: this.companyOf(preferred) };
    }
    if (!directory) return null;
    const matches = this.byFirst.get(k) ?? [];
    return matches.length === 1 ? (matches[0] as Person) : null;
  }
}

/** Given names that end like a gerund. */
const ING_NAMES = new Set('sterling channing manning browning fleming irving deming jennings'.split(' '));

/**
 * A gerund is never a name: "Delivering Faster" in a title is not a person. A capitalised first word ending
 * in "-ing" (six letters or more) is read as a gerund, except a few given names that end that way.
 */
export function isGerund(word: string): boolean {
  const w = word.toLowerCase();
  return /^\p{Ll}{3,}ing$/u.test(w) && !ING_NAMES.has(w);
}

export function looksLikePersonName(text: string, series: string, companies?: PostCompanies): boolean {
  const t = text.trim();
  if (!new RegExp(`^${NAME}$`, 'u').test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  if (DISCOURSE.has((words[0] as string).toLowerCase()) || isGerund(words[0] as string)) return false;
  if (companies?.has(t)) return false;
  return !(series && personKey(t).includes(personKey(series)));
}

export type Speaker = ParsedSpeaker & { companyMissing: boolean };

export interface SpeakerMention {
  speakers: (ParsedSpeaker & { companyMissing: boolean })[];
  start: number;
  end: number;
}

export interface SpeakerContext {
  people: People;
  series: string;
  /** Name from the photo right above the paragraph, if it shows a person. */
  photo: string | null;
}

export const HONORIFIC_WORD = '(?:Dr|Prof|Professor|Sir|Dame|Lord|Lady|Mr|Mrs|Ms|Mx)';
const HONORIFIC = new RegExp(`^${HONORIFIC_WORD}\\.?$`, 'i');

/** "Dr Ada Quill" is Ada Quill: an honorific before a full name is not part of it (a lone "Dr Quill" keeps it). */
export function withoutHonorific(words: string[]): string[] {
  return words.length > 2 && HONORIFIC.test(words[0] as string) ? words.slice(1) : words;
}

/** Splits a matched name group ("A, B and C") into names, dropping sentence openers ("Finally"). */
export function splitNameGroup(
  group: string,
  ctx: SpeakerContext,
  opts: { sentenceStart: boolean; directory: boolean },
): string[] | null {
  const parts = group.split(new RegExp(NAME_SEP, 'u')).map((p) => p.trim());
  const hasAnd = /\s(?:and|&)\s|&/.test(group);
  const names = hasAnd ? parts : parts.slice(-1);
  const out: string[] = [];
  for (const [i, part] of names.entries()) {
    let words = part.split(/\s+/);
    if (i === 0 && (opts.sentenceStart || names.length < parts.length)) {
      while (words.length && DISCOURSE.has((words[0] as string).toLowerCase())) words = words.slice(1);
    }
    words = withoutHonorific(words);
    if (!words.length || isGerund(words[0] as string)) return null;
    const last = words[words.length - 1] as string;
    words[words.length - 1] = last.replace(/['’]s$/, '');
    const name = words.join(' ');
    if (ctx.series && personKey(name).includes(personKey(ctx.series))) return null;
    // A company the post's title or description names is never a person ("Ada Quill, BRINDLE presenting").
    if (ctx.people.companies.has(name)) return null;
    if (words.length === 1) {
      const resolved = ctx.people.resolve(name, ctx.photo, opts.directory);
      if (!resolved) return null;
      out.push(resolved.name);
    } else {
      out.push(name);
    }
  }
  return out;
}
