import { type Kysely, sql } from 'kysely';

// The graph's core tables. Frozen in time: this file never imports app code,
// so later refactors cannot change what an old migration does.

export async function up(db: Kysely<any>): Promise<void> {
  const id = (t: any) => t.addColumn('id', 'bigint', (c: any) => c.primaryKey().generatedAlwaysAsIdentity());
  const stamped = (t: any) =>
    t
      .addColumn('created_at', 'timestamptz', (c: any) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c: any) => c.notNull().defaultTo(sql`now()`));

  await stamped(
    id(db.schema.createTable('series'))
      .addColumn('slug', 'text', (c: any) => c.notNull().unique())
      .addColumn('name', 'text', (c: any) => c.notNull()),
  ).execute();

  await stamped(
    id(db.schema.createTable('venue'))
      .addColumn('slug', 'text', (c: any) => c.notNull().unique())
      .addColumn('name', 'text', (c: any) => c.notNull())
      .addColumn('address', 'text'),
  ).execute();

  await stamped(
    id(db.schema.createTable('company'))
      .addColumn('slug', 'text', (c: any) => c.notNull().unique())
      .addColumn('name', 'text', (c: any) => c.notNull())
      .addColumn('website', 'text'),
  ).execute();

  await stamped(
    id(db.schema.createTable('company_alias'))
      .addColumn('company_id', 'bigint', (c: any) => c.notNull().references('company.id').onDelete('cascade'))
      .addColumn('name', 'text', (c: any) => c.notNull())
      .addColumn('normalized', 'text', (c: any) => c.notNull()),
  ).execute();
  // One spelling is one row; the normalized key points at exactly one company.
  await db.schema.createIndex('company_alias_name_key').on('company_alias').columns(['name']).unique().execute();
  await db.schema.createIndex('company_alias_normalized_idx').on('company_alias').column('normalized').execute();
  await db.schema.createIndex('company_alias_company_idx').on('company_alias').column('company_id').execute();

  await stamped(
    id(db.schema.createTable('person'))
      .addColumn('slug', 'text', (c: any) => c.notNull().unique())
      .addColumn('name', 'text', (c: any) => c.notNull()),
  ).execute();

  await stamped(
    id(db.schema.createTable('person_alias'))
      .addColumn('person_id', 'bigint', (c: any) => c.notNull().references('person.id').onDelete('cascade'))
      .addColumn('name', 'text', (c: any) => c.notNull())
      .addColumn('normalized', 'text', (c: any) => c.notNull()),
  ).execute();
  await db.schema.createIndex('person_alias_name_key').on('person_alias').columns(['name']).unique().execute();
  await db.schema.createIndex('person_alias_normalized_idx').on('person_alias').column('normalized').execute();
  await db.schema.createIndex('person_alias_person_idx').on('person_alias').column('person_id').execute();

  await stamped(
    id(db.schema.createTable('event'))
      .addColumn('slug', 'text', (c: any) => c.notNull().unique())
      .addColumn('series_id', 'bigint', (c: any) => c.notNull().references('series.id'))
      .addColumn('date', 'date', (c: any) => c.notNull())
      .addColumn('title', 'text', (c: any) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('status', 'text', (c: any) =>
        c.notNull().defaultTo('HELD').check(sql`status in ('HELD', 'ANNOUNCED')`),
      )
      .addColumn('format', 'text', (c: any) => c.check(sql`format in ('IN_PERSON', 'VIRTUAL', 'HYBRID')`))
      .addColumn('venue_id', 'bigint', (c: any) => c.references('venue.id').onDelete('set null'))
      .addColumn('attendee_count', 'integer', (c: any) => c.check(sql`attendee_count >= 0`))
      .addColumn('video_url', 'text')
      .addColumn('rsvp_url', 'text')
      .addUniqueConstraint('event_series_date_key', ['series_id', 'date']),
  ).execute();
  await db.schema.createIndex('event_date_idx').on('event').column('date').execute();
  await db.schema.createIndex('event_venue_idx').on('event').column('venue_id').execute();

  await stamped(
    id(db.schema.createTable('talk'))
      .addColumn('event_id', 'bigint', (c: any) => c.notNull().references('event.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c: any) => c.notNull().check(sql`position >= 1`))
      .addColumn('title', 'text')
      .addColumn('video_url', 'text')
      .addColumn('video_start_seconds', 'integer', (c: any) => c.check(sql`video_start_seconds >= 0`))
      .addColumn('video_end_seconds', 'integer', (c: any) => c.check(sql`video_end_seconds >= 0`))
      .addColumn('slides_url', 'text')
      .addUniqueConstraint('talk_event_position_key', ['event_id', 'position']),
  ).execute();

  await stamped(
    db.schema
      .createTable('talk_speaker')
      .addColumn('talk_id', 'bigint', (c: any) => c.notNull().references('talk.id').onDelete('cascade'))
      .addColumn('person_id', 'bigint', (c: any) => c.notNull().references('person.id'))
      // The company the speaker was billed with at this talk, not their current one.
      .addColumn('company_id', 'bigint', (c: any) => c.references('company.id'))
      .addColumn('position', 'integer', (c: any) => c.notNull())
      .addPrimaryKeyConstraint('talk_speaker_pkey', ['talk_id', 'person_id']),
  ).execute();
  await db.schema.createIndex('talk_speaker_person_idx').on('talk_speaker').column('person_id').execute();
  await db.schema.createIndex('talk_speaker_company_idx').on('talk_speaker').column('company_id').execute();

  await stamped(
    id(db.schema.createTable('takeaway'))
      .addColumn('talk_id', 'bigint', (c: any) => c.notNull().references('talk.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c: any) => c.notNull())
      .addColumn('text', 'text', (c: any) => c.notNull())
      .addUniqueConstraint('takeaway_talk_position_key', ['talk_id', 'position']),
  ).execute();

  await stamped(
    id(db.schema.createTable('sponsorship'))
      .addColumn('event_id', 'bigint', (c: any) => c.notNull().references('event.id').onDelete('cascade'))
      .addColumn('company_id', 'bigint', (c: any) => c.notNull().references('company.id'))
      .addColumn('role', 'text', (c: any) => c.notNull().defaultTo('sponsor'))
      .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(1))
      .addUniqueConstraint('sponsorship_event_company_role_key', ['event_id', 'company_id', 'role']),
  ).execute();
  await db.schema.createIndex('sponsorship_company_idx').on('sponsorship').column('company_id').execute();

  await stamped(
    db.schema
      .createTable('event_host')
      .addColumn('event_id', 'bigint', (c: any) => c.notNull().references('event.id').onDelete('cascade'))
      .addColumn('person_id', 'bigint', (c: any) => c.notNull().references('person.id'))
      .addColumn('role', 'text')
      // A host role such as "VP Ecosystem at CNCF" names a company.
      .addColumn('company_id', 'bigint', (c: any) => c.references('company.id'))
      .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(1))
      .addPrimaryKeyConstraint('event_host_pkey', ['event_id', 'person_id']),
  ).execute();
  await db.schema.createIndex('event_host_person_idx').on('event_host').column('person_id').execute();

  await stamped(
    id(db.schema.createTable('announcement'))
      // The announced (upcoming) event and a company announced for it.
      .addColumn('event_id', 'bigint', (c: any) => c.notNull().references('event.id').onDelete('cascade'))
      .addColumn('company_id', 'bigint', (c: any) => c.notNull().references('company.id'))
      // The event whose roundup made the announcement.
      .addColumn('announced_by_event_id', 'bigint', (c: any) => c.references('event.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(1))
      .addUniqueConstraint('announcement_event_company_key', ['event_id', 'company_id']),
  ).execute();
  await db.schema.createIndex('announcement_company_idx').on('announcement').column('company_id').execute();
  await db.schema.createIndex('announcement_by_event_idx').on('announcement').column('announced_by_event_id').execute();

  await stamped(
    id(db.schema.createTable('source_document'))
      .addColumn('path', 'text', (c: any) => c.notNull())
      .addColumn('sha256', 'text', (c: any) => c.notNull())
      .addColumn('event_id', 'bigint', (c: any) => c.notNull().unique().references('event.id').onDelete('cascade'))
      .addColumn('imported_at', 'timestamptz', (c: any) => c.notNull().defaultTo(sql`now()`)),
  ).execute();
  await db.schema.createIndex('source_document_path_idx').on('source_document').column('path').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'source_document',
    'announcement',
    'event_host',
    'sponsorship',
    'takeaway',
    'talk_speaker',
    'talk',
    'event',
    'person_alias',
    'person',
    'company_alias',
    'company',
    'venue',
    'series',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
