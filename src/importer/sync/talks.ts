import { sql } from 'kysely';
import type { TalkTable } from '../../db/types.ts';
import { cleanName } from '../names.ts';
import type { ParsedPost, ParsedTalk } from '../parsed-post.types.ts';
import type { SyncCounts } from '../sync.ts';
import { syncRows } from '../sync.ts';
import { markCreated, rowsBefore, type SyncContext, same } from './context.ts';
import type { CuratedFacts } from './curated.ts';

// The evening's talks, matched by running order: their own fields (title,
// video segment, slides). Speakers and takeaways are synced per talk after.

const VIDEO_HOSTS = /(?:youtube\.com|youtu\.be|vimeo\.com|twitch\.tv|drive\.google\.com|vimeo)/i;

export interface DesiredTalk {
  position: number;
  title: string | null;
  video_url: string | null;
  video_start_seconds: number | null;
  video_end_seconds: number | null;
  slides_url: string | null;
}

export type TalkField = keyof Omit<DesiredTalk, 'position'>;
export const TALK_FIELDS = [
  'title',
  'video_url',
  'video_start_seconds',
  'video_end_seconds',
  'slides_url',
] as const satisfies readonly TalkField[];

export type ExistingTalk = Pick<TalkTable, 'position' | 'title' | 'video_url' | 'slides_url'> & {
  id: number;
  video_start_seconds: number | null;
  video_end_seconds: number | null;
};

/** What the post says of each talk's own fields. */
export function postTalks(post: ParsedPost): DesiredTalk[] {
  const talks = post.talks.map((talk) => {
    const ownVideo = talk.link && VIDEO_HOSTS.test(talk.link) ? talk.link : null;
    const videoUrl = ownVideo ?? (talk.startSeconds !== null ? post.videoUrl : null);
    return {
      position: talk.position,
      title: talk.title === null ? null : cleanName(talk.title),
      video_url: videoUrl,
      video_start_seconds: videoUrl ? talk.startSeconds : null,
      video_end_seconds: null as number | null,
      slides_url: talk.slidesUrl,
    };
  });
  // A segment of the evening's recording ends where the next one starts.
  talks.forEach((talk, i) => {
    const next = talks[i + 1];
    if (
      talk.video_start_seconds !== null &&
      next?.video_start_seconds != null &&
      next.video_start_seconds > talk.video_start_seconds
    ) {
      talk.video_end_seconds = next.video_start_seconds;
    }
  });
  return talks;
}

export function existingTalks(ctx: SyncContext): Promise<ExistingTalk[]> {
  return rowsBefore(ctx, 'talk', ctx.eventId, () =>
    ctx.trx
      .selectFrom('talk')
      .select(['id', 'position', 'title', 'video_url', 'video_start_seconds', 'video_end_seconds', 'slides_url'])
      .where('event_id', '=', ctx.eventId)
      .execute(),
  );
}

export interface TalkSyncRules {
  /** The post's running order an existing talk answers to (its position unless a curator moved it). */
  keyOf: (row: ExistingTalk) => number;
  /** Fields of a talk the sync must not change (curated). */
  kept: (row: ExistingTalk) => ReadonlySet<string>;
  /** Talks the import must not remove (created by a curator). */
  keepRow: (row: ExistingTalk) => boolean;
  /** Positions in the post the import must not bring back (deleted by a curator). */
  skipped: ReadonlySet<number>;
}

const POST_RULES: TalkSyncRules = {
  keyOf: (row) => row.position,
  kept: () => new Set(),
  keepRow: () => false,
  skipped: new Set(),
};

/**
 * Makes the event's talks match `desired` by running order, within `rules`;
 * returns the talk id for each post position written.
 */
