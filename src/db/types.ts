import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Row shapes of the tables created in migrations/. Ids are int8 in the
// database and plain numbers here: both drivers are configured to parse int8
// as a JS number (ids stay far below 2^53), so DataLoader keys keep one type.

type Id = Generated<number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns travel as `YYYY-MM-DD` strings in both directions. */
type DateString = string;

export type EventStatus = 'HELD' | 'ANNOUNCED';
export type EventFormat = 'IN_PERSON' | 'VIRTUAL' | 'HYBRID';

export interface SeriesTable {
  id: Id;
  slug: string;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface VenueTable {
  id: Id;
  slug: string;
  name: string;
  address: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CompanyTable {
  id: Id;
  slug: string;
  name: string;
  website: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AliasTable {
  id: Id;
  name: string;
  normalized: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CompanyAliasTable extends AliasTable {
  company_id: number;
}

export interface PersonTable {
  id: Id;
  slug: string;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PersonAliasTable extends AliasTable {
  person_id: number;
}

export interface EventTable {
  id: Id;
  slug: string;
  series_id: number;
  date: DateString;
  title: string;
  description: string | null;
  status: ColumnType<EventStatus, EventStatus | undefined, EventStatus>;
  format: EventFormat | null;
  venue_id: number | null;
  attendee_count: number | null;
  video_url: string | null;
  rsvp_url: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TalkTable {
  id: Id;
  event_id: number;
  position: number;
  title: string | null;
  video_url: string | null;
  video_start_seconds: number | null;
  video_end_seconds: number | null;
  slides_url: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TalkSpeakerTable {
  talk_id: number;
  person_id: number;
  company_id: number | null;
  position: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TakeawayTable {
  id: Id;
  talk_id: number;
  position: number;
  text: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SponsorshipTable {
  id: Id;
  event_id: number;
  company_id: number;
  role: ColumnType<string, string | undefined, string>;
  position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EventHostTable {
  event_id: number;
  person_id: number;
  role: string | null;
  company_id: number | null;
  position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AnnouncementTable {
  id: Id;
  event_id: number;
  company_id: number;
  announced_by_event_id: number | null;
  position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SourceDocumentTable {
  id: Id;
  path: string;
  sha256: string;
  event_id: number;
  imported_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type TokenScope = 'write' | 'admin';

export interface ApiTokenTable {
  id: Id;
  name: string;
  token_hash: string;
  scope: TokenScope;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditEntryTable {
  id: Id;
  token_name: string;
  mutation: string;
  entity_type: string;
  entity_id: number;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  created_at: CreatedAt;
}

export interface EntityRedirectTable {
  id: Id;
  entity_type: string;
  old_id: number;
  old_slug: string;
  target_id: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CompanySuccessionTable {
  id: Id;
  predecessor_id: number;
  successor_id: number;
  date: DateString;
  kind: 'RENAMED' | 'ACQUIRED';
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Held meetups per calendar month, kept by a trigger on event (read only). */
export interface HeldEventMonthTable {
  month: DateString;
  meetups: number;
}

export interface Database {
  api_token: ApiTokenTable;
  audit_entry: AuditEntryTable;
  entity_redirect: EntityRedirectTable;
  held_event_month: HeldEventMonthTable;
  company_succession: CompanySuccessionTable;
  series: SeriesTable;
  venue: VenueTable;
  company: CompanyTable;
  company_alias: CompanyAliasTable;
  person: PersonTable;
  person_alias: PersonAliasTable;
  event: EventTable;
  talk: TalkTable;
  talk_speaker: TalkSpeakerTable;
  takeaway: TakeawayTable;
  sponsorship: SponsorshipTable;
  event_host: EventHostTable;
  announcement: AnnouncementTable;
  source_document: SourceDocumentTable;
}

export type SeriesRow = Selectable<SeriesTable>;
export type CompanyRow = Selectable<CompanyTable>;
export type PersonRow = Selectable<PersonTable>;
/** What the API reads of a row: bookkeeping timestamps are never served. */
type Served<T> = Omit<T, 'created_at' | 'updated_at'>;
export type VenueRow = Served<Selectable<VenueTable>>;
export type EventRow = Served<Selectable<EventTable>>;
export type TalkRow = Served<Selectable<TalkTable>>;
export type TalkSpeakerRow = Selectable<TalkSpeakerTable>;
export type TakeawayRow = Selectable<TakeawayTable>;
export type SponsorshipRow = Selectable<SponsorshipTable>;
export type EventHostRow = Selectable<EventHostTable>;
export type AnnouncementRow = Selectable<AnnouncementTable>;
export type SourceDocumentRow = Selectable<SourceDocumentTable>;
export type NewEvent = Insertable<EventTable>;
export type EventUpdate = Updateable<EventTable>;
