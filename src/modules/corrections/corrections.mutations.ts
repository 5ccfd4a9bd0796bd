import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { NotFoundError, ValidationError } from '../../graphql/errors.ts';
import { mutationErrors } from '../../graphql/mutation-types.ts';
import { parseInput, runWrite } from '../../graphql/write.ts';
import { EventRef } from '../event/event.graphql.ts';
import { CuratedFactRef, ImportNoteRef } from './corrections.graphql.ts';
import type { CuratedEntityType } from './corrections.tables.ts';
import { lockMeetup } from './curate.ts';
import { type CuratedFact, curatedFactsOf, deleteCuratedFact } from './curated-fact.repository.ts';
import { closeNote, type ImportNoteRow, importNotesByIds } from './import-note.repository.ts';
import { restorePostValue } from './restore.ts';

// Letting the post win again (dropCuratedFact), and confirming a doubtful
// fact as imported (confirmImportNote). Both audited.

const ENTITY_TYPES = new Set<CuratedEntityType>(['Event', 'Talk', 'Sponsorship']);

function curatedEntity(id: string): { type: CuratedEntityType; id: number } {
  try {
    const decoded = decodeGlobalID(id);
    if (ENTITY_TYPES.has(decoded.typename as CuratedEntityType) && /^\d{1,15}$/.test(decoded.id)) {
      return { type: decoded.typename as CuratedEntityType, id: Number(decoded.id) };
    }
  } catch {
    // the validation error below
  }
  throw new ValidationError([
    { path: ['input', 'entity'], message: 'must be the ID of an Event, Talk or Sponsorship' },
  ]);
}

const DropCuratedFactInput = builder.inputType('DropCuratedFactInput', {
  fields: (t) => ({
    entity: t.id({
      required: true,
      description: 'Global ID of the Event, Talk or Sponsorship (a deleted one for a tombstone).',
    }),
    fact: t.string({ required: true, description: 'The curated fact, as CuratedFact.fact names it.' }),
    restorePostValue: t.boolean({
      description:
        "Put the post's value (CuratedFact.postValue) back at once. Otherwise, and always for a tombstone, an " +
        'addition, a moved date or a moved talk, the post wins at the next import.',
    }),
  }),
});

const DropSchema = z.object({
  entity: z.string(),
  fact: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  restorePostValue: z.boolean().nullish(),
});

const DropPayload = builder.objectRef<{ dropped: CuratedFact; restored: boolean }>('DropCuratedFactPayload').implement({
  fields: (t) => ({
    dropped: t.field({ type: CuratedFactRef, resolve: (p) => p.dropped }),
    restored: t.exposeBoolean('restored', { description: "The post's value was put back at once." }),
    event: t.field({ type: EventRef, resolve: (p) => p.dropped.event_id }),
  }),
});

const NotePayload = builder.objectRef<{ note: ImportNoteRow }>('ImportNotePayload').implement({
  fields: (t) => ({ note: t.field({ type: ImportNoteRef, resolve: (p) => p.note }) }),
});

const ConfirmInput = builder.inputType('ConfirmImportNoteInput', {
  fields: (t) => ({ id: t.id({ required: true, description: 'Global ID of the ImportNote.' }) }),
});

builder.mutationFields((t) => ({
  dropCuratedFact: t.field({
    type: DropPayload,
    description: 'Drops a curated fact (or tombstone): the post wins again, at the next import or at once.',
    authScopes: { write: true },
    errors: mutationErrors('dropCuratedFact'),
    args: { input: t.arg({ type: DropCuratedFactInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'dropCuratedFact', async (write) => {
        const input = parseInput(DropSchema, args.input);
        const entity = curatedEntity(input.entity);
        const find = async () =>
          (await curatedFactsOf(write.trx, entity.type, [entity.id])).find((f) => f.fact === input.fact);
        const first = await find();
        if (!first) throw new NotFoundError(`No curated fact "${input.fact}" on that entity`, ['input', 'fact']);
        await lockMeetup(write, first.event_id, ['input', 'entity']);
        const fact = await find();
        if (!fact) throw new NotFoundError(`No curated fact "${input.fact}" on that entity`, ['input', 'fact']);
        await deleteCuratedFact(write.trx, fact.id);
        const restored = input.restorePostValue ? await restorePostValue(write.trx, fact) : false;
        await write.audit(fact.entity_type, fact.entity_id, { curatedFact: fact }, { curatedFact: null, restored });
        return { dropped: fact, restored };
      }),
  }),
  confirmImportNote: t.field({
    type: NotePayload,
    description: 'Confirms a doubtful fact as imported: the note closes and stays closed at later imports.',
    authScopes: { write: true },
    errors: mutationErrors('confirmImportNote'),
    args: { input: t.arg({ type: ConfirmInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'confirmImportNote', async (write) => {
        let id: number | null = null;
        try {
          const decoded = decodeGlobalID(args.input.id);
          if (decoded.typename === 'ImportNote' && /^\d{1,15}$/.test(decoded.id)) id = Number(decoded.id);
        } catch {
          id = null;
        }
        if (id === null)
          throw new ValidationError([{ path: ['input', 'id'], message: 'must be the ID of an ImportNote' }]);
        const [before] = await importNotesByIds(write.trx, [id]);
        if (!before) throw new NotFoundError('No import note has that ID', ['input', 'id']);
        if (before.status === 'OPEN') await closeNote(write.trx, id, 'CONFIRMED', write.principal.name);
        const [note] = await importNotesByIds(write.trx, [id]);
        if (!note) throw new NotFoundError('No import note has that ID', ['input', 'id']);
        await write.audit('ImportNote', id, before, note);
        return { note };
      }),
  }),
}));
