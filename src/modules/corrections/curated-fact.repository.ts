import { type Kysely, sql } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';
import type { CuratedEntityType } from './corrections.tables.ts';

// Curated facts: what a curator set through the API, kept by every import.
// Keyed by (entity type, entity id, fact name); the value is JSON. A
// tombstone (fact `deleted`) keeps a deleted talk or sponsorship from
// coming back; `created` keeps one the post does not list.

export interface CuratedFact {
  id: number;
  event_id: number;
  entity_type: CuratedEntityType;
  entity_id: number;
  fact: string;
  value: unknown;
  /** What the post said of it at the last import (or before the curator's change), when `post_known`. */
  post_value: unknown;
  post_known: boolean;
  token_name: string;
  updated_at: Date;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
/** The post's value is stored in a one-element array: SQL null means unknown, [null] that the post gives none. */
const known = (value: unknown) => JSON.stringify([value ?? null]);

function fromRow(row: Omit<CuratedFact, 'post_known'>): CuratedFact {
  const stored = row.post_value as unknown[] | null;
  return { ...row, post_known: stored !== null, post_value: stored === null ? null : (stored[0] ?? null) };
}

const COLUMNS = [
  'id',
  'event_id',
  'entity_type',
  'entity_id',
  'fact',
  'value',
  'post_value',
  'token_name',
  'updated_at',
] as const;

export interface CuratedFactInput {
  eventId: number;
  entityType: CuratedEntityType;
  entityId: number;
  fact: string;
  value: unknown;
  /** The value before the curator's change; kept when an earlier curation already recorded one. */
  postValue?: unknown;
  tokenName: string;
}

/** Records (or replaces) a curated fact; open import notes about the same fact (or the whole entity) close as corrected. */
export async function recordCuratedFact(db: Kysely<Database>, fact: CuratedFactInput): Promise<void> {
  await db
    .insertInto('curated_fact')
    .values({
      event_id: fact.eventId,
      entity_type: fact.entityType,
      entity_id: fact.entityId,
      fact: fact.fact,
      value: json(fact.value),
      post_value: fact.postValue === undefined ? null : known(fact.postValue),
      token_name: fact.tokenName,
    })
    .onConflict((oc) =>
      oc.constraint('curated_fact_key').doUpdateSet({
        value: (eb) => eb.ref('excluded.value'),
        post_value: sql`coalesce(curated_fact.post_value, excluded.post_value)`,
        token_name: (eb) => eb.ref('excluded.token_name'),
        event_id: (eb) => eb.ref('excluded.event_id'),
        updated_at: sql`now()`,
      }),
    )
    .execute();
  await db
    .updateTable('import_note')
    .set({ status: 'CORRECTED', closed_by: fact.tokenName, closed_at: sql`now()`, updated_at: sql`now()` })
    .where('status', '=', 'OPEN')
    .where('entity_type', '=', fact.entityType)
    .where('entity_id', '=', fact.entityId)
    .where((eb) => eb.or([eb('fact', '=', fact.fact), eb('fact', 'is', null)]))
    .execute();
}

export function curatedFactsByEventIds(db: Kysely<Database>, eventIds: readonly number[]): Promise<CuratedFact[]> {
  return db
    .selectFrom('curated_fact')
    .select(COLUMNS)
    .where('event_id', '=', anyId(eventIds))
    .orderBy('event_id')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((row) => fromRow(row as Omit<CuratedFact, 'post_known'>)));
}

export function curatedFactsOf(
  db: Kysely<Database>,
  entityType: CuratedEntityType,
  entityIds: readonly number[],
): Promise<CuratedFact[]> {
  return db
    .selectFrom('curated_fact')
    .select(COLUMNS)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', anyId(entityIds))
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((row) => fromRow(row as Omit<CuratedFact, 'post_known'>)));
}

export async function curatedFact(
  db: Kysely<Database>,
  entityType: CuratedEntityType,
  entityId: number,
  fact: string,
): Promise<CuratedFact | undefined> {
  return (await curatedFactsOf(db, entityType, [entityId])).find((row) => row.fact === fact);
}

/** What the post says of a curated fact now (an import records it, to report clashes and to restore). */
export async function setPostValue(db: Kysely<Database>, id: number, value: unknown): Promise<void> {
  await db
    .updateTable('curated_fact')
    .set({ post_value: known(value) })
    .where('id', '=', id)
    .execute();
}

export async function deleteCuratedFact(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('curated_fact').where('id', '=', id).execute();
}

/** Every curated fact of an entity that no longer exists (its tombstone is recorded apart). */
export async function deleteCuratedFactsOf(
  db: Kysely<Database>,
  entityType: CuratedEntityType,
  entityId: number,
): Promise<void> {
  await db.deleteFrom('curated_fact').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
}

/**
 * A merge of people or companies: curated values naming the source (a
 * talk's speakers or billed companies, an evening's hosts, a sponsorship's
 * or tombstone's company) name the target instead, so the overrides of what
 * was merged are kept.
 */
export async function moveCuratedReferences(
  db: Kysely<Database>,
  kind: 'person' | 'company',
  sourceId: number,
  targetId: number,
): Promise<void> {
  const key = kind === 'person' ? 'personId' : 'companyId';
  const rows = await db
    .selectFrom('curated_fact')
    .select(['id', 'value', 'post_value'])
    .where('fact', 'in', ['speakers', 'hosts', 'created', 'deleted'])
    .where(
      sql<boolean>`(value::text like ${`%"${key}": ${sourceId}%`} or post_value::text like ${`%"${key}": ${sourceId}%`})`,
    )
    .execute();
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(record).map(([k, v]) => [k, k === key && v === sourceId ? targetId : rewrite(v)]),
      );
    }
    return value;
  };
  for (const row of rows) {
    await db
      .updateTable('curated_fact')
      .set({
        value: json(rewrite(row.value)),
        post_value: row.post_value === null ? null : json(rewrite(row.post_value)),
      })
      .where('id', '=', row.id)
      .execute();
  }
}
