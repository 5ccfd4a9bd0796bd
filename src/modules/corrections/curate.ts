import { lockRows } from '../../db/sql.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import type { Write } from '../../graphql/write.ts';
import type { CuratedEntityType } from './corrections.tables.ts';
import { deleteCuratedFactsOf, recordCuratedFact } from './curated-fact.repository.ts';
import { closeNotesOfEntity } from './import-note.repository.ts';

// What a curator's write records so the next import keeps it. Every
// curator write to a meetup's facts locks the meetup's row first, as the
// import does (after its advisory lock): a write and an import of the same
// meetup run one after the other, never interleaved, and whichever comes
// second sees the other's result. Lock order: import lock, meetup row,
// then the meetup's rows; a curator write takes no import lock, so no cycle.

export interface FactChange {
  fact: string;
  value: unknown;
  /** The value before the change: what the post said, unless curated already. */
  before?: unknown;
}

/** Locks the meetup's row; NotFound at `path` when it does not exist. */
export async function lockMeetup(write: Write, eventId: number, path: string[]): Promise<void> {
  if ((await lockRows(write.trx, 'event', [eventId])).length === 0) {
    throw new NotFoundError('No event has that ID', path);
  }
}

/** Records the facts a curator set on one entity of a meetup. */
export async function curate(
  write: Write,
  eventId: number,
  entityType: CuratedEntityType,
  entityId: number,
  changes: readonly FactChange[],
): Promise<void> {
  for (const change of changes) {
    await recordCuratedFact(write.trx, {
      eventId,
      entityType,
      entityId,
      fact: change.fact,
      value: change.value,
      ...(change.before === undefined ? {} : { postValue: change.before }),
      tokenName: write.principal.name,
    });
  }
}

/**
 * A curator deleted an entity: its other curated facts go, its open notes
 * close as corrected, and, when it came from a post, a tombstone keeps the
 * import from bringing it back.
 */
export async function tombstone(
  write: Write,
  eventId: number,
  entityType: CuratedEntityType,
  entityId: number,
  value: unknown | null,
): Promise<void> {
  await deleteCuratedFactsOf(write.trx, entityType, entityId);
  await closeNotesOfEntity(write.trx, entityType, entityId, 'CORRECTED', write.principal.name);
  if (value !== null) await curate(write, eventId, entityType, entityId, [{ fact: 'deleted', value }]);
}
