// The pure roundup parser: one Jekyll post (YAML front matter + Markdown) in,
// a typed ParsedPost out. Rules are about sentence shapes and document
// structure, never about particular meetups, people or companies:
//
// - front matter: title, description ("hosted by NAME, ROLE"), video, date
// - sections: a heading that names a month (or "next meetup") starts the
//   next-meetup announcement; offer/discount headings are skipped
// - talks: a sentence naming a speaker ("X from Acme", "X and Y from Acme",
//   "X (Acme)", or a name next to a talk verb) together with a title (linked,
//   quoted, or prose after a verb such as "talked about"), a timestamp, or a
//   photo of that person right before it; the list right after is its takeaways
// - sponsors: the thank-you sentence that mentions sponsors
import { parseDocument } from 'yaml';
import {
  collapseSpaces,
  findLinks,
  type InlineLink,
  isAbbreviation,
  parseClock,
  parseTimeParam,
  repairMojibake,
  replaceLinks,
  splitSentences,
  stripQuotes,
  toPlainText,
  wordBefore,
} from './markdown-text.ts';
import { kramdownPrepass } from './parse/kramdown.ts';
import {
  type Block,
  defuseDenseMarkup,
  type ListItem,
  lineAt,
  type MarkdownDocument,
  type ParagraphBlock,
  readMarkdown,
  restoreLiterals,
} from './parse/markdown.ts';
import {
  type EventFormat,
  type ParsedAnnouncement,
  type ParsedHost,
  type ParsedPost,
  type ParsedSpeaker,
  type ParsedSponsor,
  type ParsedTalk,
  type ParseWarning,
  PostParseError,
} from './parsed-post.types.ts';

export interface ParsePostOptions {
  /** The post's file path; its `YYYY-MM-DD-` prefix is the meetup date. */
  path?: string;
}

// ---------------------------------------------------------------------------
// Vocabulary.

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_WORD =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_WORD =
  '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)';

function monthName(index: number): string {
  const m = MONTHS[index] ?? '';
  return m.charAt(0).toUpperCase() + m.slice(1);
}

function monthIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(w));
}

function weekdayIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return WEEKDAYS.findIndex((d) => d.startsWith(w));
}

/** Capitalised words that open sentences but are never part of a person's name. */
const DISCOURSE = new Set(
  (
    'finally first firstly next then following kicking and after afterwards last lastly also our we up wrapping ' +
    'closing second secondly third thirdly meanwhile later opening starting so plus thanks thank joining welcome ' +
    'today tonight this that the a an in on at for with from by to but as once long check see read huge big ' +
    'special great rounding ending'
  ).split(' '),
);
const PARTICLE = '(?:de|van|von|der|den|da|di|del|della|du|la|le|dos|das|do|ten|ter|bin|al|el)';
const CAP_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]*\.?`;
// A name starts at the start of a word (never inside "McAllister" or "Jean-Luc"), which also keeps the
// global name searches linear on long runs of letters.
const NAME = String.raw`(?<![\p{L}\p{M}\p{N}'’-])${CAP_WORD}(?:\s+(?:${PARTICLE}\s+)*${CAP_WORD}){0,4}`;
// Each separator matches one way only (", and " is the first alternative, never the second): with two ways
// per separator a long list that is not followed by "from" backtracks exponentially.
const NAME_SEP = String.raw`(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)`;
/** Up to eight names in one group ("A, B and C from Acme"); bounded so that a long list is scanned in linear time. */
const NAME_GROUP = `${NAME}(?:${NAME_SEP}${NAME}){0,7}`;

/** Verbs (and a few words) that follow a speaker's name in a talk sentence. */
const SPEAKER_VERBS =
  'talked|talking|talks|discussed|discussing|discusses|explained|explaining|explains|explored|exploring|explores|' +
  'presented|presenting|presents|described|describing|describes|gave|giving|gives|shared|sharing|shares|told|telling|' +
  'tells|spoke|speaking|speaks|asked|asking|asks|introduced|introducing|demoed|demonstrated|demonstrating|walked|' +
  'walking|took|taking|showed|showing|returned|rounded|wrapped|wrapping|kicked|kicking|closed|closing|opened|' +
  'opening|led|leading|ran|running|delivered|delivering|covered|covering|helped|helping|invited|inviting|said|' +
  'saying|stepped|joined|was|is|with|who';
const TALK_NOUNS =
  'talk|lightning talk|discussion|presentation|session|demo|demos|lightning demos|keynote|overview|introduction|intro|' +
  'deep[- ]dive|walk-?through|workshop|case study';

/** A capitalised word, a number or an opening quote comes next: what a title starts with. */
const TITLE_AHEAD = String.raw`(?=\s+[\p{Lu}\p{N}"“‘])`;

/** Phrases after which a talk's title starts, in prose ("… from Acme talked about Title"). */
const TITLE_CUES: RegExp[] = [
  String.raw`(?:gave|giving|gives|give|with|delivered|delivering|had|did|doing|presented|presenting|ran|running)\s+(?:us\s+)?(?:a|an|his|her|their|the|our)\s+(?:[\p{L}-]+\s+){0,2}?(?:${TALK_NOUNS})\s+(?:on|about|of|called|titled|entitled|named)`,
  String.raw`(?:${TALK_NOUNS})\s+(?:on|about|called|titled|entitled|named)`,
  String.raw`(?:told|tell|telling|tells)\s+us(?:\s+all)?\s+about`,
  String.raw`(?:told|tell|telling|tells)\s+us(?:\s+(?:how to|how|that|why|what))?`,
  String.raw`(?:talked|talking|talks|spoke|speaking|speaks)(?:\s+to\s+us)?\s+(?:about|on)`,
  String.raw`(?:discussed|discussing|discusses|described|describing|describes|presented|presenting|presents|explored|exploring|explores|covered|covering|covers|demoed|demonstrated|demonstrating|introduced|introducing)(?:\s+us\s+to)?`,
  String.raw`(?:explained|explaining|explains)(?:\s+(?:his|her|their)\s+thoughts\s+(?:on|behind|about))?`,
  // Cues that introduce an imperative or a question as the title ("inviting us to Rethink …", "asking Is …?")
  // count only when a capitalised title follows: "invited us to the pub" names no talk.
  String.raw`(?:inviting|invited|invites)\s+us\s+to${TITLE_AHEAD}`,
  String.raw`(?:helping|helped|helps)\s+us(?:\s+to)?${TITLE_AHEAD}`,
  String.raw`(?:showed|showing|shows)\s+us`,
  String.raw`(?:walked|walking|took|taking)\s+us\s+through`,
  String.raw`(?:asked|asking|asks)(?:\s+us)?${TITLE_AHEAD}`,
  String.raw`(?:saying|said)(?:\s+to)?${TITLE_AHEAD}`,
  String.raw`(?:shared|sharing)\s+(?:his|her|their)\s+(?:experiences?|thoughts|story|journey|lessons?)\s+(?:with|on|of|about|from)`,
  String.raw`(?:looked|looking)\s+at`,
  'with',
].map((source) => new RegExp(`${source}(?=\\s)`, 'uy'));

/** Words at the start of a prose title that belong to the sentence, not the title ("told us how to Tame …"). */
const TITLE_FILLER = /^(?:how to|how|whether|that|the|about|on)\s+(?=[\p{Lu}\p{N}"“‘[])/u;

const COMPANY_SUFFIX =
  /^(?:Inc|Ltd|LLC|LLP|GmbH|PLC|plc|AG|SA|S\.A|BV|B\.V|Co|Corp|Limited|Pty|Ltda|SAS|SRL|Oy|AB|AS|KK)\.?$/;
const COMPANY_STOP_FIRST = new Set(
  'who which that where whom our their his her its a an and to with is was were are in at on for by of the us me him them'.split(
    ' ',
  ),
);
const NEGATIVE =
  /\b(?:unfortunately|apolog(?:y|ies|ise|ize|ised|ized)|technical (?:issues?|difficult(?:y|ies)|problems?)|did not|didn['’]t|couldn['’]t|could not|unable to|prevented|cancel+ed|congratulations|winners?|won a)\b/i;
const THANKS = /\b(?:thanks?|thank you|grateful|gratitude|shout-?outs?|appreciat\w*|kudos)\b/i;
const PROFILE_URL =
  /^https?:\/\/(?:www\.|mobile\.)?(?:twitter\.com|x\.com|linkedin\.com\/in|github\.com\/[^/]+\/?$|mastodon\.|bsky\.app\/profile)/i;
const SLIDES_WORD = /\b(?:slides?|slide deck|deck)\b/i;
const NON_TAKEAWAY_LEAD =
  /\b(?:offers?|discounts?|promo(?:tion)?s?|codes?|giveaways?|resources|links|agenda|schedule|feedback|jobs|hiring|vacancies)\b/i;
/** Video-meeting and virtual-event platforms: a meetup held on one is virtual, and none of them is a venue. */
const ONLINE_PLATFORM = String.raw`zoom|rambly|hopin|crowdcast|airmeet|webex|gather\.town|google meet|microsoft teams`;
/** Streaming sites: "at YouTube" names where the livestream ran, not a venue. */
const STREAMING_SITE = 'youtube|twitch|linkedin|vimeo';
const VIRTUAL = new RegExp(
  String.raw`\bvirtual (?:meetup|event|edition|session)s?\b|\bonline (?:meetup|event|edition)s?\b|\b(?:${ONLINE_PLATFORM})\b|\bwebinar\b`,
  'i',
);
const NOT_A_VENUE = new RegExp(`^(?:${ONLINE_PLATFORM}|${STREAMING_SITE})$`, 'i');
const LIVESTREAM = new RegExp(
  String.raw`\blive ?streams?(?:ed|ing)?\b|\bstreamed live\b|\bstream(?:ed|ing)? (?:live|on (?:${STREAMING_SITE}))\b|\b(?:virtual|remote|online) (?:attendees|audience|viewers)\b`,
  'i',
);

function nameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** `s` without the trailing characters in `chars` (a loop, not `/[…]+$/`, which is quadratic on long runs). */
function trimEndOf(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

const BLANKS = ' \t\n\r\f\v\u00a0';

function trimTrailingPunctuation(s: string): string {
  let t = trimEndOf(s.trim(), ',;:');
  while (t.endsWith('.') && !t.endsWith('...')) {
    const last = wordBefore(t, t.length).word;
    if (isAbbreviation(last) && COMPANY_SUFFIX.test(last)) break;
    t = t.slice(0, -1).trimEnd();
  }
  return t.trim();
}

/** Up to `max` whitespace-separated tokens of `text` from `from`, with their offsets (read lazily). */
function tokensFrom(text: string, from: number, max: number): { raw: string; index: number }[] {
  const out: { raw: string; index: number }[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && out.length < max; m = re.exec(text)) out.push({ raw: m[0], index: m.index });
  return out;
}

// ---------------------------------------------------------------------------
// Front matter and date.

interface FrontMatter {
  data: Record<string, unknown>;
  keyLines: Map<string, number>;
  /** 1-based file line of the first body line. */
  bodyLine: number;
}

/** The part of a YAML error message that says what is wrong (its own "at line …" and excerpt dropped). */
function yamlReason(message: string): string {
  return (
    message
      .split('\n')[0]
      ?.replace(/\s+at line \d+, column \d+:?\s*$/, '')
      .trim() ?? message
  );
}

function readFrontMatter(doc: MarkdownDocument, lines: string[]): FrontMatter {
  if (!doc.frontMatter) {
    if (/^---\s*$/.test(lines[0] ?? '')) {
      throw new PostParseError(1, 'the YAML front matter is never closed: no second "---" line');
    }
    throw new PostParseError(1, 'no YAML front matter: a roundup post must start with a "---" line');
  }
  const { value, firstLine } = doc.frontMatter;
  const yamlLines = value.split('\n');
  const yaml = parseDocument(value);
  const error = yaml.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const line = firstLine - 1 + (at?.line ?? 1);
    const source = (yamlLines[(at?.line ?? 1) - 1] ?? '').trim();
    const where = at ? ` (column ${at.col}${source ? ` of "${source}"` : ''})` : '';
    throw new PostParseError(line, `broken YAML front matter: ${yamlReason(error.message)}${where}`);
  }
  const data: unknown = yaml.toJS();
  if (data === null || data === undefined) throw new PostParseError(1, 'the YAML front matter is empty');
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new PostParseError(firstLine, 'the YAML front matter is not a mapping of keys to values');
  }
  const keyLines = new Map<string, number>();
  yamlLines.forEach((l, i) => {
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(l)?.[1];
    if (key && !keyLines.has(key)) keyLines.set(key, firstLine + i);
  });
  return { data: data as Record<string, unknown>, keyLines, bodyLine: firstLine + yamlLines.length + 1 };
}

function fmString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  return null;
}

function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m && t.getUTCDate() === d;
}

/** "December 2019", "[Dec 2018]" → the first of that month. */
function monthOfText(text: string | null): string | null {
  const m = new RegExp(`\\b(${MONTH_WORD})\\b[\\s,.-]{0,3}((?:19|20)\\d{2})\\b`).exec(text ?? '');
  return m?.[1] && m[2] ? isoDate(Number(m[2]), monthIndex(m[1]), 1) : null;
}

function readIsoDate(text: string | null): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  return validDate(y, mo, d) ? isoDate(y, mo, d) : null;
}

