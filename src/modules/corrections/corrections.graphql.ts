import { builder } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { requestLoader } from '../../graphql/loaders.ts';
import { globalId } from '../../graphql/write.ts';
import { EventRef } from '../event/event.graphql.ts';
import { SponsorshipRef } from '../sponsorship/sponsorship.graphql.ts';
import { TalkRef } from '../talk/talk.graphql.ts';
import type { CuratedEntityType } from './corrections.tables.ts';
import { type CuratedFact, curatedFactsByEventIds, curatedFactsOf } from './curated-fact.repository.ts';
import { type FactSourceRow, factSourcesOf } from './fact-source.repository.ts';
import {
  countOpenImportNotes,
  type ImportNoteRow,
  importNotesByEventIds,
  openImportNotes,
} from './import-note.repository.ts';

// Where imported facts came from, what curators set, and the doubtful
// facts imports listed for review.

/** Curated facts and import notes listed per meetup. */
const MAX_FACTS = 500;

export const CuratedFactRef = builder.objectRef<CuratedFact>('CuratedFact').implement({
  description: 'A fact a curator set through the API; every import keeps it (dropCuratedFact lets the post win).',
  fields: (t) => ({
    entity: t.id({
      description: 'Global ID of the entity (a deleted one for a tombstone).',
      resolve: (r) => globalId(r.entity_type, r.entity_id),
    }),
    entityType: t.exposeString('entity_type'),
    fact: t.exposeString('fact', {
      description:
        'e.g. title, speakers, takeaways, videoStartSeconds, format, venue, hosts; `deleted` is a tombstone, `created` an addition.',
    }),
    value: t.field({ type: 'JSON', resolve: (r) => r.value }),
    postValue: t.field({
      type: 'JSON',
      nullable: true,
      description: 'What the post said of it at the last import (or before the change); null when unknown.',
      resolve: (r) => (r.post_known ? r.post_value : null),
    }),
    by: t.exposeString('token_name', { description: 'The name of the API token that set it.' }),
    at: t.string({ description: 'ISO 8601.', resolve: (r) => new Date(r.updated_at).toISOString() }),
  }),
});

interface CurationMark {
  by: string;
  at: Date;
  facts: string[];
}

const CurationRef = builder.objectRef<CurationMark>('Curation').implement({
  description: "What curators set on an entity: the latest curation's token and time, and every curated fact's name.",
  fields: (t) => ({
    by: t.exposeString('by'),
    at: t.string({ description: 'ISO 8601.', resolve: (r) => new Date(r.at).toISOString() }),
    facts: t.exposeStringList('facts'),
  }),
});

function curationOf(rows: readonly CuratedFact[]): CurationMark | null {
  const latest = [...rows].sort((a, b) => +new Date(b.updated_at) - +new Date(a.updated_at))[0];
  return latest ? { by: latest.token_name, at: latest.updated_at, facts: rows.map((r) => r.fact) } : null;
}

interface SourceInfo {
  source: FactSourceRow | null;
  curated: CurationMark | null;
}

const FactSourceRef = builder.objectRef<SourceInfo>('FactSource').implement({
  description:
    "Where an entity's facts came from: the post and line (and the rule that read it), and what curators set.",
  fields: (t) => ({
    path: t.string({
      nullable: true,
      description: "The post's file; null when not from a post.",
      resolve: (r) => r.source?.path ?? null,
    }),
    line: t.int({ nullable: true, resolve: (r) => r.source?.line ?? null }),
    rule: t.string({
      nullable: true,
      description: 'The parser rule that produced it, e.g. talks/talk-heading.',
      resolve: (r) => r.source?.rule ?? null,
    }),
    curated: t.field({
      type: CurationRef,
      nullable: true,
      description: 'Null when no fact of it was curated: it all follows the post.',
      resolve: (r) => r.curated,
    }),
  }),
});

function sourceLoader(context: object & { db: Parameters<typeof factSourcesOf>[0] }, type: CuratedEntityType) {
  return requestLoader<number, SourceInfo | null>(context, `fact-source:${type}`, async (ids) => {
    const [sources, facts] = await Promise.all([
      factSourcesOf(context.db, type, ids),
      curatedFactsOf(context.db, type, ids),
    ]);
    return ids.map((id) => {
      const source = sources.find((s) => s.entity_id === id) ?? null;
      const curated = curationOf(facts.filter((f) => f.entity_id === id));
      return source || curated ? { source, curated } : null;
    });
  });
}

