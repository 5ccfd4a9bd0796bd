import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { type GraphChange, publishGraphChanges } from '../cache/graph-changes.ts';
import { newSqlTrace, traceSql, trackedWrite } from '../db/sql-trace.ts';
import type { Database } from '../db/types.ts';
import { recordChange } from '../modules/curation/audit.repository.ts';
import type { Principal } from '../modules/token/token.ts';
import type { Context } from './context.ts';
import { ConflictError, type FieldIssue, ValidationError } from './errors.ts';
import { isValidDate } from './scalars.ts';

// What every mutation shares: one transaction, the audit entry of each
// change inside it, input validation with field paths, and database
// constraint violations turned into ConflictErrors.

export type Trx = Transaction<Database>;

export interface Write {
  trx: Trx;
  principal: Principal;
  /** Records a change of one entity in the audit trail, in the same transaction. */
  audit(entityType: string, entityId: number, before: unknown, after: unknown): Promise<void>;
}

const CONSTRAINT_MESSAGES: Record<string, string> = {
  event_series_date_key: 'the series already has a meetup on that day',
  talk_event_position_key: 'the meetup already has a talk at that position',
  sponsorship_event_company_role_key: 'that company already sponsors that meetup in that role',
  person_slug_key: 'that person slug is taken',
  company_slug_key: 'that company slug is taken',
  venue_slug_key: 'that venue slug is taken',
  event_slug_key: 'the series already has a meetup on that day',
  person_alias_name_key: 'that name is already an alias of another person',
  company_alias_name_key: 'that name is already an alias of another company',
};

function conflictFrom(error: unknown): ConflictError | null {
  const pg = error as { code?: string; constraint?: string };
  if (pg?.code === '23505') {
    return new ConflictError(`Conflict: ${CONSTRAINT_MESSAGES[pg.constraint ?? ''] ?? 'a unique key is taken'}`);
  }
  if (pg?.code === '23503') return new ConflictError('Conflict: other records still refer to this one');
  return null;
}

/** The companies of a sponsorship's snapshots before and after a change. */
function companiesOf(...snapshots: unknown[]): number[] {
  return snapshots
    .map((snapshot) => (snapshot as { company_id?: unknown } | null)?.company_id)
    .filter((id): id is number => typeof id === 'number');
}

function slugOf(snapshot: unknown): string | null {
  const slug = (snapshot as { slug?: unknown } | null)?.slug;
  return typeof slug === 'string' ? slug : null;
}

/**
 * Runs a mutation's work in one transaction; any failure leaves the database
 * as it was. Once it has committed, the entities it audited are announced as
 * changed (caches and subscriptions follow from there).
 */
export async function runWrite<T>(context: Context, mutation: string, work: (write: Write) => Promise<T>): Promise<T> {
  const principal = await context.principal();
  if (!principal) throw new Error('runWrite reached without a principal: scope-auth must guard every mutation');
  const changes: GraphChange[] = [];
  const sponsorCompanies: number[] = [];
  // What the transaction's statements wrote: a write of sponsorships and their curation only invalidates less.
  const trace = newSqlTrace();
  let result: T;
  try {
    result = await traceSql(trace, () =>
      context.db.transaction().execute((trx) =>
        work({
          trx,
          principal,
          audit: (entityType, entityId, before, after) => {
            changes.push({ kind: entityType, id: globalId(entityType, entityId), slug: slugOf(after ?? before) });
            if (entityType === 'Sponsorship') sponsorCompanies.push(...companiesOf(before, after));
            return recordChange(trx, { tokenName: principal.name, mutation, entityType, entityId, before, after });
          },
        }),
      ),
    );
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
  await publishGraphChanges(context.db, changes, trackedWrite(trace, sponsorCompanies));
  return result;
}

/** Parses input with a zod schema; failures become one ValidationError listing every field path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message })),
  );
}

/** A database id from a global ID of the given type; a ValidationError naming the field otherwise. */
export function idOf(globalId: string, typename: string, path: string[]): number {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && /^\d{1,15}$/.test(decoded.id)) return Number(decoded.id);
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path, message: `must be the ID of a ${typename}` }]);
}

export function globalId(typename: string, id: number): string {
  return encodeGlobalID(typename, id);
}

export function fail(issues: FieldIssue[]): never {
  throw new ValidationError(issues);
}

// Field rules shared by the inputs.
export const dateField = z.string().refine(isValidDate, 'must be a calendar day that exists, written YYYY-MM-DD');
export const urlField = z
  .string()
  .max(2000, 'must be at most 2,000 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
export const nameField = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
export const slugField = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase ASCII kebab-case (a-z, 0-9 and single hyphens)')
  .max(120, 'must be at most 120 characters');
export const titleField = z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters');
export const takeawayField = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2,000 characters');
