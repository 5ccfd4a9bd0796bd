// The pure roundup parser: one Jekyll post (YAML front matter + Markdown) in,
// a typed ParsedPost out. This file only orchestrates; every rule lives in
// parse/, one file per concern, and is about sentence shapes and document
// structure, never about particular meetups, people or companies:
//
// - parse/kramdown.ts, parse/dense-markup.ts, parse/markdown.ts,
//   parse/inline-markdown.ts: the post read by a real Markdown parser (mdast),
//   after a small pre-pass for what kramdown reads differently
// - parse/mojibake.ts, parse/inline-text.ts, parse/sentences.ts: text helpers
// - parse/front-matter.ts: lines, YAML front matter, the meetup date
// - parse/hosts.ts: "hosted by NAME, ROLE" in the description, a host in the body
// - parse/sections.ts: the roundup, the next-meetup announcement, offers
// - parse/people.ts, parse/directory.ts, parse/post-companies.ts: the names
//   and companies the post names
// - parse/speakers.ts, parse/titles.ts, parse/timestamps.ts,
//   parse/talk-sentence.ts, parse/photos.ts: one sentence read as a talk
// - parse/structure.ts, parse/list-talks.ts, parse/talks.ts: talks in running
//   order, from structure first (headings, tables, fields, lists), then prose
// - parse/sponsors.ts: the thank-you sentence that names the sponsors
// - parse/setting.ts: venue, attendance, format, the evening's video
// - parse/next-meetup.ts: the next meetup's date, companies and RSVP link
// - parse/aliases.ts: honorific and bracketed-acronym aliases
import { acronymAliases, blockTexts, honorificAliases } from './parse/aliases.ts';
import { defuseDenseMarkup } from './parse/dense-markup.ts';
import { collectPeople, expandFirstNames } from './parse/directory.ts';
import { checkBodyMonth, fmString, readDate, readFrontMatter, readLines, type Warn } from './parse/front-matter.ts';
import { parseHosts, readBodyHost, reconcileHosts } from './parse/hosts.ts';
import { restoreLiterals } from './parse/inline-markdown.ts';
import { collapseSpaces } from './parse/inline-text.ts';
import { kramdownPrepass } from './parse/kramdown.ts';
import { readMarkdown } from './parse/markdown.ts';
import { readNextMeetup } from './parse/next-meetup.ts';
import { companiesListedIn } from './parse/post-companies.ts';
import { type MainSentence, sentencesOf, tagSections } from './parse/sections.ts';
import { readSetting, readVideo } from './parse/setting.ts';
import { readSponsors } from './parse/sponsors.ts';
import { readTalks, toParsedTalks } from './parse/talks.ts';
import { seriesName } from './parse/vocabulary.ts';
import { type ParsedPost, type ParseWarning, PostParseError } from './parsed-post.types.ts';

export interface ParsePostOptions {
  /** The post's file path; its `YYYY-MM-DD-` prefix is the meetup date. */
  path?: string;
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

  const describedHosts = parseHosts(descriptionText, descriptionLine);
  if (!describedHosts.length) {
    warn(descriptionLine, 'host-not-found', 'the description has no "hosted by NAME, ROLE" clause');
  }

  const series = seriesName(titleText);
  const tagged = tagSections(doc.blocks);
  const main = tagged.filter((t) => t.section === 'main');
  const people = collectPeople(main, describedHosts, series, [
    ...companiesListedIn(titleText),
    ...companiesListedIn(descriptionText),
  ]);
  const { drafts, talkSentences, firstTalkBlock } = readTalks(main, {
    people,
    series,
    photo: null,
    host: describedHosts[0]?.name ?? null,
  });
  const talks = toParsedTalks(drafts, warn);
  expandFirstNames(talks, describedHosts, warn);

  const sentences: MainSentence[] = main.flatMap((t, bi) =>
    t.block.kind === 'paragraph' ? sentencesOf(t.block).map((s, si) => ({ ...s, bi, si })) : [],
  );
  const lead = sentences.filter((s) => firstTalkBlock < 0 || s.bi < firstTalkBlock);

  const sponsors = readSponsors(main, sentences, talkSentences);
  if (!sponsors.length) {
    const firstLine = tagged.find((t) => t.block.kind !== 'heading')?.block.line ?? fm.bodyLine;
    warn(firstLine, 'sponsor-sentence-not-found', 'no sponsor thank-you sentence found');
  }
  const { venue, attendeeCount, format } = readSetting(lead, series);
  const bodyHost = readBodyHost(lead);
  const hosts = reconcileHosts(describedHosts, bodyHost, descriptionLine, warn);
  checkBodyMonth(lead, date, warn);

  // A roundup says who spoke, who sponsored or who hosted; a post whose body says none of it is something else.
  if (!talks.length && !sponsors.length && !bodyHost) {
    throw new PostParseError(
      tagged[0]?.block.line ?? fm.bodyLine,
      `not a meetup roundup: the body of "${title}" names no talks, no sponsors and no host`,
    );
  }

  const texts = [
    { text: titleText, line: titleLine },
    ...(descriptionText ? [{ text: descriptionText, line: descriptionLine }] : []),
    ...blockTexts(doc.blocks),
  ];
  const next = readNextMeetup(tagged, sentences, talkSentences, date, warn);
  const companies = [
    ...sponsors.map((s) => s.name),
    ...talks.flatMap((t) => t.speakers.flatMap((s) => (s.company ? [s.company] : []))),
    ...hosts.flatMap((h) => (h.company ? [h.company] : [])),
    ...(next?.companies ?? []),
    ...people.companies.names(),
  ];
  const personNames = [...hosts.map((h) => h.name), ...talks.flatMap((t) => t.speakers.map((s) => s.name))];

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
    next,
    aliases: honorificAliases(personNames, texts),
    companyAliases: acronymAliases(companies, texts),
    warnings: warnings.sort((a, b) => a.line - b.line),
  });
}
