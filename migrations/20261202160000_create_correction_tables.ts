import { type Kysely, sql } from 'kysely';

// Corrections that survive re-imports:
// - curated_fact: one fact of one entity a curator set through the API (or
//   a tombstone: a deleted talk or sponsorship), by which token and when,
//   with its value and what the post last said of it; the importer keeps it.
// - fact_source: where an imported entity came from (post path, line, the
//   parser rule that produced it).
// - import_note: a doubtful fact an import found (line, reason), open until
//   a curator confirms or corrects it.
// Each row belongs to a meetup and goes with it.
//
// Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('curated_fact')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('event.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull().check(sql`entity_type in ('Event', 'Talk', 'Sponsorship')`))
    .addColumn('entity_id', 'bigint', (c) => c.notNull())
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('post_value', 'jsonb')
    .addColumn('token_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('curated_fact_key', ['entity_type', 'entity_id', 'fact'])
    .execute();
  await db.schema.createIndex('curated_fact_event_idx').on('curated_fact').columns(['event_id', 'id']).execute();

  await db.schema
    .createTable('fact_source')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('event.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull().check(sql`entity_type in ('Event', 'Talk', 'Sponsorship')`))
    .addColumn('entity_id', 'bigint', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('fact_source_key', ['entity_type', 'entity_id'])
    .execute();
  await db.schema.createIndex('fact_source_event_idx').on('fact_source').column('event_id').execute();

  await db.schema
    .createTable('import_note')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('event.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'bigint')
    .addColumn('fact', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('OPEN').check(sql`status in ('OPEN', 'CONFIRMED', 'CORRECTED', 'MERGED')`),
    )
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('import_note_key', ['event_id', 'key'])
    .execute();
  await db.schema.createIndex('import_note_open_idx').on('import_note').columns(['status', 'id']).execute();
  await db.schema
    .createIndex('import_note_entity_idx')
    .on('import_note')
    .columns(['entity_type', 'entity_id', 'fact'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['import_note', 'fact_source', 'curated_fact']) {
    await db.schema.dropTable(table).execute();
  }
}
