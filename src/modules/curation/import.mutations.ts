import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { ValidationError } from '../../graphql/errors.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { mutationErrors } from '../../graphql/mutation-types.ts';
import { globalId, parseInput } from '../../graphql/write.ts';
import { importPostText } from '../../importer/import-files.ts';
import type { PostImportResult } from '../../importer/import-posts.ts';
import { EventRef } from '../event/event.graphql.ts';
import { auditImportsAs } from './import-audit.ts';

// importRoundup: the organiser imports a new roundup from a client, without
// shell access. The importer's own transaction holds the audit entry.

const ImportStatusEnum = builder.enumType('ImportStatus', {
  values: {
    CREATED: { description: "The post's meetup was new (or only announced)." },
    UPDATED: { description: 'An earlier version was imported; the meetup was updated in place.' },
    UNCHANGED: { description: 'This exact content was imported already.' },
  },
});

const ImportWarningRef = builder.objectRef<{ line: number; code: string; message: string }>('ImportWarning').implement({
  fields: (t) => ({
    line: t.exposeInt('line'),
    code: t.exposeString('code', { description: 'Stable kind, e.g. speaker-without-company.' }),
    message: t.exposeString('message'),
  }),
});

const ImportClashRef = builder.objectRef<PostImportResult['clashes'][number]>('ImportClash').implement({
  description: "A fact where the post disagrees with a curator's value; the curated value was kept.",
  fields: (t) => ({
    entity: t.id({ description: 'Global ID of the entity.', resolve: (c) => globalId(c.entityType, c.entityId) }),
    fact: t.exposeString('fact'),
    subject: t.exposeString('subject', { description: 'e.g. "talk 2 title".' }),
    curated: t.exposeString('curated', { description: 'The value kept, as text.' }),
    post: t.exposeString('post', { description: 'What the post says, as text.' }),
    message: t.exposeString('message', { description: `e.g. "talk 2 title: kept curated 'X'; post says 'Y'".` }),
  }),
});

const ImportReportNoteRef = builder.objectRef<PostImportResult['notes'][number]>('ImportReportNote').implement({
  description: 'A doubtful fact of this import, to check (also listed by Event.importNotes and openImportNotes).',
  fields: (t) => ({
    line: t.exposeInt('line'),
    code: t.exposeString('code'),
    reason: t.exposeString('reason'),
    entity: t.id({
      nullable: true,
      resolve: (n) => (n.entityType && n.entityId !== null ? globalId(n.entityType, n.entityId) : null),
    }),
    fact: t.exposeString('fact', { nullable: true }),
  }),
});

/** Warnings listed per imported post. */
const MAX_WARNINGS = 500;

const ImportReportRef = builder.objectRef<PostImportResult & { dryRun: boolean }>('ImportReport').implement({
  description: 'What importing one roundup did, or would do in a dry run.',
  fields: (t) => ({
    status: t.field({ type: ImportStatusEnum, resolve: (r) => r.status.toUpperCase() as 'CREATED' }),
    dryRun: t.exposeBoolean('dryRun', { description: 'Nothing was written.' }),
    eventSlug: t.exposeString('eventSlug', { nullable: true }),
    event: t.field({
      type: EventRef,
      nullable: true,
      description: 'The meetup written; null in a dry run.',
      resolve: (r) => (r.dryRun ? null : (r.eventId ?? null)),
    }),
    changes: t.exposeStringList('changes'),
    warnings: t.field({
      type: [ImportWarningRef],
      description: `The first ${MAX_WARNINGS}.`,
      extensions: maxItems(MAX_WARNINGS),
      resolve: (r) => r.warnings.slice(0, MAX_WARNINGS),
    }),
    clashes: t.field({
      type: [ImportClashRef],
      description: `Curated facts the post now contradicts, kept (the first ${MAX_WARNINGS}).`,
      extensions: maxItems(MAX_WARNINGS),
      resolve: (r) => r.clashes.slice(0, MAX_WARNINGS),
    }),
    notes: t.field({
      type: [ImportReportNoteRef],
      description: `Doubtful facts to check first, by line (the first ${MAX_WARNINGS}).`,
      extensions: maxItems(MAX_WARNINGS),
      resolve: (r) => r.notes.slice(0, MAX_WARNINGS),
    }),
  }),
});

const ImportRoundupInput = builder.inputType('ImportRoundupInput', {
  fields: (t) => ({
    markdown: t.string({ required: true, description: 'The whole post: YAML front matter and body. At most 1 MB.' }),
    path: t.string({
      required: true,
      description: "The post's file name (it may carry the date), kept as provenance.",
    }),
    dryRun: t.boolean({ description: 'Report what would change and write nothing.' }),
    series: t.string({ description: 'Series name for a post whose title does not start with one.' }),
  }),
});

const ImportSchema = z.object({
  markdown: z.string().min(1, 'is required').max(1_000_000, 'must be at most 1 MB'),
  path: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
  dryRun: z.boolean().nullish(),
  series: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').nullish(),
});

builder.mutationField('importRoundup', (t) =>
  t.field({
    type: ImportReportRef,
    description: 'Imports one roundup post, in one transaction; re-importing the same post changes nothing.',
    authScopes: { admin: true },
    errors: mutationErrors('importRoundup'),
    args: { input: t.arg({ type: ImportRoundupInput, required: true }) },
    resolve: async (_root, args, context) => {
      const input = parseInput(ImportSchema, args.input);
      const principal = await context.principal();
      const dryRun = input.dryRun ?? false;
      const result = await importPostText(context.db, input.markdown, input.path, {
        dryRun,
        ...(input.series ? { defaultSeries: input.series } : {}),
        ...(principal ? { onWritten: auditImportsAs(principal.name, 'importRoundup') } : {}),
      });
      // The database's own failure is not the post's: thrown, so Yoga masks it.
      // Masked with its code kept: a busy import lock or a lost connection is SERVICE_UNAVAILABLE (retry).
      if (result.error?.kind === 'database') throw new Error(result.error.reason, { cause: result.error.cause });
      if (result.status === 'failed') {
        const where = result.error?.line ? `line ${result.error.line}: ` : '';
        throw new ValidationError([
          { path: ['input', 'markdown'], message: `${where}${result.error?.reason ?? 'unreadable'}` },
        ]);
      }
      return { ...result, dryRun };
    },
  }),
);
