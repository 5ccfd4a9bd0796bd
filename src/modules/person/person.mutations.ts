import { z } from 'zod';
import { lockRows } from '../../db/sql.ts';
import { builder } from '../../graphql/builder.ts';
import { ConflictError, NotFoundError } from '../../graphql/errors.ts';
import { DeletePayload, IdInput, MergeInput, mutationErrors } from '../../graphql/mutation-types.ts';
import { fail, globalId, idOf, nameField, parseInput, runWrite, slugField, type Write } from '../../graphql/write.ts';
import { uniqueSlug } from '../../importer/import.repository.ts';
import { cleanName, personKey, slugify } from '../../importer/names.ts';
import { keepCorrectionsAcrossMerge } from '../corrections/merge.ts';
import { addRedirect } from '../curation/redirect.repository.ts';
import { PersonRef } from './person.graphql.ts';
import {
  addPersonAlias,
  deletePerson,
  insertPerson,
  mergePeople,
  peopleByIds,
  personIsReferenced,
  updatePerson,
} from './person.repository.ts';

const PersonPayload = builder.objectRef<{ personId: number }>('PersonPayload').implement({
  fields: (t) => ({ person: t.field({ type: PersonRef, resolve: (payload) => payload.personId }) }),
});

const CreatePersonInput = builder.inputType('CreatePersonInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ description: 'Derived from the name when left out.' }),
  }),
});

const UpdatePersonInput = builder.inputType('UpdatePersonInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ description: 'The canonical name; the old one stays an alias.' }),
    slug: t.string({ description: 'The old slug keeps resolving.' }),
    addAliases: t.stringList({ description: 'Other spellings to match on import.' }),
  }),
});

const CreateSchema = z.object({ name: nameField, slug: slugField.nullish() });
const UpdateSchema = z.object({
  id: z.string(),
  name: nameField.nullish(),
  slug: slugField.nullish(),
  addAliases: z.array(nameField).max(20, 'at most 20 at a time').nullish(),
});

async function snapshot(write: Write, id: number, path: string[]) {
  const [person] = await peopleByIds(write.trx, [id]);
  if (!person) throw new NotFoundError('No person has that ID', path);
  return person;
}

async function addAliases(write: Write, id: number, names: readonly string[], field: string): Promise<void> {
  for (const [i, raw] of names.entries()) {
    const name = cleanName(raw);
    if (!(await addPersonAlias(write.trx, id, name, personKey(name)))) {
      throw new ConflictError(`"${name}" is already a spelling of another person (merge them instead)`, [
        'input',
        field,
        ...(field === 'addAliases' ? [String(i)] : []),
      ]);
    }
  }
}

builder.mutationFields((t) => ({
  createPerson: t.field({
    type: PersonPayload,
    authScopes: { write: true },
    errors: mutationErrors('createPerson'),
    args: { input: t.arg({ type: CreatePersonInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'createPerson', async (write) => {
        const input = parseInput(CreateSchema, args.input);
        const name = cleanName(input.name);
        const slug = input.slug ?? (await uniqueSlug(write.trx, 'person', slugify(name)));
        const id = await insertPerson(write.trx, name, slug, personKey(name));
        await write.audit('Person', id, null, await snapshot(write, id, []));
        return { personId: id };
      }),
  }),
  updatePerson: t.field({
    type: PersonPayload,
    authScopes: { write: true },
    errors: mutationErrors('updatePerson'),
    args: { input: t.arg({ type: UpdatePersonInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'updatePerson', async (write) => {
        const input = parseInput(UpdateSchema, args.input);
        const id = idOf(input.id, 'Person', ['input', 'id']);
        const before = await snapshot(write, id, ['input', 'id']);
        const patch: { name?: string; slug?: string } = {};
        if (input.name) {
          patch.name = cleanName(input.name);
          await addAliases(write, id, [patch.name], 'name');
        }
        if (input.slug && input.slug !== before.slug) {
          patch.slug = input.slug;
          await addRedirect(write.trx, 'Person', id, before.slug, id);
        }
        await updatePerson(write.trx, id, patch);
        await addAliases(write, id, input.addAliases ?? [], 'addAliases');
        await write.audit('Person', id, before, await snapshot(write, id, []));
        return { personId: id };
      }),
  }),
  deletePerson: t.field({
    type: DeletePayload,
    description: 'Removes a person who has no talks and hosted nothing (merge them otherwise).',
    authScopes: { write: true },
    errors: mutationErrors('deletePerson'),
    args: { input: t.arg({ type: IdInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'deletePerson', async (write) => {
        const id = idOf(args.input.id, 'Person', ['input', 'id']);
        const before = await snapshot(write, id, ['input', 'id']);
        if (await personIsReferenced(write.trx, id)) {
          throw new ConflictError('This person gave talks or hosted: merge them into another person instead', [
            'input',
            'id',
          ]);
        }
        await deletePerson(write.trx, id);
        await write.audit('Person', id, before, null);
        return { deletedId: globalId('Person', id) };
      }),
  }),
  mergePeople: t.field({
    type: PersonPayload,
    description:
      "Moves the source's talks, hosting and spellings to the target and removes the source; its ID and slug " +
      'keep resolving to the target.',
    authScopes: { admin: true },
    errors: mutationErrors('mergePeople'),
    args: { input: t.arg({ type: MergeInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'mergePeople', async (write) => {
        const sourceId = idOf(args.input.source, 'Person', ['input', 'source']);
        const targetId = idOf(args.input.target, 'Person', ['input', 'target']);
        if (sourceId === targetId) fail([{ path: ['input', 'target'], message: 'must differ from source' }]);
        // Concurrent merges of the same people queue here; the later one finds its source gone (NotFound).
        await lockRows(write.trx, 'person', [sourceId, targetId]);
        const source = await snapshot(write, sourceId, ['input', 'source']);
        const target = await snapshot(write, targetId, ['input', 'target']);
        await mergePeople(write.trx, sourceId, targetId);
        await keepCorrectionsAcrossMerge(write, 'person', sourceId, targetId);
        await addRedirect(write.trx, 'Person', sourceId, source.slug, targetId);
        await write.audit('Person', sourceId, source, null);
        await write.audit('Person', targetId, target, await snapshot(write, targetId, []));
        return { personId: targetId };
      }),
  }),
}));
