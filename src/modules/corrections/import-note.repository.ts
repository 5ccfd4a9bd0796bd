import { type Kysely, sql } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';
import type { NoteStatus } from './corrections.tables.ts';

// Import notes: doubtful facts an import found, for a curator to check.
// Each import rewrites its meetup's open notes; a closed note (confirmed,
// corrected, merged) stays closed when the same doubt comes back.

export interface ImportNoteRow {
  id: number;
  event_id: number;
  key: string;
  line: number;
  code: string;
  reason: string;
  entity_type: string | null;
  entity_id: number | null;
  fact: string | null;
  status: NoteStatus;
  closed_by: string | null;
  closed_at: Date | null;
  created_at: Date;
}

export interface NoteInput {
  /** Stable within the meetup: the same doubt found again is the same note. */
  key: string;
  line: number;
  code: string;
  reason: string;
  entityType: string | null;
  entityId: number | null;
  fact: string | null;
}

const COLUMNS = [
  'id',
  'event_id',
  'key',
  'line',
  'code',
  'reason',
  'entity_type',
  'entity_id',
  'fact',
  'status',
  'closed_by',
  'closed_at',
  'created_at',
] as const;

/** Makes the meetup's notes the import's (new ones open, gone open ones removed, closed ones kept closed); returns them all. */
export async function syncImportNotes(
  db: Kysely<Database>,
  eventId: number,
  notes: readonly NoteInput[],
): Promise<ImportNoteRow[]> {
  // One read of the meetup's notes; stale ones deleted and new or moved ones
  // written only when there are any, so the same post again writes nothing.
  const wanted = new Set(notes.map((n) => n.key));
  const current = await importNotesByEventIds(db, [eventId], null);
  // A likely duplicate is found only when the import creates it: its note stays open until merged or confirmed.
  const stale = current.filter(
    (row) => row.status === 'OPEN' && !row.code.startsWith('possible-duplicate-') && !wanted.has(row.key),
  );
  if (stale.length > 0) {
    await db
      .deleteFrom('import_note')
      .where('id', '=', anyId(stale.map((row) => row.id)))
      .execute();
  }
  const existing = new Map(current.filter((row) => !stale.includes(row)).map((row) => [row.key, row]));
  const changed = notes.filter((n) => {
    const row = existing.get(n.key);
    return (
      !row ||
      row.line !== n.line ||
      row.reason !== n.reason ||
      row.entity_type !== n.entityType ||
      row.entity_id !== n.entityId ||
      row.fact !== n.fact
    );
  });
  if (changed.length > 0) {
    const written = await db
      .insertInto('import_note')
      .values(
        changed.map((n) => ({
          event_id: eventId,
          key: n.key,
          line: n.line,
          code: n.code,
          reason: n.reason,
          entity_type: n.entityType,
          entity_id: n.entityId,
          fact: n.fact,
        })),
      )
      .onConflict((oc) =>
        oc.constraint('import_note_key').doUpdateSet({
          line: (eb) => eb.ref('excluded.line'),
          reason: (eb) => eb.ref('excluded.reason'),
          entity_type: (eb) => eb.ref('excluded.entity_type'),
          entity_id: (eb) => eb.ref('excluded.entity_id'),
          fact: (eb) => eb.ref('excluded.fact'),
          updated_at: sql`now()`,
        }),
      )
      .returning(COLUMNS)
      .execute();
    for (const row of written as ImportNoteRow[]) existing.set(row.key, row);
  }
  // In importNotesByEventIds' order.
  return [...existing.values()].sort((a, b) => a.line - b.line || a.id - b.id);
}

export function importNotesByEventIds(
  db: Kysely<Database>,
  eventIds: readonly number[],
  status: NoteStatus | null,
): Promise<ImportNoteRow[]> {
  return db
    .selectFrom('import_note')
    .select(COLUMNS)
    .where('event_id', '=', anyId(eventIds))
    .$if(status !== null, (q) => q.where('status', '=', status as NoteStatus))
    .orderBy('event_id')
    .orderBy('line')
    .orderBy('id')
    .execute() as Promise<ImportNoteRow[]>;
}

export function importNotesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<ImportNoteRow[]> {
  return db.selectFrom('import_note').select(COLUMNS).where('id', '=', anyId(ids)).execute() as Promise<
    ImportNoteRow[]
  >;
}

/** One page of open notes across meetups, oldest first (by id). */
export function openImportNotes(db: Kysely<Database>, offset: number, limit: number): Promise<ImportNoteRow[]> {
  return db
    .selectFrom('import_note')
    .select(COLUMNS)
    .where('status', '=', 'OPEN')
    .orderBy('id')
    .offset(offset)
    .limit(limit)
    .execute() as Promise<ImportNoteRow[]>;
}

export async function countOpenImportNotes(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('import_note')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'OPEN')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function closeNote(db: Kysely<Database>, id: number, status: NoteStatus, by: string): Promise<void> {
  await db
    .updateTable('import_note')
    .set({ status, closed_by: by, closed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Closes the open notes about an entity (all its facts, or one). */
export async function closeNotesOfEntity(
  db: Kysely<Database>,
  entityType: string,
  entityId: number,
  status: NoteStatus,
  by: string,
  codes?: readonly string[],
): Promise<void> {
  await db
    .updateTable('import_note')
    .set({ status, closed_by: by, closed_at: sql`now()`, updated_at: sql`now()` })
    .where('status', '=', 'OPEN')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .$if(codes !== undefined, (q) => q.where('code', 'in', codes ?? []))
    .execute();
}
