import { type Kysely, sql } from 'kysely';

// The write API's tables: API tokens (only a hash is stored), the audit
// trail, redirects that keep merged entities' old IDs and slugs resolving,
// and company successions (renames, acquisitions).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_token')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('write', 'admin')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_entry')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('token_name', 'text', (c) => c.notNull())
    .addColumn('mutation', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'bigint', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('audit_entry_entity_idx')
    .on('audit_entry')
    .columns(['entity_type', 'entity_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_entry_created_idx').on('audit_entry').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('entity_redirect')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('old_id', 'bigint', (c) => c.notNull())
    .addColumn('old_slug', 'text', (c) => c.notNull())
    .addColumn('target_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('entity_redirect_slug_key', ['entity_type', 'old_slug'])
    .execute();
  await db.schema
    .createIndex('entity_redirect_old_id_idx')
    .on('entity_redirect')
    .columns(['entity_type', 'old_id'])
    .execute();
  await db.schema
    .createIndex('entity_redirect_target_idx')
    .on('entity_redirect')
    .columns(['entity_type', 'target_id'])
    .execute();

  await db.schema
    .createTable('company_succession')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('predecessor_id', 'bigint', (c) => c.notNull().unique().references('company.id').onDelete('cascade'))
    .addColumn('successor_id', 'bigint', (c) => c.notNull().references('company.id').onDelete('cascade'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('RENAMED', 'ACQUIRED')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('company_succession_not_self', sql`predecessor_id <> successor_id`)
    .execute();
  await db.schema
    .createIndex('company_succession_successor_idx')
    .on('company_succession')
    .column('successor_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['company_succession', 'entity_redirect', 'audit_entry', 'api_token']) {
    await db.schema.dropTable(table).execute();
  }
}
