import { type Kysely, sql } from 'kysely';
import type { Database, TokenScope } from '../../db/types.ts';

export interface TokenRow {
  id: number;
  name: string;
  scope: TokenScope;
  token_hash: string;
  /** Its use was recorded within the last minute (markTokenUsed would change nothing). */
  used_recently: boolean;
}

/** Within this of its last recorded use, a token's use is not recorded again. */
const USE_RECORDED_EVERY = sql`interval '1 minute'`;

export function activeTokens(db: Kysely<Database>): Promise<TokenRow[]> {
  return db
    .selectFrom('api_token')
    .select([
      'id',
      'name',
      'scope',
      'token_hash',
      sql<boolean>`coalesce(last_used_at >= now() - ${USE_RECORDED_EVERY}, false)`.as('used_recently'),
    ])
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertToken(db: Kysely<Database>, name: string, scope: TokenScope, hash: string): Promise<void> {
  await db.insertInto('api_token').values({ name, scope, token_hash: hash }).execute();
}

export function listTokens(db: Kysely<Database>) {
  return db
    .selectFrom('api_token')
    .select(['name', 'scope', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function revokeToken(db: Kysely<Database>, name: string): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: sql`now()`, updated_at: sql`now()` })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

export async function markTokenUsed(db: Kysely<Database>, id: number): Promise<void> {
  // At most once a minute, so reads and writes do not all rewrite the row.
  await db
    .updateTable('api_token')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - ${USE_RECORDED_EVERY}`)]),
    )
    .execute();
}
