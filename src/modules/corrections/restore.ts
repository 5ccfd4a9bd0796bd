import type { Trx } from '../../graphql/write.ts';
import { type EventPatch, updateEvent } from '../event/event.repository.ts';
import { type HostValue, replaceHosts } from '../event/event-hosts.repository.ts';
import { updateSponsorshipRole } from '../sponsorship/sponsorship.repository.ts';
import { replaceSpeakers, replaceTakeaways, type TalkPatch, updateTalk } from '../talk/talk.repository.ts';
import type { CuratedFact } from './curated-fact.repository.ts';

// dropCuratedFact's `restorePostValue`: the fact gets the value the post
// gave it at the last import at once, instead of at the next import.

const TALK_COLUMNS: Record<string, keyof TalkPatch> = {
  title: 'title',
  videoUrl: 'video_url',
  videoStartSeconds: 'video_start_seconds',
  videoEndSeconds: 'video_end_seconds',
  slidesUrl: 'slides_url',
};

const EVENT_COLUMNS: Record<string, keyof EventPatch> = {
  title: 'title',
  description: 'description',
  status: 'status',
  format: 'format',
  venue: 'venue_id',
  attendeeCount: 'attendee_count',
  videoUrl: 'video_url',
};

/**
 * Restores the post's value of a dropped fact; false when there is none to
 * restore at once (no post value known, a tombstone or an addition, a
 * moved date or position): those follow the post at the next import.
 */
export async function restorePostValue(trx: Trx, fact: CuratedFact): Promise<boolean> {
  if (!fact.post_known) return false;
  const value = fact.post_value;
  if (fact.entity_type === 'Talk') {
    const column = TALK_COLUMNS[fact.fact];
    if (column) {
      await updateTalk(trx, fact.entity_id, { [column]: value } as TalkPatch);
      return true;
    }
    if (fact.fact === 'speakers') {
      await replaceSpeakers(trx, fact.entity_id, value as { personId: number; companyId: number | null }[]);
      return true;
    }
    if (fact.fact === 'takeaways') {
      await replaceTakeaways(trx, fact.entity_id, value as string[]);
      return true;
    }
    return false;
  }
  if (fact.entity_type === 'Event') {
    const column = EVENT_COLUMNS[fact.fact];
    if (column) {
      await updateEvent(trx, fact.entity_id, { [column]: value } as EventPatch);
      return true;
    }
    if (fact.fact === 'hosts') {
      await replaceHosts(trx, fact.entity_id, value as HostValue[]);
      return true;
    }
    return false;
  }
  if (fact.fact === 'role' && typeof value === 'string') {
    await updateSponsorshipRole(trx, fact.entity_id, value);
    return true;
  }
  return false;
}
