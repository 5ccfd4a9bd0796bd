import { z } from 'zod';
import { lockRows } from '../../db/sql.ts';
import { builder } from '../../graphql/builder.ts';
import { ConflictError, NotFoundError } from '../../graphql/errors.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { requestLoader } from '../../graphql/loaders.ts';
import { DeletePayload, IdInput, MergeInput, mutationErrors } from '../../graphql/mutation-types.ts';
import {
  dateField,
  fail,
  globalId,
  idOf,
  nameField,
  parseInput,
  runWrite,
  slugField,
  urlField,
  type Write,
} from '../../graphql/write.ts';
import { uniqueSlug } from '../../importer/import.repository.ts';
import { cleanName, companyKey, slugify } from '../../importer/names.ts';
import { SERVED_LIST_BOUNDS } from '../content-bounds.ts';
import { keepCorrectionsAcrossMerge } from '../corrections/merge.ts';
import { addRedirect } from '../curation/redirect.repository.ts';
import { CompanyRef } from './company.graphql.ts';
import {
  addCompanyAlias,
  clearSuccessor,
  companiesByIds,
  companyIsReferenced,
  deleteCompany,
  insertCompany,
  mergeCompanies,
  type SuccessionRow,
  setSuccessor,
  successionsByCompanyIds,
  successionWouldLoop,
  updateCompany,
} from './company.repository.ts';

const CompanyPayload = builder.objectRef<{ companyId: number }>('CompanyPayload').implement({
  fields: (t) => ({ company: t.field({ type: CompanyRef, resolve: (payload) => payload.companyId }) }),
});

const CreateCompanyInput = builder.inputType('CreateCompanyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    website: t.string({ description: 'http(s) URL.' }),
    slug: t.string({ description: 'Derived from the name when left out.' }),
  }),
});

const UpdateCompanyInput = builder.inputType('UpdateCompanyInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ description: 'The canonical name; the old one stays an alias.' }),
    website: t.string({ description: 'null clears it.' }),
    slug: t.string({ description: 'The old slug keeps resolving.' }),
    addAliases: t.stringList({ description: 'Other spellings to match on import.' }),
  }),
});

const SuccessionKind = builder.enumType('SuccessionKind', {
  values: {
    RENAMED: { description: 'The same company under a new name.' },
    ACQUIRED: { description: 'Bought by the successor.' },
  },
});

const SetSuccessorInput = builder.inputType('SetCompanySuccessorInput', {
  fields: (t) => ({
    company: t.id({ required: true, description: 'The company that was renamed or acquired.' }),
    successor: t.id({ description: 'Its successor; null removes the record.' }),
    date: t.string({ description: 'When it happened, YYYY-MM-DD (required with a successor).' }),
    kind: t.field({ type: SuccessionKind }),
  }),
});

const CreateSchema = z.object({ name: nameField, website: urlField.nullish(), slug: slugField.nullish() });
const UpdateSchema = z.object({
  id: z.string(),
  name: nameField.nullish(),
  website: urlField.nullish(),
  slug: slugField.nullish(),
  addAliases: z.array(nameField).max(20, 'at most 20 at a time').nullish(),
});
const SuccessorSchema = z
  .object({
    company: z.string(),
    successor: z.string().nullish(),
    date: dateField.nullish(),
    kind: z.enum(['RENAMED', 'ACQUIRED']).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.successor && !input.date)
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'is required with a successor' });
    if (input.successor && !input.kind)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'is required with a successor' });
  });

async function snapshot(write: Write, id: number, path: string[]) {
  const [company] = await companiesByIds(write.trx, [id]);
  if (!company) throw new NotFoundError('No company has that ID', path);
  return company;
}

async function addAliases(write: Write, id: number, names: readonly string[], field: string): Promise<void> {
  for (const [i, raw] of names.entries()) {
    const name = cleanName(raw);
    if (!(await addCompanyAlias(write.trx, id, name, companyKey(name)))) {
      throw new ConflictError(`"${name}" is already a spelling of another company (merge them instead)`, [
        'input',
        field,
        ...(field === 'addAliases' ? [String(i)] : []),
      ]);
    }
  }
}

