// The pure parser's output: everything one roundup post says, as written.
// Names are kept as the post spells them (NFC-normalized, mojibake repaired);
// deciding that two spellings are one person or company is entity
// resolution's job, not the parser's.

export type EventFormat = 'IN_PERSON' | 'VIRTUAL' | 'HYBRID';

export interface ParseWarning {
  line: number;
  /** Stable machine-readable kind, e.g. `talk-without-takeaways`. */
  code: string;
  message: string;
}

/**
 * Which rule produced a fact, as `concern/rule` (e.g. `talks/talk-heading`,
 * `sponsors/thank-you-sentence`): with the fact's line, what a curator needs to
 * judge a doubtful fact. The parser sets it on everything it emits.
 */
export type ParseRule = string;

export interface ParsedHost {
  name: string;
  /** Role text as written, e.g. "Head of Platform, Developer Experience at Lanternfish". */
  role: string | null;
  /** The company the role names ("... at Lanternfish" → "Lanternfish"), when it names one. */
  company: string | null;
  line: number;
  rule?: ParseRule;
}

export interface ParsedSponsor {
  name: string;
  /** The link the sponsor's name carries, when it has one. */
  url: string | null;
  line: number;
  rule?: ParseRule;
}

export interface ParsedSpeaker {
  name: string;
  /** The company the speaker was billed with at this talk, as written. */
  company: string | null;
}

export interface ParsedTalk {
  /** 1-based running order within the evening. */
  position: number;
  title: string | null;
  speakers: ParsedSpeaker[];
  /** The URL the title links to, else the timestamp link. */
  link: string | null;
  /** Offset into the evening's video, in seconds. */
  startSeconds: number | null;
  slidesUrl: string | null;
  /** Top-level takeaway bullets, in order, as plain text. */
  takeaways: string[];
  line: number;
  rule?: ParseRule;
}

export interface ParsedAnnouncement {
  /** Best reading of the announced date (YYYY-MM-DD), year rolled over after December. */
  date: string | null;
  dateAsWritten: string | null;
  companies: string[];
  rsvpUrl: string | null;
  line: number;
  rule?: ParseRule;
}

/** Another name the post gives an entity it names: "Dr Ada Quill" for Ada Quill, "HAG" for Harbour Analytics Group. */
export interface ParsedAlias {
  /** The name as stored (a speaker's, host's or company's name in this post). */
  name: string;
  alias: string;
  line: number;
  rule?: ParseRule;
}

export interface ParsedPost {
  /**
   * Meetup date, YYYY-MM-DD. When the post gives only a month (an early
   * draft with no date in its name or front matter), the first of that
   * month, and `datePrecision` is `month`.
   */
  date: string;
  /** `day` unless only the month is known. */
  datePrecision?: 'day' | 'month';
  title: string;
  description: string | null;
  hosts: ParsedHost[];
  format: EventFormat;
  venue: string | null;
  attendeeCount: number | null;
  /** The whole evening's recording. */
  videoUrl: string | null;
  sponsors: ParsedSponsor[];
  talks: ParsedTalk[];
  next: ParsedAnnouncement | null;
  /** Longer spellings of the people named (an honorific kept: "Dr Ada Quill"); the names are stored without it. */
  aliases?: ParsedAlias[];
  /** Other names of the companies named: a bracketed acronym after the name ("Harbour Analytics Group (HAG)"). */
  companyAliases?: ParsedAlias[];
  warnings: ParseWarning[];
}

/** A post that cannot be read at all: no front matter, no date, not a roundup. */
export class PostParseError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'PostParseError';
  }
}
