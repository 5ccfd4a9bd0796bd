import { z } from 'zod';
import { rowsOfEvent } from '../../db/sql.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import { DeletePayload, IdInput, mutationErrors } from '../../graphql/mutation-types.ts';
import { fail, globalId, idOf, parseInput, runWrite, type Write } from '../../graphql/write.ts';
import { companiesByIds } from '../company/company.repository.ts';
import { CONTENT_BOUNDS, noRoomFor } from '../content-bounds.ts';
import { curate, lockMeetup, tombstone } from '../corrections/curate.ts';
import { hasPostSource } from '../corrections/fact-source.repository.ts';
import { SponsorshipRef } from './sponsorship.graphql.ts';
import {
  deleteSponsorship,
  insertSponsorship,
  lockedSponsorship,
  type SponsorshipNode,
  sponsorshipsByIds,
  updateSponsorshipRole,
} from './sponsorship.repository.ts';

const SponsorshipPayload = builder.objectRef<{ sponsorshipId: number }>('SponsorshipPayload').implement({
  fields: (t) => ({ sponsorship: t.field({ type: SponsorshipRef, resolve: (payload) => payload.sponsorshipId }) }),
});

const CreateSponsorshipInput = builder.inputType('CreateSponsorshipInput', {
  fields: (t) => ({
    event: t.id({ required: true }),
    company: t.id({ required: true }),
    role: t.string({ description: '"sponsor" unless given (e.g. "venue", "food").' }),
  }),
});

const UpdateSponsorshipInput = builder.inputType('UpdateSponsorshipInput', {
  fields: (t) => ({ id: t.id({ required: true }), role: t.string({ required: true }) }),
});

const roleField = z.string().trim().min(1, 'is required').max(50, 'must be at most 50 characters');
const CreateSchema = z.object({ event: z.string(), company: z.string(), role: roleField.nullish() });
const UpdateSchema = z.object({ id: z.string(), role: roleField });

/**
 * The payload of a write that leaves the sponsorship in place: its row as
 * written (the audit's snapshot) goes into the Sponsorship loader, so the
 * payload's sponsorship needs no statement after the commit.
 */
function written(context: Context, row: SponsorshipNode): { sponsorshipId: number } {
  // (Cleared first: a document's earlier write of the same sponsorship left its own row there.)
  SponsorshipRef.getDataloader(context).clear(row.id).prime(row.id, row);
  return { sponsorshipId: row.id };
}

async function snapshot(write: Write, id: number, path: string[]) {
  const [row] = await sponsorshipsByIds(write.trx, [id]);
  if (!row) throw new NotFoundError('No sponsorship has that ID', path);
  return row;
}

/**
 * The sponsorship, read after its meetup's row lock (see curate.ts) and its
 * own: a merge of companies moves sponsorships without the meetup's lock, and
 * what the write reports as changed (the company whose sponsorships it
 * changed, for the response cache) must be the row as it is written.
 */
async function lockedSnapshot(write: Write, id: number) {
  const first = await snapshot(write, id, ['input', 'id']);
  await lockMeetup(write, first.event_id, ['input', 'id']);
  const locked = await lockedSponsorship(write.trx, id);
  if (!locked) throw new NotFoundError('No sponsorship has that ID', ['input', 'id']);
  return locked;
}

builder.mutationFields((t) => ({
  createSponsorship: t.field({
    type: SponsorshipPayload,
    authScopes: { write: true },
    errors: mutationErrors('createSponsorship'),
    args: { input: t.arg({ type: CreateSponsorshipInput, required: true }) },
    resolve: async (_root, args, context) => {
      const row = await runWrite(context, 'createSponsorship', async (write) => {
        const input = parseInput(CreateSchema, args.input);
        const eventId = idOf(input.event, 'Event', ['input', 'event']);
        const companyId = idOf(input.company, 'Company', ['input', 'company']);
        await lockMeetup(write, eventId, ['input', 'event']);
        const sponsors = await rowsOfEvent(write.trx, 'sponsorship', eventId);
        const full = noRoomFor(sponsors, CONTENT_BOUNDS.sponsorshipsPerEvent, 'sponsorships');
        if (full) fail([{ path: ['input', 'event'], message: full }]);
        if ((await companiesByIds(write.trx, [companyId])).length === 0) {
          throw new NotFoundError('No company has that ID', ['input', 'company']);
        }
        const id = await insertSponsorship(write.trx, {
          event_id: eventId,
          company_id: companyId,
          role: input.role ?? 'sponsor',
        });
        // Kept across imports, though the post does not list it.
        await curate(write, eventId, 'Sponsorship', id, [
          { fact: 'created', value: { companyId, role: input.role ?? 'sponsor' } },
        ]);
        const after = await snapshot(write, id, []);
        await write.audit('Sponsorship', id, null, after);
        return after;
      });
      return written(context, row);
    },
  }),
  updateSponsorship: t.field({
    type: SponsorshipPayload,
    authScopes: { write: true },
    errors: mutationErrors('updateSponsorship'),
    args: { input: t.arg({ type: UpdateSponsorshipInput, required: true }) },
    resolve: async (_root, args, context) => {
      const row = await runWrite(context, 'updateSponsorship', async (write) => {
        const input = parseInput(UpdateSchema, args.input);
        const id = idOf(input.id, 'Sponsorship', ['input', 'id']);
        const before = await lockedSnapshot(write, id);
        await updateSponsorshipRole(write.trx, id, input.role);
        await curate(write, before.event_id, 'Sponsorship', id, [
          { fact: 'role', value: input.role, before: before.role },
        ]);
        const after = await snapshot(write, id, []);
        await write.audit('Sponsorship', id, before, after);
        return after;
      });
      return written(context, row);
    },
  }),
  deleteSponsorship: t.field({
    type: DeletePayload,
    authScopes: { write: true },
    errors: mutationErrors('deleteSponsorship'),
    args: { input: t.arg({ type: IdInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'deleteSponsorship', async (write) => {
        const id = idOf(args.input.id, 'Sponsorship', ['input', 'id']);
        const before = await lockedSnapshot(write, id);
        // One from a post gets a tombstone: the import does not bring it back.
        const fromPost = await hasPostSource(write.trx, 'Sponsorship', id);
        const value = { companyId: before.company_id, role: 'sponsor' };
        await tombstone(write, before.event_id, 'Sponsorship', id, fromPost ? value : null);
        await deleteSponsorship(write.trx, id);
        await write.audit('Sponsorship', id, before, null);
        return { deletedId: globalId('Sponsorship', id) };
      }),
  }),
}));
