// Speakers: the people a post names (with the company written next to them),
// and the speaker mention of a talk sentence ("X from Acme", "X (Acme)",
// "X, Role at Acme", "X talked …", "[Title] by X").
import { personKey } from '../names.ts';
import type { ParsedHost, ParsedSpeaker, ParsedTalk } from '../parsed-post.types.ts';
import type { Warn } from './front-matter.ts';
import { findLinks, isAbbreviation, parseClock, replaceLinks, splitSentences } from './inline-text.ts';
import type { Tagged } from './sections.ts';
import {
  COMPANY_STOP_FIRST,
  COMPANY_SUFFIX,
  DISCOURSE,
  NAME,
  NAME_GROUP,
  NAME_SEP,
  PROFILE_URL,
  SPEAKER_VERBS,
  TALK_NOUNS,
  tokensFrom,
  trimTrailingPunctuation,
} from './vocabulary.ts';

export interface Person {
  name: string;
  company: string | null;
}

/** Everyone the post names in full, so that "Ada" or "Ada's" can be read as a full name. */
export class People {
  private readonly byKey = new Map<string, Person>();
  /** First-name key → the people with that first name. */
  private readonly byFirst = new Map<string, Person[]>();

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

export function looksLikePersonName(text: string, series: string): boolean {
  const t = text.trim();
  if (!new RegExp(`^${NAME}$`, 'u').test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  if (DISCOURSE.has((words[0] as string).toLowerCase())) return false;
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

/** Splits a matched name group ("A, B and C") into names, dropping sentence openers ("Finally"). */
const HONORIFIC = /^(?:dr|prof|professor|sir|dame|lord|lady|mr|mrs|ms|mx)\.?$/i;

/** "Dr Ada Quill" is Ada Quill: an honorific before a full name is not part of it (a lone "Dr Quill" keeps it). */
export function withoutHonorific(words: string[]): string[] {
  return words.length > 2 && HONORIFIC.test(words[0] as string) ? words.slice(1) : words;
}

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
    if (!words.length) return null;
    const last = words[words.length - 1] as string;
    words[words.length - 1] = last.replace(/['’]s$/, '');
    const name = words.join(' ');
    if (ctx.series && personKey(name).includes(personKey(ctx.series))) return null;
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

/** Reads the company right after "from " at `pos`; `missing` when the slot is empty ("from who …"). */
export function readCompany(text: string, pos: number): { company: string | null; missing: boolean; end: number } {
  let at = pos;
  const article = /^the\s+/i.exec(text.slice(at));
  if (article) at += article[0].length;
  // A company is a few words long: reading a bounded number of tokens keeps long sentences linear.
  const tokens = tokensFrom(text, at, 24);
  let startIdx = -1;
  let endIdx = at;
  let prev = '';
  for (const [i, tok] of tokens.entries()) {
    const raw = tok.raw;
    const s = tok.index;
    if (/^[([\uE000]/.test(raw)) break;
    const core = raw.replace(/[,;:!?)\]]+$/, '');
    if (i === 0) {
      if (COMPANY_STOP_FIRST.has(core.toLowerCase().replace(/\.$/, '')) || !core) {
        return { company: null, missing: true, end: s };
      }
    } else if (/[,;:]$/.test(prev)) {
      if (!COMPANY_SUFFIX.test(core)) break;
    } else if (/\.$/.test(prev) && !isAbbreviation(prev)) {
      break;
    } else if (!/^[\p{Lu}\p{N}]/u.test(core)) {
      const next = tokens[i + 1]?.raw ?? '';
      if (!(['&', 'of', 'for', 'by', 'de', '+'].includes(core) && /^[\p{Lu}\p{N}]/u.test(next))) break;
    }
    if (startIdx < 0) startIdx = s;
    endIdx = s + raw.length;
    prev = raw;
    if (/[!?)]$/.test(raw)) break;
  }
  if (startIdx < 0) return { company: null, missing: true, end: at };
  const company = trimTrailingPunctuation(text.slice(startIdx, endIdx).replace(/[)\]]+$/, ''));
  return { company: company || null, missing: !company, end: startIdx + text.slice(startIdx, endIdx).length };
}

// "Ada Quill, from Brindle Labs, walking us through …": the company may be set off by commas.
export const FROM_RE = new RegExp(`(${NAME_GROUP})\\s*,?\\s+from\\s+`, 'gu');

export const PAREN_RE = new RegExp(`(${NAME})\\s*\\(\\s*(\\p{Lu}[^()]{0,60}?)\\s*\\)`, 'gu');

export const VERB_RE = new RegExp(`(${NAME_GROUP})\\s*,?\\s+(?=(?:${SPEAKER_VERBS})\\b)`, 'gu');

export const POSSESSIVE_TALK_RE = new RegExp(`(${NAME})['’]s\\s+(?:[a-z-]+\\s+)?(?:${TALK_NOUNS})\\b`, 'gu');

export const CHAIN_RE = new RegExp(`^${NAME_SEP}(${NAME_GROUP})\\s+from\\s+`, 'u');

export const ROLE_AT_RE = new RegExp(
  `(${NAME}),\\s+(?:(?:the|a|an|our)\\s+)?(?:[\\p{L}&/-]+\\s+){1,6}?(?:at|@)\\s+`,
  'gu',
);

export const BY_RE = new RegExp(`\\bby\\s+(${NAME_GROUP})`, 'gu');

export function atSentenceStart(text: string, index: number): boolean {
  let i = index;
  while (i > 0 && /[\s"“(*_]/.test(text[i - 1] as string)) i--;
  return i === 0;
}

export function hostedBefore(text: string, index: number): boolean {
  // Only the few words before the name matter; looking at all of them would make long sentences quadratic.
  return /(?:^|[^\p{L}\p{N}_])(?:hosted|introduced|welcomed)\s+by\s*$/iu.test(
    text.slice(Math.max(0, index - 48), index),
  );
}

/** In a roster sentence, "C of Zephyr" names a speaker and company as "from" does. */
export const ROSTER_MENTION_RE = new RegExp(`(${NAME_GROUP})\\s*,?\\s+(?:from|of)\\s+`, 'gu');

/** All "NAME from COMPANY" mentions in a text (for the people directory). */
export function fromMentions(text: string, ctx: SpeakerContext, mention: RegExp = FROM_RE): Person[] {
  const out: Person[] = [];
  const re = new RegExp(mention.source, 'gu');
  let m: RegExpExecArray | null = re.exec(text);
  while (m) {
    const names = splitNameGroup(m[1] ?? '', ctx, { sentenceStart: atSentenceStart(text, m.index), directory: true });
    const company = readCompany(text, m.index + m[0].length);
    if (names && !hostedBefore(text, m.index)) for (const name of names) out.push({ name, company: company.company });
    re.lastIndex = Math.max(re.lastIndex, company.end);
    m = re.exec(text);
  }
  return out;
}

/** The first speaker mention in a talk sentence: "X from Acme", "X (Acme)", "X and Y from Acme", or "X talked …". */
export function findSpeakers(text: string, ctx: SpeakerContext, afterTitle = false): SpeakerMention | null {
  const candidates: SpeakerMention[] = [];

  // "Jane Doe, Staff Engineer at Acme, talked about …"
  const roleRe = new RegExp(ROLE_AT_RE.source, 'gu');
  for (let m = roleRe.exec(text); m; m = roleRe.exec(text)) {
    const names = splitNameGroup(m[1] ?? '', ctx, { sentenceStart: atSentenceStart(text, m.index), directory: true });
    if (names?.length !== 1 || hostedBefore(text, m.index)) continue;
    const company = readCompany(text, m.index + m[0].length);
    if (!company.company) continue;
    candidates.push({
      speakers: [{ name: names[0] as string, company: company.company, companyMissing: false }],
      start: m.index,
      end: company.end,
    });
    break;
  }

  // "[Title](url) by Jane Doe": only after a title, where "by" names its author.
  if (afterTitle) {
    const byRe = new RegExp(BY_RE.source, 'gu');
    const m = byRe.exec(text);
    const names = m ? splitNameGroup(m[1] ?? '', ctx, { sentenceStart: false, directory: true }) : null;
    if (m && names && !hostedBefore(text, m.index)) {
      candidates.push({
        speakers: names.map((name) => ({ name, company: null, companyMissing: false })),
        start: m.index + 3,
        end: m.index + m[0].length,
      });
    }
  }

  const fromRe = new RegExp(FROM_RE.source, 'gu');
  for (let m = fromRe.exec(text); m; m = fromRe.exec(text)) {
    const names = splitNameGroup(m[1] ?? '', ctx, { sentenceStart: atSentenceStart(text, m.index), directory: true });
    if (!names || hostedBefore(text, m.index)) continue;
    const first = readCompany(text, m.index + m[0].length);
    const speakers = names.map((name) => ({ name, company: first.company, companyMissing: first.missing }));
    let end = first.end;
    for (;;) {
      const chain = CHAIN_RE.exec(text.slice(end));
      const more = chain ? splitNameGroup(chain[1] ?? '', ctx, { sentenceStart: false, directory: true }) : null;
      if (!chain || !more) break;
      const c = readCompany(text, end + chain[0].length);
      for (const name of more) speakers.push({ name, company: c.company, companyMissing: c.missing });
      end = c.end;
    }
    candidates.push({ speakers, start: m.index + (m[0].length - m[0].trimStart().length), end });
    break;
  }

  const parenRe = new RegExp(PAREN_RE.source, 'gu');
  for (let m = parenRe.exec(text); m; m = parenRe.exec(text)) {
    const names = splitNameGroup(m[1] ?? '', ctx, { sentenceStart: atSentenceStart(text, m.index), directory: true });
    const company = (m[2] ?? '').trim();
    if (!names || parseClock(company) !== null || /^(?:starting|no video|video)/i.test(company)) continue;
    candidates.push({
      speakers: names.map((name) => ({ name, company, companyMissing: false })),
      start: m.index,
      end: m.index + m[0].length,
    });
    break;
  }

  for (const re of [new RegExp(VERB_RE.source, 'gu'), new RegExp(POSSESSIVE_TALK_RE.source, 'gu')]) {
    const possessive = re.source === POSSESSIVE_TALK_RE.source;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // A lone first name next to a verb is only read as a speaker when the photo above shows them.
      const names = splitNameGroup(m[1] ?? '', ctx, {
        sentenceStart: atSentenceStart(text, m.index),
        directory: possessive,
      });
      if (!names || hostedBefore(text, m.index)) continue;
      const end = m.index + (m[1] ?? '').length + (possessive ? 2 : 0);
      candidates.push({
        speakers: names.map((name) => ({ name, company: null, companyMissing: false })),
        start: m.index,
        end,
      });
      break;
    }
  }

  candidates.sort((a, b) => a.start - b.start);
  const best = candidates[0];
  if (!best) return null;
  const seen = new Set<string>();
  best.speakers = best.speakers.filter((s) => {
    const k = personKey(s.name);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return best;
}

/** "shared Quillfeather's story on …": a company given only as a possessive right after the verb. */
export function possessiveCompany(after: string): string | null {
  const m =
    /^\s*,?\s*(?:shared|presented|told|gave|discussed|described|explained|walked us through|took us through)\s+(?:us\s+)?(\p{Lu}[\p{L}\p{M}\p{N}.&-]*(?:\s\p{Lu}[\p{L}\p{M}\p{N}.&-]*){0,3})['’]s\s+(?:story|journey|experiences?|approach|platform|work|use|migration|adoption|transformation|architecture|setup|stack)\b/u.exec(
      after,
    );
  return m?.[1]?.trim() ?? null;
}

/** Everyone the post names in full: photo captions, profile links, "X from Acme" mentions. */
export function collectPeople(main: Tagged[], hosts: ParsedHost[], series: string): People {
  const people = new People();
  for (const h of hosts) people.add(h.name, null);
  const ctx: SpeakerContext = { people, series, photo: null };
  for (const { block } of main) {
    if (block.kind === 'image' && looksLikePersonName(block.alt, series)) people.add(block.alt, null);
    const texts =
      block.kind === 'paragraph'
        ? [block.text]
        : block.kind === 'list'
          ? block.items.flatMap((i) => i.lines.map((l) => l.text))
          : [];
    for (const t of texts) {
      for (const l of findLinks(t)) {
        if (!l.image && PROFILE_URL.test(l.url) && looksLikePersonName(l.text, series)) people.add(l.text, null);
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