export async function syncTalks(
  ctx: SyncContext,
  existing: readonly ExistingTalk[],
  desired: readonly DesiredTalk[],
  rules: TalkSyncRules = POST_RULES,
): Promise<{ counts: SyncCounts; ids: Map<number, number> }> {
  const { trx, eventId } = ctx;
  const ids = new Map<number, number>();
  const wanted = desired.filter((talk) => !rules.skipped.has(talk.position));
  const taken = new Set(existing.map((row) => row.position));
  // New talks go in one statement, after the updates (which never move a talk).
  const inserts: (DesiredTalk & { postPosition: number })[] = [];
  const counts = await syncRows({
    existing: existing.filter((row) => !rules.keepRow(row) || wanted.some((w) => w.position === rules.keyOf(row))),
    desired: wanted,
    existingKey: (row) => String(rules.keyOf(row)),
    desiredKey: (row) => String(row.position),
    equal: (row, talk) => {
      ids.set(talk.position, row.id);
      const kept = rules.kept(row);
      return TALK_FIELDS.every((key) => kept.has(key) || same(row[key], talk[key]));
    },
    insert: async (talk) => {
      // A curator may have moved another talk to this position: the next free one then.
      let position = talk.position;
      while (taken.has(position)) position += 1;
      taken.add(position);
      inserts.push({ ...talk, position, postPosition: talk.position });
    },
    update: async (row, talk) => {
      const kept = rules.kept(row);
      const patch = Object.fromEntries(TALK_FIELDS.filter((key) => !kept.has(key)).map((key) => [key, talk[key]]));
      await trx
        .updateTable('talk')
        .set({ ...patch, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    },
    remove: async (row) => {
      if (rules.keepRow(row)) return;
      taken.delete(row.position);
      await trx.deleteFrom('talk').where('id', '=', row.id).execute();
    },
  });
  if (inserts.length > 0) {
    const rows = await trx
      .insertInto('talk')
      .values(inserts.map(({ postPosition: _, ...talk }) => ({ ...talk, event_id: eventId })))
      .returning(['id', 'position'])
      .execute();
    const byPosition = new Map(rows.map((row) => [row.position, row.id]));
    for (const talk of inserts) {
      const id = byPosition.get(talk.position);
      if (id === undefined) throw new Error(`talk ${talk.position} was not written`);
      ids.set(talk.postPosition, id);
      markCreated(ctx.empty, 'talk', id);
    }
  }
  return { counts, ids };
}

/** The API's name of each talk field a post sets: the name of its curated fact. */
export const TALK_FACTS = {
  title: 'title',
  video_url: 'videoUrl',
  video_start_seconds: 'videoStartSeconds',
  video_end_seconds: 'videoEndSeconds',
  slides_url: 'slidesUrl',
} as const satisfies Record<TalkField, string>;

/**
 * What curators set, as the talk sync's rules: a moved talk still answers to
 * its running order in the post (its `position` fact's post value), curated
 * fields are kept, created talks stay, deleted ones do not come back.
 */
export function talkRules(curated: CuratedFacts): TalkSyncRules {
  return {
    keyOf: (row) => {
      const moved = curated.get('Talk', row.id, 'position');
      return moved?.post_known && typeof moved.post_value === 'number' ? moved.post_value : row.position;
    },
    kept: (row) => new Set(TALK_FIELDS.filter((field) => curated.get('Talk', row.id, TALK_FACTS[field]))),
    keepRow: (row) => curated.get('Talk', row.id, 'created') !== undefined,
    skipped: new Set(curated.all('Talk', 'deleted').map((row) => (row.value as { postPosition: number }).postPosition)),
  };
}

/** The post's talks that are written: all but those a curator deleted. */
export function keptTalks(ctx: SyncContext): ParsedTalk[] {
  const { skipped } = talkRules(ctx.curated);
  return ctx.post.talks.filter((talk) => !skipped.has(talk.position));
}

/** The post's talks within what curators set; clashes with curated fields and tombstones are reported. */
export async function applyTalks(ctx: SyncContext): Promise<{ counts: SyncCounts; ids: Map<number, number> }> {
  const { curated } = ctx;
  const desired = postTalks(ctx.post);
  const rules = talkRules(curated);
  for (const tombstone of curated.all('Talk', 'deleted')) {
    const position = (tombstone.value as { postPosition: number }).postPosition;
    const talk = desired.find((d) => d.position === position);
    if (!talk) continue;
    const subject = `talk ${position}`;
    const post = talk.title === null ? 'a talk' : `'${talk.title}'`;
    curated.clash(tombstone, subject, 'deleted', post, `${subject}: kept deleted; post says ${post}`);
  }
  const result = await syncTalks(ctx, await existingTalks(ctx), desired, rules);
  for (const talk of desired) {
    const id = result.ids.get(talk.position);
    if (id === undefined) continue;
    for (const field of TALK_FIELDS) {
      const row = curated.get('Talk', id, TALK_FACTS[field]);
      if (row) await curated.observe(row, talk[field], `talk ${talk.position} ${TALK_FACTS[field]}`);
    }
  }
  return result;
}
