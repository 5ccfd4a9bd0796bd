import { builder } from '../../graphql/builder.ts';
import { nestedConnection, resolveConnection } from '../../graphql/connections.ts';
import { badUserInput } from '../../graphql/errors.ts';
import { globalId, idOf } from '../../graphql/write.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { EventRef } from '../event/event.graphql.ts';
import { PersonRef } from '../person/person.graphql.ts';
import { SponsorshipRef } from '../sponsorship/sponsorship.graphql.ts';
import { TalkRef } from '../talk/talk.graphql.ts';
import { VenueRef } from '../venue/venue.graphql.ts';
import {
  type AuditFilter,
  type AuditRow,
  changeCountsByEntityIds,
  changesPageByEntityIds,
  countChanges,
  listChanges,
} from './audit.repository.ts';

// The audit trail: who changed what, before and after, and when. Reading
// it needs an admin token.

const ChangeRef = builder.objectRef<AuditRow>('Change').implement({
  description: 'One successful write.',
  fields: (t) => ({
    id: t.exposeID('id'),
    tokenName: t.exposeString('token_name', { description: 'The name of the API token that made it.' }),
    mutation: t.exposeString('mutation'),
    entityType: t.exposeString('entity_type'),
    entityId: t.id({
      description: 'Global ID of the entity changed.',
      resolve: (row) => globalId(row.entity_type, row.entity_id),
    }),
    before: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The entity before; null when created.',
      resolve: (row) => row.before,
    }),
    after: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The entity after; null when deleted.',
      resolve: (row) => row.after,
    }),
    createdAt: t.string({ description: 'ISO 8601.', resolve: (row) => new Date(row.created_at).toISOString() }),
  }),
});

function parseSince(since: string | null | undefined): string | null {
  if (!since) return null;
  if (Number.isNaN(Date.parse(since))) {
    throw badUserInput(`Argument "since" must be an ISO 8601 date or date-time, got ${JSON.stringify(since)}`, 'since');
  }
  return new Date(since).toISOString();
}

function entityFilter(entity: string | null | undefined): Pick<AuditFilter, 'entityType' | 'entityId'> {
  if (!entity) return {};
  for (const type of ['Event', 'Talk', 'Person', 'Company', 'Venue', 'Sponsorship']) {
    try {
      return { entityType: type, entityId: idOf(entity, type, ['entity']) };
    } catch {
      // try the next type
    }
  }
  throw badUserInput(
    `Argument "entity" is not the ID of an entity with an audit trail: ${JSON.stringify(entity)}`,
    'entity',
  );
}

builder.queryField('changes', (t) =>
  t.connection({
    type: ChangeRef,
    description: 'The audit trail, newest first (admin token).',
    authScopes: { admin: true },
    args: {
      since: t.arg.string({ description: 'Only changes at or after this ISO 8601 date or date-time.' }),
      entity: t.arg.id({ description: 'Only changes of this entity.' }),
    },
    resolve: (_root, args, context) => {
      const filter: AuditFilter = { since: parseSince(args.since), ...entityFilter(args.entity) };
      return resolveConnection(
        args,
        (offset, limit) => listChanges(context.db, filter, offset, limit),
        () => countChanges(context.db, filter),
      );
    },
  }),
);

// Each audited entity exposes its own changes, batched across a page of entities.
const EntityChangesConnection = builder.connectionObject({ type: ChangeRef, name: 'EntityChangesConnection' });

for (const [ref, type] of [
  [EventRef, 'Event'],
  [TalkRef, 'Talk'],
  [PersonRef, 'Person'],
  [CompanyRef, 'Company'],
  [VenueRef, 'Venue'],
  [SponsorshipRef, 'Sponsorship'],
] as const) {
  builder.objectField(ref as typeof EventRef, 'changes', (t) =>
    t.loadable({
      type: EntityChangesConnection,
      description: "This entity's audit trail, newest first (admin token).",
      authScopes: { admin: true },
      byPath: true,
      args: t.arg.connectionArgs(),
      load: nestedConnection((context) => ({
        name: `changes:${type}`,
        counts: (entityIds) => changeCountsByEntityIds(context.db, type, entityIds),
        fetch: (windows) => changesPageByEntityIds(context.db, type, windows),
        ownerOf: (row) => row.entity_id,
      })),
      resolve: (entity) => entity.id,
    }),
  );
}
