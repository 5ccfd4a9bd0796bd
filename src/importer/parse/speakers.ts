// Speakers: the speaker mention of a talk sentence ("X from Acme", "X (Acme)",
// "X, Role at Acme", "X talked …", "[Title] by X") and the company written
// next to a name.
import { personKey } from '../names.ts';
import { parseClock } from './inline-text.ts';
import { type Person, type SpeakerContext, type SpeakerMention, splitNameGroup } from './people.ts';
import { isAbbreviation } from './sentences.ts';
import {
  COMPANY_STOP_FIRST,
  COMPANY_SUFFIX,
  NAME,
  NAME_GROUP,
  NAME_SEP,
  SPEAKER_VERBS,
  TALK_NOUNS,
  tokensFrom,
  trimTrailingPunctuation,
} from './vocabulary.ts';

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

/** "NAME leads/runs/heads up … at ORG": a sentence saying where a person works, the company after "at". */
export const LEADS_AT_RE = new RegExp(
  `(${NAME})\\s+(?:leads|runs|heads(?:\\s+up)?|manages|founded|co-founded|works|is\\s+(?:a|an|the))\\s+(?:[^.!?;:()\\[\\]]{0,80}?\\s)?(?:at|@)\\s+`,
  'gu',
);

/** "Ada Quill, BRINDLE presenting …": a name, then a company set off by a comma, then a speaker verb. */
export const COMMA_COMPANY_RE = new RegExp(
  `(${NAME}),\\s+(\\p{Lu}[\\p{L}\\p{M}\\p{N}.&'’-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}\\p{N}.&'’-]*){0,3}),?\\s+(?=(?:${SPEAKER_VERBS})\\b)`,
  'gu',
);

/**
 * The speaker of "Ada Quill, BRINDLE presenting …": the part after the comma is the company, not a second
 * speaker, when the post names that company or it is a single word (a full name has two).
 */
export function commaCompany(text: string, ctx: SpeakerContext): SpeakerMention | null {
  const known = ctx.people.knownCompanies();
  const re = new RegExp(COMMA_COMPANY_RE.source, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const company = (m[2] ?? '').trim();
    if (!known.has(company) && (/\s/.test(company) || ctx.people.resolve(company, ctx.photo))) continue;
    const names = splitNameGroup(m[1] ?? '', ctx, { sentenceStart: atSentenceStart(text, m.index), directory: true });
    if (names?.length !== 1 || hostedBefore(text, m.index)) continue;
    return {
      speakers: [{ name: names[0] as string, company, companyMissing: false }],
      start: m.index,
      end: m.index + m[0].length,
    };
  }
  return null;
}

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

  // "Jane Doe, Staff Engineer at Acme, talked about …"; "Ada heads up delivery over at Brindle."
  for (const source of [ROLE_AT_RE.source, LEADS_AT_RE.source]) {
    const re = new RegExp(source, 'gu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
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
  }

  const comma = commaCompany(text, ctx);
  if (comma) candidates.push(comma);

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