// ---------------------------------------------------------------------------
// Sections.

type SectionKind = 'main' | 'next' | 'offer';

interface Tagged {
  block: Block;
  section: SectionKind;
  /** The heading that opened this block's section (null before the first heading). */
  heading: { text: string; line: number; level: number } | null;
}

function classifyHeading(text: string): SectionKind | null {
  if (/\b(?:offers?|discounts?|invitations?|promo(?:tion)?s?|giveaways?|competitions?|jobs|hiring)\b/i.test(text)) {
    return 'offer';
  }
  if (/\b(?:overview|talks|speakers|recap|round-?up|summary|highlights)\b/i.test(text)) return 'main';
  const plain = text.replace(/[*_`]/g, '').trim();
  if (new RegExp(`\\b${MONTH_WORD}(?:\\s+\\d{4})?\\s*[:!.]?$`).test(plain)) return 'next';
  if (/\bnext (?:meetup|event|month)\b|\bupcoming\b|\bcoming up\b|\bsave the date\b/i.test(plain)) return 'next';
  return null;
}

function tagSections(blocks: Block[]): Tagged[] {
  const stack: { level: number; kind: SectionKind; text: string; line: number }[] = [];
  const out: Tagged[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      while (stack.length && (stack[stack.length - 1]?.level ?? 0) >= block.level) stack.pop();
      const kind = classifyHeading(block.text) ?? stack[stack.length - 1]?.kind ?? 'main';
      stack.push({ level: block.level, kind, text: block.text, line: block.line });
    }
    const top = stack[stack.length - 1];
    out.push({
      block,
      section: top?.kind ?? 'main',
      heading: top ? { text: top.text, line: top.line, level: top.level } : null,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// People.

interface Person {
  name: string;
  company: string | null;
}

/** Everyone the post names in full, so that "Ada" or "Ada's" can be read as a full name. */
class People {
  private readonly byKey = new Map<string, Person>();
  /** First-name key → the people with that first name. */
  private readonly byFirst = new Map<string, Person[]>();

  add(name: string, company: string | null): void {
    if (name.split(/\s+/).length < 2) return;
    const key = nameKey(name);
    const known = this.byKey.get(key);
    if (known) {
      if (!known.company && company) known.company = company;
      return;
    }
    const person = { name, company };
    this.byKey.set(key, person);
    const first = nameKey(name.split(/\s+/)[0] ?? '');
    this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), person]);
  }

  companyOf(name: string): string | null {
    return this.byKey.get(nameKey(name))?.company ?? null;
  }

  /** The full name a one-word name stands for, preferring the person in the photo just above. */
  resolve(first: string, preferred: string | null, directory = true): Person | null {
    const k = nameKey(first);
    if (preferred && nameKey(preferred.split(/\s+/)[0] ?? '') === k) {
      return { name: preferred, company: this.companyOf(preferred) };
    }
    if (!directory) return null;
    const matches = this.byFirst.get(k) ?? [];
    return matches.length === 1 ? (matches[0] as Person) : null;
  }
}

function looksLikePersonName(text: string, series: string): boolean {
  const t = text.trim();
  if (!new RegExp(`^${NAME}$`, 'u').test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  if (DISCOURSE.has((words[0] as string).toLowerCase())) return false;
  return !(series && nameKey(t).includes(nameKey(series)));
}

interface SpeakerMention {
  speakers: (ParsedSpeaker & { companyMissing: boolean })[];
  start: number;
  end: number;
}

interface SpeakerContext {
  people: People;
  series: string;
  /** Name from the photo right above the paragraph, if it shows a person. */
  photo: string | null;
}

/** Splits a matched name group ("A, B and C") into names, dropping sentence openers ("Finally"). */
function splitNameGroup(
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
    if (!words.length) return null;
    const last = words[words.length - 1] as string;
    words[words.length - 1] = last.replace(/['’]s$/, '');
    const name = words.join(' ');
    if (ctx.series && nameKey(name).includes(nameKey(ctx.series))) return null;
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
function readCompany(text: string, pos: number): { company: string | null; missing: boolean; end: number } {
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

const FROM_RE = new RegExp(`(${NAME_GROUP})\\s+from\\s+`, 'gu');
const PAREN_RE = new RegExp(`(${NAME})\\s*\\(\\s*(\\p{Lu}[^()]{0,60}?)\\s*\\)`, 'gu');
const VERB_RE = new RegExp(`(${NAME_GROUP})\\s*,?\\s+(?=(?:${SPEAKER_VERBS})\\b)`, 'gu');
const POSSESSIVE_TALK_RE = new RegExp(`(${NAME})['’]s\\s+(?:[a-z-]+\\s+)?(?:${TALK_NOUNS})\\b`, 'gu');
const CHAIN_RE = new RegExp(`^${NAME_SEP}(${NAME_GROUP})\\s+from\\s+`, 'u');
const ROLE_AT_RE = new RegExp(`(${NAME}),\\s+(?:(?:the|a|an|our)\\s+)?(?:[\\p{L}&/-]+\\s+){1,6}?(?:at|@)\\s+`, 'gu');
const BY_RE = new RegExp(`\\bby\\s+(${NAME_GROUP})`, 'gu');

function atSentenceStart(text: string, index: number): boolean {
  let i = index;
  while (i > 0 && /[\s"“(*_]/.test(text[i - 1] as string)) i--;
  return i === 0;
}

function hostedBefore(text: string, index: number): boolean {
  // Only the few words before the name matter; looking at all of them would make long sentences quadratic.
  return /(?:^|[^\p{L}\p{N}_])(?:hosted|introduced|welcomed)\s+by\s*$/iu.test(
    text.slice(Math.max(0, index - 48), index),
  );
}

/** All "NAME from COMPANY" mentions in a text (for the people directory). */
function fromMentions(text: string, ctx: SpeakerContext): Person[] {
  const out: Person[] = [];
  const re = new RegExp(FROM_RE.source, 'gu');
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
function findSpeakers(text: string, ctx: SpeakerContext, afterTitle = false): SpeakerMention | null {
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
    const k = nameKey(s.name);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return best;
}

/** "shared Quillfeather's story on …": a company given only as a possessive right after the verb. */
function possessiveCompany(after: string): string | null {
  const m =
    /^\s*,?\s*(?:shared|presented|told|gave|discussed|described|explained|walked us through|took us through)\s+(?:us\s+)?(\p{Lu}[\p{L}\p{M}\p{N}.&-]*(?:\s\p{Lu}[\p{L}\p{M}\p{N}.&-]*){0,3})['’]s\s+(?:story|journey|experiences?|approach|platform|work|use|migration|adoption|transformation|architecture|setup|stack)\b/u.exec(
      after,
    );
  return m?.[1]?.trim() ?? null;
}

// ---------------------------------------------------------------------------
// Talk sentences.

interface TalkDraft {
  title: string | null;
  speakers: (ParsedSpeaker & { companyMissing: boolean })[];
  link: string | null;
  startSeconds: number | null;
  slidesUrl: string | null;
  takeaways: string[];
  line: number;
  /** The text after the talk sentence in its paragraph (the takeaways' lead-in). */
  leadIn: string;
}

interface SentenceContext extends SpeakerContext {
  host: string | null;
}

const PLACEHOLDER = '\uE000';

function isClock(text: string): boolean {
  return parseClock(text.replace(/^\s*(?:starting\s+(?:at\s+)?)?/i, '')) !== null;
}

/** Words that may open a timestamp parenthetical: "(starting at 1:02:03)", "(from 12:30)", "(watch from 9:58)". */
const CLOCK_LEAD =
  '(?:starting|starts|start|from|at|begins|begin|watch|video|timestamp)(?:\\s+(?:at|from|it\\s+from|it\\s+at))?';

interface Timestamp {
  seconds: number | null;
  url: string | null;
}

/**
 * Removes "(starting at [1:02:03](url))", "(starting 09:30)", "(no video …)" and bare "[12:30](url)" links.
 * A timestamp's text and URL hold no brackets, which keeps the search linear on text full of them.
 */
function takeTimestamps(text: string): { text: string; timestamp: Timestamp | null } {
  let timestamp: Timestamp | null = null;
  let s = text.replace(
    new RegExp(`\\(\\s*(?:${CLOCK_LEAD}\\s*)?\\[([^\\][()]+)\\]\\(([^()\\s]+)(?:\\s[^)]*)?\\)\\s*\\)`, 'gi'),
    (_all, clock: string, url: string) => {
      timestamp ??= { seconds: parseTimeParam(url) ?? parseClock(clock), url };
      return ' ';
    },
  );
  const plainClock = (_all: string, clock: string) => {
    timestamp ??= { seconds: parseClock(clock), url: null };
    return ' ';
  };
  s = s.replace(new RegExp(`\\(\\s*(?:${CLOCK_LEAD}\\s+)?(\\d{1,2}(?::\\d{2}){1,2})\\s*\\)`, 'gi'), plainClock);
  // Starts only where a run of blanks starts, so that a long run is not re-scanned from each of its characters.
  s = s.replace(/(?<![\s,]),?\s*\b(?:starting|starts)\s+(?:at\s+)?(\d{1,2}(?::\d{2}){1,2})\b/gi, plainClock);
  s = s.replace(/\(\s*(?:no video|video unavailable|video not available)[^)]*\)/gi, ' ');
  s = replaceLinks(s, (link) => {
    if (!link.image && isClock(link.text)) {
      timestamp ??= { seconds: parseTimeParam(link.url) ?? parseClock(link.text), url: link.url };
      return ' ';
    }
    return s.slice(link.start, link.end);
  });
  return { text: s.replace(/\s{2,}/g, ' '), timestamp };
}

function cleanTitle(raw: string): string | null {
  let t = collapseSpaces(toPlainText(raw));
  t = stripQuotes(t);
  for (let i = 0; i < 3; i++) t = t.replace(TITLE_FILLER, '');
  t = t.replace(/\s+[-–—]\s*$/, '');
  t = trimTrailingPunctuation(t);
  t = stripQuotes(t);
  return t || null;
}

const PROSE_END =
  /,\s*(?:and\s+)?(?:his|her|their|my|our)\s|,\s*and\s+(?:in|left|he|she|they|then|gave|shared)\s|,\s*[a-z]+ing\b|\s+[-–—]\s+(?:his|her|their)\s/u;

/** The prose title after the speaker: after a cue such as "talked about", or (with a timestamp) the first capitalised word. */
function proseTitle(after: string, allowBare: boolean): { title: string | null; cue: boolean } {
  const text = after.replace(/\s+/g, ' ');
  let start = -1;
  let cue = false;
  for (const word of text.matchAll(/\S+/g)) {
    const pos = word.index ?? 0;
    let best = 0;
    for (const re of TITLE_CUES) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m && m[0].length > best) best = m[0].length;
    }
    if (best > 0) {
      start = pos + best;
      cue = true;
      break;
    }
  }
  if (start < 0 && allowBare) {
    const m = /(^|\s)([\p{Lu}\p{N}"“‘])/u.exec(text);
    if (m) start = (m.index ?? 0) + (m[1] ?? '').length;
  }
  if (start < 0) return { title: null, cue: false };
  let body = text.slice(start);
  const end = PROSE_END.exec(body);
  if (end) body = body.slice(0, end.index);
  return { title: cleanTitle(body), cue };
}

function classifyLink(link: InlineLink, series: string): 'image' | 'person' | 'slides' | 'generic' | 'title' {
  if (link.image) return 'image';
  if (PROFILE_URL.test(link.url) && looksLikePersonName(toPlainText(link.text), series)) return 'person';
  if (SLIDES_WORD.test(link.text)) return 'slides';
  if (/^(?:here|this|link|this link|view|download|watch|video|website)$/i.test(toPlainText(link.text)))
    return 'generic';
  return 'title';
}

type Speaker = ParsedSpeaker & { companyMissing: boolean };

interface SentenceReading {
  talk: TalkDraft | null;
  /** Speakers the sentence names, even when it does not introduce a talk ("Next up was X from Acme."). */
  speakers: Speaker[] | null;
  /** Where the title came from. */
  titleSource: 'link' | 'quote' | 'prose' | null;
  /** A timestamp, a linked or a quoted title: enough to start a second talk in one paragraph. */
  strong: boolean;
}

const NO_READING: SentenceReading = { talk: null, speakers: null, titleSource: null, strong: false };

/** Words that tie a speaker to the title that follows ("X from Acme talked about [Title]"). */
const TALK_WORD = new RegExp(
  `\\b(?:talked|talking|talks|discuss(?:ed|ing|es)?|explain(?:ed|ing|s)?|explor(?:ed|ing|es)|present(?:ed|ing|s)?|` +
    `describ(?:ed|ing|es)|gave|giving|gives|shar(?:ed|ing|es)|told|telling|tell|spoke|speaking|ask(?:ed|ing|s)?|` +
    `introduc(?:ed|ing|es)|demo(?:ed|ing)?|demonstrat(?:ed|ing)|walk(?:ed|ing)|took|taking|show(?:ed|ing|s)|` +
    `cover(?:ed|ing|s)|help(?:ed|ing|s)|invit(?:ed|ing)|saying|said|look(?:ed|ing)|takeaways?|${TALK_NOUNS})\\b`,
  'u',
);

/** Words that may stand between a speaker and a linked title without a talk word ("X from Acme on [Title]"). */
const CONNECTORS = new Set('on about with and the a an his her their us to who which then also'.split(' '));

const SUBJECT = new RegExp(
  `(?:^|[\\s,;])(I|He|She|They)\\s+(?:then\\s+|also\\s+)?(?=(?:${SPEAKER_VERBS.replace(/\|was\|is\|with\|who/, '')}|went on|followed)\\b)`,
  'u',
);

/** Reads one sentence (or heading) as a talk; `carried` are speakers named just before, for "She talked about …". */
function readTalkSentence(
  sentence: string,
  line: number,
  ctx: SentenceContext,
  carried: Speaker[] | null = null,
): SentenceReading {
  const { text: noTimes, timestamp } = takeTimestamps(sentence);
  if (NEGATIVE.test(noTimes)) return NO_READING;
  if (!timestamp && THANKS.test(noTimes)) return NO_READING;
  let titleLink: InlineLink | null = null;
  let slidesUrl: string | null = null;
  let work = replaceLinks(noTimes, (link) => {
    const kind = classifyLink(link, ctx.series);
    if (kind === 'image') return ' ';
    if (kind === 'slides') {
      slidesUrl ??= link.url;
      return ' ';
    }
    const before = noTimes.slice(0, link.start);
    const after = noTimes.slice(link.end);
    const companyLink = /\bfrom\s+(?:the\s+)?$|\(\s*$/i.test(before);
    const personLink =
      looksLikePersonName(toPlainText(link.text), ctx.series) && /^(?:\s+(?:and|&|from)\s|\s*,|\s*\()/.test(after);
    if (kind === 'title' && !titleLink && !companyLink && !personLink) {
      titleLink = link;
      return PLACEHOLDER;
    }
    return link.text;
  });
  let title: string | null = null;
  let titleSource: SentenceReading['titleSource'] = null;
  const link = titleLink as InlineLink | null;
  if (link) {
    title = cleanTitle(link.text);
    titleSource = 'link';
  } else {
    const q = /(^|[\s(:,-])["“]([^"“”]{2,}?)["”]/u.exec(work);
    if (q) {
      title = cleanTitle(q[2] ?? '');
      titleSource = 'quote';
      const at = (q.index ?? 0) + (q[1] ?? '').length;
      work = `${work.slice(0, at)}${PLACEHOLDER}${work.slice(at + q[0].length - (q[1] ?? '').length)}`;
    }
  }
  const placeholderAt = work.indexOf(PLACEHOLDER);
  let region = placeholderAt >= 0 ? work.slice(0, placeholderAt) : work;
  let mention = findSpeakers(region, ctx);
  let speakerAfterTitle = false;
  if (!mention && placeholderAt >= 0 && !SUBJECT.test(region)) {
    region = work.slice(placeholderAt + 1);
    mention = findSpeakers(region, ctx, true);
    speakerAfterTitle = mention !== null;
  }
  // "Our speakers were X from A and Y from B": a roster, not a talk.
  if (mention && /\bspeakers\b/i.test(region.slice(0, mention.start))) return NO_READING;
  let proseCue = false;
  if (mention && !title) {
    const p = proseTitle(work.slice(mention.end), timestamp !== null);
    title = p.title;
    proseCue = p.cue;
    if (title) titleSource = 'prose';
  }
  let speakers: Speaker[] = mention?.speakers ?? [];
  if (!speakers.length) {
    const subject = SUBJECT.exec(region);
    const fromCarried = carried?.map((s) => ({ ...s }));
    const who: Speaker[] | null =
      subject?.[1] === 'I'
        ? [{ name: ctx.photo ?? ctx.host ?? '', company: null, companyMissing: false }]
        : subject
          ? ctx.photo
            ? [{ name: ctx.photo, company: null, companyMissing: false }]
            : (fromCarried ?? null)
          : null;
    if (who?.length && who.every((s) => s.name)) {
      speakers = who;
      if (!title) {
        const p = proseTitle(region.slice((subject?.index ?? 0) + (subject?.[0].length ?? 0)), timestamp !== null);
        title = p.title;
        proseCue = p.cue;
        if (title) titleSource = 'prose';
      }
    }
  }
  if (!speakers.length) return NO_READING;

  // A linked or quoted title counts only when a talk word ties it to the speaker.
  let titled = titleSource === 'link' || titleSource === 'quote';
  if (titled && mention && !speakerAfterTitle && timestamp === null) {
    const between = work.slice(mention.end, placeholderAt);
    const words = between.toLowerCase().match(/[\p{L}']+/gu) ?? [];
    if (!TALK_WORD.test(between) && words.some((w) => !CONNECTORS.has(w))) titled = false;
  }
  const photoMatch = ctx.photo !== null && speakers.some((s) => nameKey(s.name) === nameKey(ctx.photo ?? ''));
  const evidence = timestamp !== null || titled || (titleSource === 'prose' && proseCue) || photoMatch;
  for (const s of speakers) {
    if (!s.company && !s.companyMissing) s.company = ctx.people.companyOf(s.name);
  }
  if (!evidence) return { ...NO_READING, speakers };
  if (mention && speakers.every((s) => !s.company)) {
    const possessive = possessiveCompany(work.slice(mention.end));
    if (possessive) for (const s of speakers) s.company = possessive;
  }

  const linkUrl = link?.url ?? null;
  const seconds = timestamp?.url ? (parseTimeParam(timestamp.url) ?? timestamp.seconds) : null;
  return {
    talk: {
      title,
      speakers,
      link: linkUrl ?? timestamp?.url ?? null,
      startSeconds: seconds ?? (linkUrl ? parseTimeParam(linkUrl) : null) ?? timestamp?.seconds ?? null,
      slidesUrl,
      takeaways: [],
      line,
      leadIn: '',
    },
    speakers,
    titleSource,
    strong: timestamp !== null || titled,
  };
}

// ---------------------------------------------------------------------------
// Sponsors.

const AND_SEPARATOR = /\s+and\s+/y;

/** Splits a list at commas and "and" outside brackets and parentheses ("&" stays: "Brindle & Co"). */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as string;
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0) {
      if (c === ',' || c === ';') {
        parts.push(current);
        current = '';
        continue;
      }
      AND_SEPARATOR.lastIndex = i;
      const sep = AND_SEPARATOR.exec(list);
      if (sep && /\s/.test(c)) {
        parts.push(current);
        current = '';
        i += sep[0].length - 1;
        continue;
      }
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** End of a list that starts at `start`: the first terminator outside brackets. */
function listEnd(s: string, start: number, terminators: RegExp): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i] as string;
    if (depth === 0) {
      terminators.lastIndex = i;
      if (terminators.test(s)) return i;
    }
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth = Math.max(0, depth - 1);
  }
  return s.length;
}

const SPONSOR_LIST_END =
  /\s+for\s|,?\s+plus\s|,?\s+who\s|,?\s+which\s|,?\s+as\s+(?:always|ever|well)\b|!|\?|;|\.(?:\s|$)|\s+[-–—]\s/y;

function sponsorsIn(sentence: string, line: number): ParsedSponsor[] | null {
  const by = /\bsponsored by\s+/i.exec(sentence);
  if (!by && (!/\bsponsor/i.test(sentence) || !THANKS.test(sentence))) return null;
  let start = -1;
  const noun =
    /\bsponsors?\b(?:\s+(?:this month|this time|tonight|for (?:the|this|tonight['’]s) (?:evening|night|meetup|event)))?(?:\s+(?:are|were|was|is|include|included|including))?\s*[:,]?\s*/i.exec(
      sentence,
    );
  if (by) {
    start = by.index + by[0].length;
  } else if (noun && /^[[\p{Lu}\p{N}]|^(?:the|our)\s/u.test(sentence.slice(noun.index + noun[0].length))) {
    start = noun.index + noun[0].length;
  } else {
    const to =
      /\b(?:thanks?|thank you|grateful|gratitude|shout-?outs?|appreciat\w*|kudos)(?:\s+(?:also|again|as always|so much|very much|once again))?\s+(?:to|for)\s+/i.exec(
        sentence,
      );
    if (to) start = to.index + to[0].length;
  }
  if (start < 0) return null;
  const end = listEnd(sentence, start, SPONSOR_LIST_END);
  const sponsors: ParsedSponsor[] = [];
  for (const piece of splitTopLevel(sentence.slice(start, end))) {
    const link = findLinks(piece).find((l) => !l.image);
    if (link) {
      const name = trimTrailingPunctuation(collapseSpaces(toPlainText(link.text))).replace(/\.$/, '');
      if (name) sponsors.push({ name, url: link.url || null, line });
      continue;
    }
    let plain = toPlainText(piece);
    for (let i = 0; i < 3; i++) plain = plain.replace(/^(?:and|also|especially|the|our|to|of course)\s+/i, '');
    plain = trimEndOf(plain, `.!,;:${BLANKS}`);
    if (!plain || !/^[\p{Lu}\p{N}]/u.test(plain) || plain.split(/\s+/).length > 6) continue;
    sponsors.push({ name: plain, url: null, line });
  }
  return sponsors.length ? sponsors : null;
}

// ---------------------------------------------------------------------------
// Venue, format, attendees, video.

const PLACE_NOUN =
  /^(?:offices?|office space|event space|space|venue|hq|headquarters|building|campus|premises|rooms?)$/i;
const VENUE_STOP = new Set(
  'offices office event space venue hq headquarters building campus premises for with as plus and on in based to who where which while this last'.split(
    ' ',
  ),
);

function venueIn(sentence: string, series: string): string | null {
  const plain = toPlainText(sentence);
  const hosted =
    /\bto\s+(?:the\s+)?([\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*(?:\s[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*){0,4}?),?\s+(?:who|for|which)\s+(?:[a-z]+\s+){0,2}?(?:hosted|hosting|host|having)\s+us\b/u.exec(
      plain,
    );
  if (hosted?.[1]) return hosted[1].trim();
  const hostedUs =
    /(?:^|[.,;:]\s+|\b(?:thanks|and|as)\s+)((?<![\p{L}\p{M}\p{N}])[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*(?:\s[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*){0,4}?)\s+(?:kindly\s+|very kindly\s+|generously\s+|once again\s+|again\s+)?hosted us\b/u.exec(
      plain,
    );
  if (hostedUs?.[1] && !DISCOURSE.has(hostedUs[1].trim().toLowerCase())) return hostedUs[1].trim();
  const at =
    /\b(?:meetup|room|crowd|event|evening|night|session|gathering|us|were|was|held|hosted)\s+at\s+(?:the\s+)?/giu;
  for (let m = at.exec(plain); m; m = at.exec(plain)) {
    const tokens = tokensFrom(plain, m.index + m[0].length, 24).map((t) => t.raw);
    let i = 0;
    while (i < 2 && tokens[i] && /^\p{Ll}/u.test(tokens[i] as string) && /^\p{Lu}/u.test(tokens[i + 1] ?? '')) i++;
    const name: string[] = [];
    let possessive = false;
    for (; i < tokens.length; i++) {
      const raw = tokens[i] as string;
      const core = raw.replace(/[,.;:!?)]+$/, '');
      if (VENUE_STOP.has(core.toLowerCase()) && name.length) break;
      if (name.length === 0 && /^\p{Ll}/u.test(core) && (COMPANY_STOP_FIRST.has(core) || VENUE_STOP.has(core))) break;
      if (name.length > 0 && !/^[\p{Lu}\p{N}&]/u.test(core)) break;
      name.push(core);
      if (/['’]s$/.test(core)) {
        possessive = true;
        i++;
        break;
      }
      if (core !== raw) break;
    }
    if (!name.length) continue;
    let venue = name.join(' ');
    if (new RegExp(`^${MONTH_WORD}\\b`).test(venue) || NOT_A_VENUE.test(venue)) continue;
    if (series && nameKey(venue).includes(nameKey(series))) continue;
    if (possessive) {
      const noun = (tokens[i] ?? '').replace(/[,.;:!?]+$/, '');
      if (PLACE_NOUN.test(noun)) {
        venue += ` ${noun}`;
        const rest = tokens.slice(i + 1).join(' ');
        const place =
          /^(?:based\s+)?(?:at|in)\s+(?:the\s+)?([\p{Lu}\p{N}][\p{L}\p{M}\p{N}'’&-]*(?:\s+[\p{Lu}\p{N}][\p{L}\p{M}\p{N}'’&-]*){0,4})/u.exec(
            rest,
          );
        if (place?.[1]) venue += `, ${trimTrailingPunctuation(place[1])}`;
      } else {
        venue = venue.replace(/['’]s$/, '');
      }
    }
    return trimTrailingPunctuation(venue);
  }
  return null;
}

function attendeesIn(sentence: string): number | null {
  const m =
    /\b(\d{1,3}(?:,\d{3})*|\d+)\+?\s+(?:attendees|people|members|guests|participants|techies|folks|developers|engineers)\b/i.exec(
      toPlainText(sentence),
    );
  return m?.[1] ? Number(m[1].replace(/,/g, '')) : null;
}

function wholeEveningVideo(sentence: string): string | null {
  if (
    !/\b(?:full|whole|entire)\b[^.!?]{0,200}?\b(?:video|recording|livestream)\b|\bvideo of the (?:whole|full|entire)\b|\b(?:recording|video) of the (?:evening|night|meetup|event)\b/i.test(
      sentence,
    )
  ) {
    return null;
  }
  return findLinks(sentence).find((l) => !l.image && /^https?:\/\//.test(l.url))?.url ?? null;
}

// ---------------------------------------------------------------------------
// Next meetup.

function readAnnouncedDate(
  text: string,
  postDate: string,
  headingMonth: number,
  line: number,
  warn: (line: number, code: string, message: string) => void,
): { date: string | null; written: string | null } {
  const dayFirst = new RegExp(
    `(?:\\b(${WEEKDAY_WORD}),?\\s+(?:the\\s+)?)?\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORD})\\b(?:,?\\s+(\\d{4}))?`,
  );
  const monthFirst = new RegExp(
    `(?:\\b(${WEEKDAY_WORD}),?\\s+)?\\b(${MONTH_WORD})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`,
  );
  const a = dayFirst.exec(text);
  const b = monthFirst.exec(text);
  let weekday: string | undefined;
  let day: number;
  let monthWord: string;
  let yearWord: string | undefined;
  let written: string;
  if (a && (!b || a.index <= b.index)) {
    [written, weekday, , monthWord, yearWord] = [a[0], a[1], a[2], a[3] ?? '', a[4]];
    day = Number(a[2]);
  } else if (b) {
    [written, weekday, monthWord, , yearWord] = [b[0], b[1], b[2] ?? '', b[3], b[4]];
    day = Number(b[3]);
  } else {
    return { date: null, written: null };
  }
  const [py, pm] = [Number(postDate.slice(0, 4)), Number(postDate.slice(5, 7)) - 1];
  let month = monthIndex(monthWord);
  const conflict = headingMonth >= 0 && headingMonth !== month;
  if (conflict) {
    warn(
      line,
      'next-date-conflict',
      `the next-meetup heading names ${monthName(headingMonth)} but the text says "${written.trim()}"; reading it as ${monthName(headingMonth)}`,
    );
    month = headingMonth;
  }
  let year = yearWord ? Number(yearWord) : month < pm ? py + 1 : py;
  const wantWeekday = weekday ? weekdayIndex(weekday) : -1;
  let d = day;
  const weekdayOf = (y: number, mo: number, dd: number) => new Date(Date.UTC(y, mo, dd)).getUTCDay();
  if (!validDate(year, month, d) || (conflict && wantWeekday >= 0 && weekdayOf(year, month, d) !== wantWeekday)) {
    if (wantWeekday >= 0) {
      d = 1;
      while (weekdayOf(year, month, d) !== wantWeekday) d++;
    } else {
      while (d > 28 && !validDate(year, month, d)) d--;
    }
  } else if (!yearWord && wantWeekday >= 0 && weekdayOf(year, month, d) !== wantWeekday) {
    if (validDate(year + 1, month, d) && weekdayOf(year + 1, month, d) === wantWeekday && month <= pm) year += 1;
    else warn(line, 'next-date-weekday-mismatch', `"${written.trim()}" is not a ${weekday} in ${year}`);
  }
  return { date: isoDate(year, month, d), written: written.trim() };
}

const NEXT_LIST_END =
  /\[|\(|;|!|\?|\.(?:\s|$)|\s+(?:who|which|to|at|on|in|for|with|as|when|where|so)\s|\s+[-–—]\s(?!\p{Lu})/uy;

function announcedCompanies(sentence: string): string[] {
  const m =
    /\b(?:speakers?|talks?|presenters?|folks|friends|people|guests)\s+(?:from|at)\s+|\bfeaturing\s+(?:(?:speakers|talks)\s+from\s+)?/i.exec(
      sentence,
    );
  if (!m) return [];
  const start = m.index + m[0].length;
  let end = start;
  for (;;) {
    end = listEnd(sentence, end, NEXT_LIST_END);
    if (sentence[end] !== '.') break;
    const word = wordBefore(sentence, end, start).word;
    if (!isAbbreviation(`${word}.`) || end + 1 >= sentence.length) break;
    end += 1;
  }
  const out: string[] = [];
  for (const piece of splitTopLevel(sentence.slice(start, end))) {
    let name = collapseSpaces(toPlainText(piece)).replace(/^(?:and|the|our friends at)\s+/i, '');
    name = trimTrailingPunctuation(trimEndOf(name, '!?'));
    if (!name || /^(?:more|others|many more|lots more|friends|guests|special guests)$/i.test(name)) continue;
    const previous = out[out.length - 1];
    if (previous !== undefined && COMPANY_SUFFIX.test(name)) {
      out[out.length - 1] = `${previous}, ${name}`;
      continue;
    }
    out.push(name);
  }
  return out;
}

function rsvpIn(text: string): string | null {
  const links = findLinks(text).filter((l) => !l.image && /^https?:\/\//.test(l.url));
  const byText = links.find((l) => /\b(?:rsvp|register|sign ?up|save the date|tickets?|book|join)\b/i.test(l.text));
  const byUrl = links.find((l) => /meetup\.com|eventbrite|lu\.ma|ti\.to|luma\.com/i.test(l.url));
  return byText?.url ?? byUrl?.url ?? null;
}

// ---------------------------------------------------------------------------
// Host.

function parseHosts(description: string | null, line: number): ParsedHost[] {
  const m = /\bhosted by\s+(.+)$/i.exec(description ?? '');
  if (!m?.[1]) return [];
  const rest = trimTrailingPunctuation(m[1]);
  const comma = rest.indexOf(',');
  const names = comma < 0 ? rest.split(/\s+(?:and|&)\s+/) : [rest.slice(0, comma)];
  const role = comma < 0 ? null : rest.slice(comma + 1).trim() || null;
  let company: string | null = null;
  if (role) {
    const at = /\bat\s+(?:the\s+)?(\S.*)$/.exec(role);
    if (at?.[1]) company = at[1].trim();
    else if (role.includes(',')) {
      const last = role.slice(role.lastIndexOf(',') + 1).trim();
      if (/^[\p{Lu}\p{N}]/u.test(last)) company = last;
    }
  }
  return names
    .map((n) => collapseSpaces(n))
    .filter(Boolean)
    .map((name) => ({
      name,
      role: names.length === 1 ? role : null,
      company: names.length === 1 ? company : null,
      line,
    }));
}

// ---------------------------------------------------------------------------
// Takeaways.

/** A lead-in such as "She also brought some offers for members:" introduces a list that is not takeaways. */
function isNonTakeawayLead(leadIn: string): boolean {
  return NON_TAKEAWAY_LEAD.test(leadIn) && !/\b(?:takeaways?|learn(?:ed|t|ings)|lessons)\b/i.test(leadIn);
}

/** A talk heading's title: the heading without the part that names the speaker. */
function headingTitle(text: string, speakers: Speaker[]): string | null {
  const plain = toPlainText(text);
  const parts = plain.split(/\s+[-–—|]\s+|:\s+|\s+by\s+/).map((p) => p.trim());
  const keys = speakers.map((sp) => nameKey(sp.name));
  const rest = parts.filter((p) => p && !keys.some((k) => nameKey(p).includes(k)) && !/\bfrom\s|\(/.test(p));
  if (rest.length === parts.length) return cleanTitle(plain);
  return rest.length ? cleanTitle(rest.join(': ')) : null;
}

function isSlidesSentence(text: string): string | null {
  if (!SLIDES_WORD.test(toPlainText(text))) return null;
  const link = findLinks(text).find((l) => !l.image && l.url);
  return link?.url ?? null;
}

function itemText(item: ListItem, onSlides: (url: string) => void): string {
  const parts: string[] = [];
  for (const [i, l] of item.lines.entries()) {
    const slides = i > 0 ? isSlidesSentence(l.text) : null;
    if (slides) onSlides(slides);
    else parts.push(l.text);
  }
  let text = toPlainText(parts.join(' '));
  const children = item.children.map((c) => itemText(c, onSlides)).filter(Boolean);
  if (children.length) text = `${text} ${children.join('; ')}`.trim();
  return text;
}

// ---------------------------------------------------------------------------
// The parser.

interface SentenceRef {
  text: string;
  line: number;
}

function sentencesOf(p: ParagraphBlock): SentenceRef[] {
  return splitSentences(p.text).map((s) => ({ text: s.text, line: lineAt(p, s.start) }));
}

function seriesName(title: string): string {
  const m = new RegExp(`^(.*?)(?:\\s*[,:(\\[]|\\s+[-–—]\\s|\\s+${MONTH_WORD}\\b|\\s+\\d{4}\\b)`).exec(title);
  const s = (m?.[1] ?? '').replace(/^(?:\[[^\]]*\]\s*)+/, '').trim();
  return s.split(/\s+/).length >= 2 ? s : '';
}

type Warn = (line: number, code: string, message: string) => void;

/** Lines with mojibake repaired and NFC applied, line by line (so line numbers hold). */
function readLines(text: string, warn: Warn): string[] {
  let repairedLine = 0;
  let repairs = 0;
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l, i) => {
      const r = repairMojibake(l);
      if (r.count && !repairedLine) repairedLine = i + 1;
      repairs += r.count;
      return r.text.normalize('NFC');
    });
  if (repairs) warn(repairedLine, 'mojibake-repaired', `repaired ${repairs} mis-decoded character sequence(s)`);
  return lines;
}

/** The meetup date: the file name's, else the front matter's, else (an early draft) the month the title names. */
function readDate(
  fm: FrontMatter,
  path: string | undefined,
  title: string,
  description: string | null,
  warn: Warn,
): { date: string; monthOnly: boolean } {
  const titleLine = fm.keyLines.get('title') ?? 1;
  const dateLine = fm.keyLines.get('date') ?? 1;
  const fmDateText = fmString(fm.data.date);
  const fmDate = readIsoDate(fmDateText);
  const fileName = (path ?? '').split(/[\\/]/).pop() ?? '';
  const fileDate = readIsoDate(/^\d{4}-\d{2}-\d{2}/.exec(fileName)?.[0] ?? null);
  if (fmDateText && !fmDate) {
    if (!fileDate) throw new PostParseError(dateLine, `the front-matter date "${fmDateText}" is not a YYYY-MM-DD date`);
    warn(dateLine, 'date-invalid', `ignoring the unreadable front-matter date "${fmDateText}"`);
  }
  const monthOnly = fileDate || fmDate ? null : (monthOfText(title) ?? monthOfText(description));
  const date = fileDate ?? fmDate ?? monthOnly;
  if (!date) {
    throw new PostParseError(
      dateLine,
      'no date: the front matter has no "date", the file name does not start with YYYY-MM-DD, and the title names no month and year',
    );
  }
  if (monthOnly) {
    warn(
      titleLine,
      'date-month-only',
      `only the month is known (${monthOnly.slice(0, 7)}): no date in the file name or front matter`,
    );
  }
  if (fileDate && fmDate && fileDate !== fmDate) {
    warn(
      dateLine,
      'date-conflict',
      `front-matter date ${fmDate} differs from the file name's ${fileDate}; using the file name's`,
    );
  }
  const titleMonth = new RegExp(`\\b${MONTH_WORD}\\b`).exec(title)?.[0];
  if (titleMonth && monthIndex(titleMonth) !== Number(date.slice(5, 7)) - 1) {
    warn(titleLine, 'title-month-mismatch', `the title says ${titleMonth} but the meetup date is ${date}`);
  }
  return { date, monthOnly: monthOnly !== null };
}

/** Everyone the post names in full: photo captions, profile links, "X from Acme" mentions. */
function collectPeople(main: Tagged[], hosts: ParsedHost[], series: string): People {
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

interface TalkReading {
  drafts: TalkDraft[];
  /** `line:sentence-index` of every sentence that introduced a talk. */
  talkSentences: Set<string>;
  /** Index (in the main blocks) of the block holding the first talk, -1 when none. */
  firstTalkBlock: number;
}

/** Talks in running order, with their takeaway lists, slides and headings. */
function readTalks(main: Tagged[], ctx: SentenceContext): TalkReading {
  const drafts: TalkDraft[] = [];
  const talkSentences = new Set<string>();
  let firstTalkBlock = -1;
  let current: TalkDraft | null = null;
  let listBelongsTo: TalkDraft | null = null;
  /** A heading that may title the talk below it ("### Scaling Kubernetes - Jane Doe"). */
  let heading: { text: string; speakers: Speaker[] | null; talk: TalkDraft | null; used: boolean } | null = null;
  const unattachedLists: ListItem[][] = [];
  const sameSpeakers = (a: Speaker[], b: Speaker[]) =>
    a.some((x) => b.some((y) => nameKey(x.name) === nameKey(y.name)));
  const start = (draft: TalkDraft, bi: number) => {
    drafts.push(draft);
    if (firstTalkBlock < 0) firstTalkBlock = bi;
  };

  for (const [bi, { block }] of main.entries()) {
    if (block.kind === 'heading') {
      ctx.photo = null;
      current = null;
      listBelongsTo = null;
      heading = null;
      if (block.level >= 2 && classifyHeading(block.text) === null) {
        const reading = readTalkSentence(block.text, block.line, ctx);
        heading = { text: block.text, speakers: reading.speakers, talk: null, used: false };
        if (reading.talk && reading.strong) {
          start(reading.talk, bi);
          heading.talk = reading.talk;
          heading.used = true;
          current = reading.talk;
          listBelongsTo = reading.talk;
        }
      }
      continue;
    }
    if (block.kind === 'image') {
      ctx.photo = looksLikePersonName(block.alt, ctx.series) ? block.alt : null;
      listBelongsTo = null;
      continue;
    }
    if (block.kind === 'list') {
      if (listBelongsTo && !isNonTakeawayLead(listBelongsTo.leadIn)) {
        const owner = listBelongsTo;
        for (const item of block.items) {
          const text = itemText(item, (url) => {
            owner.slidesUrl ??= url;
          });
          if (text) owner.takeaways.push(text);
        }
      } else if (!listBelongsTo) {
        unattachedLists.push(block.items);
      }
      listBelongsTo = null;
      continue;
    }
    if (block.kind !== 'paragraph') {
      listBelongsTo = null;
      continue;
    }

    let found: TalkDraft | null = null;
    const fromHeading = heading?.speakers ?? heading?.talk?.speakers ?? null;
    let carried: Speaker[] | null = fromHeading;
    for (const [si, s] of sentencesOf(block).entries()) {
      const slides = isSlidesSentence(s.text);
      if (slides && !found && current && !/\bmy slides\b/i.test(s.text)) {
        current.slidesUrl ??= slides;
        continue;
      }
      const reading = readTalkSentence(s.text, s.line, ctx, carried);
      const draft = reading.talk;
      const another = draft && found && reading.strong && !sameSpeakers(draft.speakers, found.speakers);
      if (draft && (!found || another)) {
        const headed = heading?.talk;
        if (headed && !found && sameSpeakers(draft.speakers, headed.speakers)) {
          // The paragraph under a talk heading repeats its speaker: fill in what the heading lacked.
          headed.title ??= draft.title;
          headed.link ??= draft.link;
          headed.startSeconds ??= draft.startSeconds;
          headed.slidesUrl ??= draft.slidesUrl;
          for (const sp of headed.speakers) {
            sp.company ??= draft.speakers.find((d) => nameKey(d.name) === nameKey(sp.name))?.company ?? null;
          }
          found = headed;
        } else {
          if (heading && !heading.used && reading.titleSource !== 'link' && reading.titleSource !== 'quote') {
            draft.title = headingTitle(heading.text, draft.speakers) ?? draft.title;
          }
          if (heading) heading.used = true;
          found = draft;
          start(draft, bi);
        }
        talkSentences.add(`${s.line}:${si}`);
        ctx.photo = null;
        carried = found.speakers;
        continue;
      }
      if (found) {
        if (slides) found.slidesUrl ??= slides;
        found.leadIn += ` ${s.text}`;
        continue;
      }
      if (reading.speakers?.length) carried = reading.speakers;
    }
    // "Next up was X from Acme. Her takeaways:" followed by a list: a talk without a title.
    const nextBlock = main[bi + 1]?.block;
    if (!found && carried && carried !== fromHeading && nextBlock?.kind === 'list' && /:\s*$/.test(block.text)) {
      found = {
        title: heading && !heading.used ? headingTitle(heading.text, carried) : null,
        speakers: carried,
        link: null,
        startSeconds: null,
        slidesUrl: null,
        takeaways: [],
        line: block.line,
        leadIn: block.text,
      };
      if (heading) heading.used = true;
      start(found, bi);
    }
    if (found) {
      current = found;
      listBelongsTo = found;
    } else if (listBelongsTo && /:\s*$/.test(block.text) && !findSpeakers(replaceLinks(block.text), ctx)) {
      // A separate lead-in paragraph ("Her takeaways were:") between a talk and its list.
      listBelongsTo.leadIn += ` ${block.text}`;
    } else {
      listBelongsTo = null;
    }
  }

  // Old layout: talks given only as list items ('"Title" - Name's talk …').
  if (!drafts.length) {
    for (const items of unattachedLists) {
      for (const item of items) {
        const reading = readTalkSentence(item.lines.map((l) => l.text).join(' '), item.line, { ...ctx, photo: null });
        if (reading.talk && reading.strong) drafts.push(reading.talk);
      }
    }
  }
  return { drafts, talkSentences, firstTalkBlock };
}

function toParsedTalks(drafts: TalkDraft[], warn: Warn): ParsedTalk[] {
  return drafts.map((d, i) => {
    if (!d.title) warn(d.line, 'talk-without-title', 'no talk title found in the talk sentence');
    if (!d.takeaways.length) warn(d.line, 'talk-without-takeaways', 'no takeaway list follows this talk');
    for (const s of d.speakers) {
      if (!s.company) warn(d.line, 'speaker-without-company', `no company is written next to ${s.name}`);
      if (!s.name.includes(' ')) warn(d.line, 'speaker-first-name-only', `only a first name is given for ${s.name}`);
    }
    return {
      position: i + 1,
      title: d.title,
      speakers: d.speakers.map((s) => ({ name: s.name, company: s.company })),
      link: d.link,
      startSeconds: d.startSeconds,
      slidesUrl: d.slidesUrl,
      takeaways: d.takeaways,
      line: d.line,
    };
  });
}

interface MainSentence extends SentenceRef {
  /** Index of its block among the main blocks, and of the sentence in its paragraph. */
  bi: number;
  si: number;
}

/** Venue, attendance and format, from what comes before the first talk. */
function readSetting(
  lead: MainSentence[],
  series: string,
): { venue: string | null; attendeeCount: number | null; format: EventFormat } {
  let venue: string | null = null;
  let attendeeCount: number | null = null;
  for (const s of lead) {
    venue ??= venueIn(s.text, series);
    attendeeCount ??= attendeesIn(s.text);
  }
  const leadText = lead.map((s) => toPlainText(s.text)).join(' ');
  const virtual = VIRTUAL.test(leadText);
  const livestream = LIVESTREAM.test(leadText);
  let format: EventFormat = 'IN_PERSON';
  if (/\bhybrid\b/i.test(leadText) || (venue && (livestream || virtual))) format = 'HYBRID';
  else if (!venue && virtual) format = 'VIRTUAL';
  else if (!venue && livestream) format = /\bin[- ]person\b|\bin the room\b/i.test(leadText) ? 'HYBRID' : 'VIRTUAL';
  return { venue: format === 'VIRTUAL' ? null : venue, attendeeCount, format };
}

/** The whole evening's video: front matter, a "full video" link, or a video link in the lead. */
function readVideo(fm: FrontMatter, sentences: MainSentence[], lead: MainSentence[]): string | null {
  const fromFrontMatter = fmString(fm.data.video);
  if (fromFrontMatter) return fromFrontMatter;
  for (const s of sentences) {
    const url = wholeEveningVideo(s.text);
    if (url) return url;
  }
  for (const s of lead) {
    if (!/\b(?:watch|recording|video|livestream|catch up)\b/i.test(toPlainText(s.text))) continue;
    const link = findLinks(s.text).find(
      (l) => !l.image && /youtube\.com|youtu\.be|vimeo\.com/i.test(l.url) && parseTimeParam(l.url) === null,
    );
    if (link && !/playlist/i.test(link.url)) return link.url;
  }
  return null;
}

/** The next meetup: its section ("## … <Month>"), else a sentence about the next event. */
function readNextMeetup(
  tagged: Tagged[],
  sentences: MainSentence[],
  talkSentences: Set<string>,
  date: string,
  warn: Warn,
): ParsedAnnouncement | null {
  const nextBlocks = tagged.filter((t) => t.section === 'next');
  const heading = nextBlocks[0]?.heading;
  if (heading) {
    const section = nextBlocks.flatMap((t) => (t.block.kind === 'paragraph' ? sentencesOf(t.block) : []));
    const text = section.map((s) => s.text).join(' ');
    const headingMonth = new RegExp(`\\b(${MONTH_WORD})\\b`).exec(heading.text)?.[1];
    const dated = readAnnouncedDate(
      toPlainText(text),
      date,
      headingMonth ? monthIndex(headingMonth) : -1,
      heading.line,
      warn,
    );
    if (!dated.date) warn(heading.line, 'next-date-missing', 'the next-meetup section gives no date');
    return {
      date: dated.date,
      dateAsWritten: dated.written,
      companies: section.map((s) => announcedCompanies(s.text)).find((c) => c.length) ?? [],
      rsvpUrl: rsvpIn(text),
      line: heading.line,
    };
  }
  const mention = sentences.find(
    (s) =>
      /\bnext (?:meetup|event|edition|session)\b/i.test(toPlainText(s.text)) && !talkSentences.has(`${s.line}:${s.si}`),
  );
  if (!mention) return null;
  const plain = toPlainText(mention.text);
  const hasDay = new RegExp(`\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}|${MONTH_WORD}\\s+\\d{1,2}\\b`).test(
    plain,
  );
  const dated = hasDay ? readAnnouncedDate(plain, date, -1, mention.line, warn) : { date: null, written: null };
  return {
    date: dated.date,
    dateAsWritten: dated.written,
    companies: announcedCompanies(mention.text),
    rsvpUrl: rsvpIn(mention.text) ?? findLinks(mention.text).find((l) => !l.image)?.url ?? null,
    line: mention.line,
  };
}

/**
 * Parses one roundup post. Throws PostParseError when the post cannot be read
 * at all (no or broken front matter, no date, not a meetup roundup); anything
 * merely odd becomes a warning with its line number.
 */
export function parsePost(text: string, options: ParsePostOptions = {}): ParsedPost {
  const warnings: ParseWarning[] = [];
  const warn: Warn = (line, code, message) => {
    warnings.push({ line, code, message });
  };

  const lines = readLines(text, warn);
  const doc = readMarkdown(defuseDenseMarkup(kramdownPrepass(lines)).join('\n'));
  const fm = readFrontMatter(doc, lines);
  const titleLine = fm.keyLines.get('title') ?? 1;
  const title = fmString(fm.data.title);
  if (!title) throw new PostParseError(titleLine, 'the front matter has no title');
  const description = fmString(fm.data.description);
  // Title and description are returned as written, but read with their blanks collapsed.
  const titleText = collapseSpaces(title);
  const descriptionText = description === null ? null : collapseSpaces(description);
  const descriptionLine = fm.keyLines.get('description') ?? titleLine;
  const layout = fmString(fm.data.layout);
  if (layout && !/post|round-?up|meetup|event/i.test(layout)) {
    throw new PostParseError(fm.keyLines.get('layout') ?? 1, `not a meetup roundup: layout "${layout}" is not a post`);
  }
  const { date, monthOnly } = readDate(fm, options.path, titleText, descriptionText, warn);

  const hosts = parseHosts(descriptionText, descriptionLine);
  if (!hosts.length) warn(descriptionLine, 'host-not-found', 'the description has no "hosted by NAME, ROLE" clause');

  const series = seriesName(titleText);
  const bodyLine = fm.bodyLine;
  const tagged = tagSections(doc.blocks);
  const main = tagged.filter((t) => t.section === 'main');
  const people = collectPeople(main, hosts, series);

  const { drafts, talkSentences, firstTalkBlock } = readTalks(main, {
    people,
    series,
    photo: null,
    host: hosts[0]?.name ?? null,
  });
  const talks = toParsedTalks(drafts, warn);

  const sentences: MainSentence[] = main.flatMap((t, bi) =>
    t.block.kind === 'paragraph' ? sentencesOf(t.block).map((s, si) => ({ ...s, bi, si })) : [],
  );
  const lead = sentences.filter((s) => firstTalkBlock < 0 || s.bi < firstTalkBlock);

  // Sponsors: the thank-you sentences that mention sponsors (not venue thank-yous).
  const sponsors: ParsedSponsor[] = [];
  const sponsorKeys = new Set<string>();
  for (const s of sentences) {
    if (talkSentences.has(`${s.line}:${s.si}`)) continue;
    for (const sp of sponsorsIn(s.text, s.line) ?? []) {
      const k = nameKey(sp.name);
      if (sponsorKeys.has(k)) continue;
      sponsorKeys.add(k);
      sponsors.push(sp);
    }
  }
  if (!sponsors.length) {
    const firstLine = tagged.find((t) => t.block.kind !== 'heading')?.block.line ?? bodyLine;
    warn(firstLine, 'sponsor-sentence-not-found', 'no sponsor thank-you sentence found');
  }

  const { venue, attendeeCount, format } = readSetting(lead, series);

  // "hosted by X" in the body: a conflict with the description, or the host it lacks.
  const bodyHost = lead
    .map((s) => new RegExp(`\\bhosted by\\s+(${NAME})`, 'u').exec(toPlainText(s.text))?.[1])
    .find((n): n is string => !!n && n.includes(' '));
  if (bodyHost && hosts.length && !hosts.some((h) => nameKey(h.name) === nameKey(bodyHost))) {
    warn(
      descriptionLine,
      'host-conflict',
      `the description names ${hosts[0]?.name} as host but the post says ${bodyHost}`,
    );
  } else if (bodyHost && !hosts.length) {
    hosts.push({ name: bodyHost, role: null, company: null, line: lead[0]?.line ?? bodyLine });
  }

  // "our August meetup" in a post dated September.
  for (const s of lead) {
    const said = new RegExp(
      `\\b(?:our|the)\\s+(${MONTH_WORD})\\b(?:\\s+\\d{4})?\\s+(?:[\\w-]+\\s+){0,4}?meetup\\b`,
    ).exec(toPlainText(s.text));
    if (said?.[1] && monthIndex(said[1]) !== Number(date.slice(5, 7)) - 1) {
      warn(s.line, 'body-month-mismatch', `the post calls this the ${said[1]} meetup but its date is ${date}`);
      break;
    }
  }

  // A roundup says who spoke, who sponsored or who hosted; a post whose body says none of it is something else.
  if (!talks.length && !sponsors.length && !bodyHost) {
    const firstLine = tagged[0]?.block.line ?? bodyLine;
    throw new PostParseError(
      firstLine,
      `not a meetup roundup: the body of "${title}" names no talks, no sponsors and no host`,
    );
  }

  return restoreLiterals({
    date,
    datePrecision: monthOnly ? 'month' : 'day',
    title,
    description,
    hosts,
    format,
    venue,
    attendeeCount,
    videoUrl: readVideo(fm, sentences, lead),
    sponsors,
    talks,
    next: readNextMeetup(tagged, sentences, talkSentences, date, warn),
    warnings: warnings.sort((a, b) => a.line - b.line),
  });
}
