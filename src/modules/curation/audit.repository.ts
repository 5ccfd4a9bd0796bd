import { type Kysely, sql } from 'kysely';
import { countsByOwner, type OwnerWindow, pagedByOwner } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';

export interface ChangeRecord {
  tokenName: string;
  mutation: string;
  entityType: string;
  entityId: number;
  before: unknown;
  after: unknown;
}

export interface AuditRow {
  id: number;
  token_name: string;
  mutation: string;
  entity_type: string;
  entity_id: number;
  before: unknown;
  after: unknown;
  /** A Date from a row of its own; an ISO string from an entity's page (pagedByOwner). */
  created_at: Date | string;
}

const toJson = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export async function recordChange(db: Kysely<Database>, change: ChangeRecord): Promise<void> {
  await db
    .insertInto('audit_entry')
    .values({
      token_name: change.tokenName,
      mutation: change.mutation,
      entity_type: change.entityType,
      entity_id: change.entityId,
      before: toJson(change.before),
      after: toJson(change.after),
    })
    .execute();
}

export interface AuditFilter {
  since?: string | null;
  entityType?: string | null;
  entityId?: number | null;
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_entry');
  if (filter.since) query = query.where('created_at', '>=', sql<Date>`${filter.since}::timestamptz`);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId != null) query = query.where('entity_id', '=', filter.entityId);
  return query;
}

/** Newest first. */
export function listChanges(
  db: Kysely<Database>,
  filter: AuditFilter,
  offset: number,
  limit: number,
): Promise<AuditRow[]> {
  return filtered(db, filter).selectAll().orderBy('id', 'desc').offset(offset).limit(limit).execute() as Promise<
    AuditRow[]
  >;
}

export async function countChanges(db: Kysely<Database>, filter: AuditFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One page of changes (newest first) for each of several entities of one type, in one statement. */
export async function changesPageByEntityIds(
  db: Kysely<Database>,
  entityType: string,
  windows: readonly OwnerWindow[],
): Promise<AuditRow[]> {
  const owners = windows.map((w) => w.ownerId);
  const numbered = sql`
      select a.entity_id as owner_id, a.*, row_number() over (partition by a.entity_id order by a.id desc) as rn
      from audit_entry a
      where a.entity_type = ${entityType} and a.entity_id = any(${owners}::bigint[])`;
  return pagedByOwner<AuditRow>(db, numbered, windows);
}

export async function changeCountsByEntityIds(
  db: Kysely<Database>,
  entityType: string,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const rows = await sql<{ owner_id: number; count: number }>`
    select entity_id as owner_id, count(*)::int as count from audit_entry
    where entity_type = ${entityType} and entity_id = any(${[...ids]}::bigint[]) group by entity_id`.execute(db);
  return countsByOwner(rows.rows);
}