for (const [ref, type] of [
  [TalkRef, 'Talk'],
  [SponsorshipRef, 'Sponsorship'],
] as const) {
  builder.objectField(ref as typeof TalkRef, 'source', (t) =>
    t.field({
      type: FactSourceRef,
      nullable: true,
      description: 'Where it came from: post and line, or curated by which token and when. Null when neither.',
      resolve: (entity, _args, context) => sourceLoader(context, type).load(entity.id),
    }),
  );
}

const ImportNoteStatusEnum = builder.enumType('ImportNoteStatus', {
  values: {
    OPEN: { description: 'To check.' },
    CONFIRMED: { description: 'A curator confirmed the fact as imported.' },
    CORRECTED: { description: 'A curator corrected the fact.' },
    MERGED: { description: 'The likely duplicate was merged.' },
  },
});

export const ImportNoteRef = builder.objectRef<ImportNoteRow>('ImportNote').implement({
  description: 'A doubtful fact an import found, with the line of the post and the reason.',
  fields: (t) => ({
    id: t.id({ resolve: (r) => globalId('ImportNote', r.id) }),
    event: t.field({ type: EventRef, resolve: (r) => r.event_id }),
    line: t.exposeInt('line'),
    code: t.exposeString('code', {
      description:
        'speaker-without-company, title-from-fallback, name-equals-company, roster-only-talk, repaired-date, possible-duplicate-person or possible-duplicate-company.',
    }),
    reason: t.exposeString('reason'),
    entity: t.id({
      nullable: true,
      description: 'Global ID of what it is about.',
      resolve: (r) => (r.entity_type && r.entity_id !== null ? globalId(r.entity_type, r.entity_id) : null),
    }),
    fact: t.exposeString('fact', { nullable: true }),
    status: t.field({ type: ImportNoteStatusEnum, resolve: (r) => r.status }),
    closedBy: t.exposeString('closed_by', { nullable: true }),
    closedAt: t.string({ nullable: true, resolve: (r) => (r.closed_at ? new Date(r.closed_at).toISOString() : null) }),
  }),
});

builder.objectFields(EventRef, (t) => ({
  curatedFacts: t.field({
    type: [CuratedFactRef],
    description: `What curators set on this meetup, its talks and sponsorships, tombstones included (the first ${MAX_FACTS}).`,
    extensions: maxItems(MAX_FACTS),
    resolve: (event, _args, context) =>
      requestLoader<number, CuratedFact[]>(context, 'curated-facts:event', async (ids) => {
        const rows = await curatedFactsByEventIds(context.db, ids);
        return ids.map((id) => rows.filter((r) => r.event_id === id).slice(0, MAX_FACTS));
      }).load(event.id),
  }),
  curation: t.field({
    type: CurationRef,
    nullable: true,
    description:
      "The meetup's own curated facts (title, format, venue, hosts, ...); null when it all follows the post.",
    resolve: async (event, _args, context) =>
      curationOf(
        await requestLoader<number, CuratedFact[]>(context, 'curated-facts:event-own', async (ids) => {
          const rows = await curatedFactsOf(context.db, 'Event', ids);
          return ids.map((id) => rows.filter((r) => r.entity_id === id));
        }).load(event.id),
      ),
  }),
  importNotes: t.field({
    type: [ImportNoteRef],
    description: `Doubtful facts its imports found, by line (the first ${MAX_FACTS}).`,
    extensions: maxItems(MAX_FACTS),
    args: { status: t.arg({ type: ImportNoteStatusEnum, description: 'Only these; all when left out.' }) },
    resolve: (event, args, context) =>
      requestLoader<number, ImportNoteRow[]>(context, `import-notes:${args.status ?? 'all'}`, async (ids) => {
        const rows = await importNotesByEventIds(context.db, ids, args.status ?? null);
        return ids.map((id) => rows.filter((r) => r.event_id === id).slice(0, MAX_FACTS));
      }).load(event.id),
  }),
}));

builder.queryField('openImportNotes', (t) =>
  t.connection({
    type: ImportNoteRef,
    description: 'Open import notes across meetups, oldest first: what to check first.',
    resolve: (_root, args, context) =>
      resolveConnection(
        args,
        (offset, limit) => openImportNotes(context.db, offset, limit),
        () => countOpenImportNotes(context.db),
      ),
  }),
);
