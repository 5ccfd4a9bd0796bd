import type { Kysely } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';
import type { CuratedEntityType } from './corrections.tables.ts';

// Where an imported entity came from: the post's path, the line and the
// parser rule (written by the importer's sync, read by the API).

export interface FactSourceRow {
  entity_type: CuratedEntityType;
  entity_id: number;
  path: string;
  line: number;
  rule: string | null;
}

export function factSourcesOf(
  db: Kysely<Database>,
  entityType: CuratedEntityType,
  entityIds: readonly number[],
): Promise<FactSourceRow[]> {
  return db
    .selectFrom('fact_source')
    .select(['entity_type', 'entity_id', 'path', 'line', 'rule'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', anyId(entityIds))
    .execute();
}

export async function hasPostSource(db: Kysely<Database>, entityType: CuratedEntityType, id: number) {
  return (await factSourcesOf(db, entityType, [id])).length > 0;
}
