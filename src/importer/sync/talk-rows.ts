import type { Insertable } from 'kysely';
import type { TakeawayTable, TalkSpeakerTable } from '../../db/types.ts';
import type { Trx } from '../import.repository.ts';

// New speakers and takeaways of a post's talks, written together once every
// talk is synced: one statement per table for the whole post instead of one
// per talk (each takeaway statement also rebuilds the search documents of
// the talks it touches). The syncs of one talk run their updates and deletes
// at once and queue their inserts here, so an insert never meets a row that
// a later update of the same talk would have moved out of its way.

export interface TalkRows {
  talk_speaker: Insertable<TalkSpeakerTable>[];
  takeaway: Insertable<TakeawayTable>[];
}

export function newTalkRows(): TalkRows {
  return { talk_speaker: [], takeaway: [] };
}

/** Writes the queued rows and empties the queue. */
export async function writeTalkRows(trx: Trx, rows: TalkRows): Promise<void> {
  const speakers = rows.talk_speaker.splice(0);
  const takeaways = rows.takeaway.splice(0);
  if (speakers.length > 0) await trx.insertInto('talk_speaker').values(speakers).execute();
  if (takeaways.length > 0) await trx.insertInto('takeaway').values(takeaways).execute();
}
