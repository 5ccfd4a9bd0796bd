import {
  type ImportNoteRow,
  type NoteInput,
  syncImportNotes,
} from '../../modules/corrections/import-note.repository.ts';
import { cleanName, personKey } from '../names.ts';
import type { SyncContext } from './context.ts';

// Doubtful facts of an import, listed for a curator to check first: a
// speaker without a company, a title from a fallback rule (or none), a
// speaker named like a company, a talk found only in a roster sentence, a
// repaired date, a likely duplicate person or company. Each is a note with
// its line and reason, open until a curator confirms or corrects the fact.

/** Rules that read a talk from prose, not from a heading, list item or table: their titles are guesses. */
const FALLBACK_TITLE_RULES = new Set(['talks/talk-sentence', 'talks/speaker-then-takeaways', 'talks/roster-sentence']);
/** Parser warnings that mean the meetup's date was repaired or is doubtful. */
const DATE_WARNINGS = new Set(['date-invalid', 'title-month-mismatch', 'body-month-mismatch']);

/** A report's view of a note. */
export interface ImportNoteItem {
  line: number;
  code: string;
  reason: string;
  entityType: string | null;
  entityId: number | null;
  fact: string | null;
}

async function doubts(ctx: SyncContext, talkIds: ReadonlyMap<number, number>): Promise<NoteInput[]> {
  const notes: NoteInput[] = [];
  const { post } = ctx;
  for (const warning of post.warnings) {
    if (!DATE_WARNINGS.has(warning.code)) continue;
    notes.push({
      key: `repaired-date:${warning.code}`,
      line: warning.line,
      code: 'repaired-date',
      reason: `the date ${post.date} may be wrong: ${warning.message}`,
      entityType: 'Event',
      entityId: ctx.eventId,
      fact: 'date',
    });
  }
  if (post.datePrecision === 'month') {
    notes.push({
      key: 'repaired-date:month-only',
      line: 1,
      code: 'repaired-date',
      reason: `the post names only its month; matched to the meetup of ${post.date}`,
      entityType: 'Event',
      entityId: ctx.eventId,
      fact: 'date',
    });
  }
  for (const talk of post.talks) {
    const talkId = talkIds.get(talk.position);
    if (talkId === undefined) continue;
    const about = { entityType: 'Talk', entityId: talkId };
    const where = `talk ${talk.position}`;
    if (talk.rule === 'talks/roster-sentence') {
      notes.push({
        key: `roster-only-talk:${talk.position}`,
        line: talk.line,
        code: 'roster-only-talk',
        reason: `${where} is found only in a roster sentence: check it was given, and its speakers`,
        ...about,
        fact: null,
      });
    }
    if (talk.title === null || (talk.rule && FALLBACK_TITLE_RULES.has(talk.rule))) {
      notes.push({
        key: `title-from-fallback:${talk.position}`,
        line: talk.line,
        code: 'title-from-fallback',
        reason:
          talk.title === null
            ? `${where} has no title`
            : `${where} title "${cleanName(talk.title)}" was read by a fallback rule (${talk.rule})`,
        ...about,
        fact: 'title',
      });
    }
    for (const speaker of talk.speakers) {
      const name = cleanName(speaker.name);
      if (!speaker.company) {
        notes.push({
          key: `speaker-without-company:${talk.position}:${personKey(name)}`,
          line: talk.line,
          code: 'speaker-without-company',
          reason: `${where}: no company is given for ${name}`,
          ...about,
          fact: 'speakers',
        });
      }
      if (await ctx.resolver.isCompany(name)) {
        notes.push({
          key: `name-equals-company:${talk.position}:${personKey(name)}`,
          line: talk.line,
          code: 'name-equals-company',
          reason: `${where}: the speaker "${name}" has the name of a company`,
          ...about,
          fact: 'speakers',
        });
      }
    }
  }
  for (const duplicate of ctx.resolver.duplicates) {
    notes.push({
      key: `possible-duplicate-${duplicate.kind}:${duplicate.id}`,
      line: duplicate.line,
      code: `possible-duplicate-${duplicate.kind}`,
      reason: `"${duplicate.name}" looks like existing ${duplicate.kind} "${duplicate.near}"; merge them if they are one`,
      entityType: duplicate.kind === 'person' ? 'Person' : 'Company',
      entityId: duplicate.id,
      fact: 'duplicate',
    });
  }
  return notes;
}

/** Writes this import's notes of the meetup and returns the open ones, by line. */
export async function syncNotes(ctx: SyncContext, talkIds: ReadonlyMap<number, number>): Promise<ImportNoteItem[]> {
  const found = await doubts(ctx, talkIds);
  const unique = [...new Map(found.map((note) => [note.key, note])).values()];
  const rows = await syncImportNotes(ctx.trx, ctx.eventId, unique);
  return rows
    .filter((row: ImportNoteRow) => row.status === 'OPEN')
    .map((row) => ({
      line: row.line,
      code: row.code,
      reason: row.reason,
      entityType: row.entity_type,
      entityId: row.entity_id,
      fact: row.fact,
    }))
    .sort((a, b) => a.line - b.line);
}