builder.mutationFields((t) => ({
  createCompany: t.field({
    type: CompanyPayload,
    authScopes: { write: true },
    errors: mutationErrors('createCompany'),
    args: { input: t.arg({ type: CreateCompanyInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'createCompany', async (write) => {
        const input = parseInput(CreateSchema, args.input);
        const name = cleanName(input.name);
        const slug = input.slug ?? (await uniqueSlug(write.trx, 'company', slugify(name)));
        const id = await insertCompany(write.trx, { name, slug, website: input.website ?? null }, companyKey(name));
        await write.audit('Company', id, null, await snapshot(write, id, []));
        return { companyId: id };
      }),
  }),
  updateCompany: t.field({
    type: CompanyPayload,
    authScopes: { write: true },
    errors: mutationErrors('updateCompany'),
    args: { input: t.arg({ type: UpdateCompanyInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'updateCompany', async (write) => {
        const input = parseInput(UpdateSchema, args.input);
        const id = idOf(input.id, 'Company', ['input', 'id']);
        const before = await snapshot(write, id, ['input', 'id']);
        const patch: { name?: string; slug?: string; website?: string | null } = {};
        if (input.name) {
          patch.name = cleanName(input.name);
          await addAliases(write, id, [patch.name], 'name');
        }
        if (input.website !== undefined) patch.website = input.website;
        if (input.slug && input.slug !== before.slug) {
          patch.slug = input.slug;
          await addRedirect(write.trx, 'Company', id, before.slug, id);
        }
        await updateCompany(write.trx, id, patch);
        await addAliases(write, id, input.addAliases ?? [], 'addAliases');
        await write.audit('Company', id, before, await snapshot(write, id, []));
        return { companyId: id };
      }),
  }),
  deleteCompany: t.field({
    type: DeletePayload,
    description:
      'Removes a company nothing refers to. One with billed talks, hosting roles, sponsorships or announcements ' +
      'is a ConflictError: merge it into another company first.',
    authScopes: { write: true },
    errors: mutationErrors('deleteCompany'),
    args: { input: t.arg({ type: IdInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'deleteCompany', async (write) => {
        const id = idOf(args.input.id, 'Company', ['input', 'id']);
        const before = await snapshot(write, id, ['input', 'id']);
        if (await companyIsReferenced(write.trx, id)) {
          throw new ConflictError(
            'This company still has appearances, sponsorships or announcements: merge it into another company first',
            ['input', 'id'],
          );
        }
        await deleteCompany(write.trx, id);
        await write.audit('Company', id, before, null);
        return { deletedId: globalId('Company', id) };
      }),
  }),
  mergeCompanies: t.field({
    type: CompanyPayload,
    description:
      "Moves the source's billed talks, hosting roles, sponsorships, announcements, spellings and successions to the " +
      'target and removes the source; its ID and slug keep resolving to the target.',
    authScopes: { admin: true },
    errors: mutationErrors('mergeCompanies'),
    args: { input: t.arg({ type: MergeInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'mergeCompanies', async (write) => {
        const sourceId = idOf(args.input.source, 'Company', ['input', 'source']);
        const targetId = idOf(args.input.target, 'Company', ['input', 'target']);
        if (sourceId === targetId) fail([{ path: ['input', 'target'], message: 'must differ from source' }]);
        // Concurrent merges of the same companies queue here; the later one finds its source gone (NotFound).
        await lockRows(write.trx, 'company', [sourceId, targetId]);
        const source = await snapshot(write, sourceId, ['input', 'source']);
        const target = await snapshot(write, targetId, ['input', 'target']);
        await mergeCompanies(write.trx, sourceId, targetId);
        await keepCorrectionsAcrossMerge(write, 'company', sourceId, targetId);
        await addRedirect(write.trx, 'Company', sourceId, source.slug, targetId);
        await write.audit('Company', sourceId, source, null);
        await write.audit('Company', targetId, target, await snapshot(write, targetId, []));
        return { companyId: targetId };
      }),
  }),
  setCompanySuccessor: t.field({
    type: CompanyPayload,
    description: 'Records that a company was renamed or acquired, and when; visible from both companies.',
    authScopes: { write: true },
    errors: mutationErrors('setCompanySuccessor'),
    args: { input: t.arg({ type: SetSuccessorInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'setCompanySuccessor', async (write) => {
        const input = parseInput(SuccessorSchema, args.input);
        const id = idOf(input.company, 'Company', ['input', 'company']);
        const before = await snapshot(write, id, ['input', 'company']);
        const beforeSuccession = (await successionsByCompanyIds(write.trx, [id])).find((s) => s.predecessor_id === id);
        if (!input.successor) {
          await clearSuccessor(write.trx, id);
        } else {
          const successorId = idOf(input.successor, 'Company', ['input', 'successor']);
          if (successorId === id) fail([{ path: ['input', 'successor'], message: 'must differ from company' }]);
          await snapshot(write, successorId, ['input', 'successor']);
          if (await successionWouldLoop(write.trx, id, successorId)) {
            throw new ConflictError('That successor already descends from this company', ['input', 'successor']);
          }
          await setSuccessor(write.trx, {
            predecessor_id: id,
            successor_id: successorId,
            date: input.date ?? '',
            kind: input.kind ?? 'RENAMED',
          });
        }
        const afterSuccession = (await successionsByCompanyIds(write.trx, [id])).find((s) => s.predecessor_id === id);
        await write.audit(
          'Company',
          id,
          { ...before, successor: beforeSuccession ?? null },
          {
            ...before,
            successor: afterSuccession ?? null,
          },
        );
        return { companyId: id };
      }),
  }),
}));

// Successions, visible from both sides.

const SuccessionRef = builder.objectRef<SuccessionRow>('CompanySuccession').implement({
  description: 'A rename or acquisition.',
  fields: (t) => ({
    predecessor: t.field({ type: CompanyRef, resolve: (row) => row.predecessor_id }),
    successor: t.field({ type: CompanyRef, resolve: (row) => row.successor_id }),
    date: t.field({ type: 'Date', resolve: (row) => row.date }),
    kind: t.field({ type: SuccessionKind, resolve: (row) => row.kind }),
  }),
});

function successions(context: { db: Parameters<typeof successionsByCompanyIds>[0] }, id: number) {
  return requestLoader<number, SuccessionRow[]>(context, 'company:successions', async (ids) => {
    const rows = await successionsByCompanyIds(context.db, ids);
    return ids.map((key) => rows.filter((row) => row.predecessor_id === key || row.successor_id === key));
  }).load(id);
}

builder.objectFields(CompanyRef, (t) => ({
  successor: t.field({
    type: SuccessionRef,
    nullable: true,
    description: 'What this company became (renamed or acquired), if recorded.',
    resolve: async (company, _args, context) =>
      (await successions(context, company.id)).find((row) => row.predecessor_id === company.id) ?? null,
  }),
  predecessors: t.field({
    type: [SuccessionRef],
    description: `Companies that became this one, oldest first (the first ${SERVED_LIST_BOUNDS.predecessorsPerCompany}).`,
    extensions: maxItems(SERVED_LIST_BOUNDS.predecessorsPerCompany),
    resolve: async (company, _args, context) =>
      (await successions(context, company.id))
        .filter((row) => row.successor_id === company.id)
        .slice(0, SERVED_LIST_BOUNDS.predecessorsPerCompany),
  }),
}));
