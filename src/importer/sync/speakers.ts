import { sql } from 'kysely';
import type { ParsedTalk } from '../parsed-post.types.ts';
import type { SyncCounts } from '../sync.ts';
import { syncRows } from '../sync.ts';
import { rowsBefore, type SyncContext, same } from './context.ts';

// A talk's speakers, each once, with the company they were billed with at
// that talk, in the post's order.

export interface DesiredSpeaker {
  person_id: number;
  company_id: number | null;
  position: number;
}

/** The speakers the post names for `talk`, resolved to people and companies. */
export async function postSpeakers(ctx: SyncContext, talk: ParsedTalk): Promise<DesiredSpeaker[]> {
  const desired: DesiredSpeaker[] = [];
  for (const speaker of talk.speakers) {
    const personId = await ctx.resolver.person(speaker.name, talk.line);
    if (desired.some((d) => d.person_id === personId)) continue;
    const companyId = speaker.company ? await ctx.resolver.company(speaker.company, talk.line) : null;
    desired.push({ person_id: personId, company_id: companyId, position: desired.length + 1 });
  }
  return desired;
}

/** Makes the talk's speakers exactly `desired`; new ones are queued in `ctx.talkRows`. */
export async function syncSpeakers(
  ctx: SyncContext,
  talkId: number,
  desired: readonly DesiredSpeaker[],
): Promise<SyncCounts> {
  const { trx } = ctx;
  const existing = await rowsBefore(ctx, 'talk_speaker', talkId, () =>
    trx.selectFrom('talk_speaker').selectAll().where('talk_id', '=', talkId).execute(),
  );
  return syncRows({
    existing,
    desired,
    existingKey: (row) => String(row.person_id),
    desiredKey: (row) => String(row.person_id),
    equal: (row, wanted) => same(row.company_id, wanted.company_id) && row.position === wanted.position,
    insert: async (wanted) => {
      ctx.talkRows.talk_speaker.push({ ...wanted, talk_id: talkId });
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('talk_speaker')
        .set({ company_id: wanted.company_id, position: wanted.position, updated_at: sql`now()` })
        .where('talk_id', '=', talkId)
        .where('person_id', '=', row.person_id)
        .execute();
    },
    remove: async (row) => {
      await trx
        .deleteFrom('talk_speaker')
        .where('talk_id', '=', talkId)
        .where('person_id', '=', row.person_id)
        .execute();
    },
  });
}

/** The speakers as a curated value: who, billed with which company, in order. */
export function speakersValue(speakers: readonly DesiredSpeaker[]) {
  return speakers.map((s) => ({ personId: s.person_id, companyId: s.company_id }));
}

/** The post's speakers of a talk, unless a curator set them (added, removed, replaced or rebilled). */
export async function applySpeakers(ctx: SyncContext, talkId: number, talk: ParsedTalk): Promise<SyncCounts> {
  const desired = await postSpeakers(ctx, talk);
  const curated = ctx.curated.get('Talk', talkId, 'speakers');
  if (!curated) return syncSpeakers(ctx, talkId, desired);
  await ctx.curated.observe(curated, speakersValue(desired), `talk ${talk.position} speakers`);
  return { inserted: 0, updated: 0, deleted: 0 };
}
