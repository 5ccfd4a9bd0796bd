import type { GraphChange, GraphChangeBatch } from '../cache/graph-changes.ts';
import { builder } from '../graphql/builder.ts';
import { maxItems } from '../graphql/list-bounds.ts';
import { TimeGranularity } from '../modules/timeline/timeline.graphql.ts';
import { clientIp } from '../observability/rate-limit.ts';
import { changeStream } from './change-stream.ts';

// Live updates for dashboards, over server-sent events (Yoga's built-in
// SSE, the graphql-sse distinct-connections protocol): each event says what
// changed, so that a dashboard re-fetches only when its view may differ.
// The rules which changes reach which field are the match functions below.

const GraphChangeRef = builder.objectRef<GraphChange>('GraphChange').implement({
  description: 'One entity a write created, changed or removed.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'Its type, e.g. Event, Talk, Sponsorship.' }),
    id: t.exposeID('id', { description: 'Its global ID (a removed one no longer resolves).' }),
    slug: t.exposeString('slug', { nullable: true }),
  }),
});

/** Changes listed per event; a write that changed more says `everything`. */
const MAX_LISTED_CHANGES = 100;

const GraphChangedRef = builder.objectRef<GraphChangeBatch>('GraphChanged').implement({
  description: 'What one committed write (a mutation or an import) changed.',
  fields: (t) => ({
    changes: t.field({
      type: [GraphChangeRef],
      description: `The first ${MAX_LISTED_CHANGES}.`,
      extensions: maxItems(MAX_LISTED_CHANGES),
      resolve: (batch) => batch.changes.slice(0, MAX_LISTED_CHANGES),
    }),
    everything: t.boolean({
      description:
        'True when what changed is not known (notifications were missed) or not all listed: re-fetch everything.',
      resolve: (batch) => batch.all || batch.changes.length > MAX_LISTED_CHANGES,
    }),
  }),
});

/** A meetup's page shows its talks, speakers, companies, sponsors and venue: any change but another meetup's. */
export function touchesEvent(batch: GraphChangeBatch, slug: string): boolean {
  return batch.all || batch.changes.some((change) => change.kind !== 'Event' || change.slug === slug);
}

const TIMELINE_KINDS = new Set(['Sponsorship', 'Event', 'Company']);

/** Sponsor timelines count sponsorships per held meetup per company, whatever the granularity. */
export function touchesSponsorTimelines(batch: GraphChangeBatch): boolean {
  return batch.all || batch.changes.some((change) => TIMELINE_KINDS.has(change.kind));
}

const clientOf = (context: object) => clientIp(context);

builder.subscriptionType({
  fields: (t) => ({
    graphChanged: t.field({
      type: GraphChangedRef,
      description: 'Every committed write.',
      subscribe: (_root, _args, context) => changeStream(context.db, clientOf(context), (batch) => batch),
      resolve: (batch) => batch,
    }),
    eventChanged: t.field({
      type: GraphChangedRef,
      description: 'Writes that may change what the meetup with this slug shows.',
      args: { slug: t.arg.string({ required: true }) },
      subscribe: (_root, args, context) =>
        changeStream(context.db, clientOf(context), (batch) => (touchesEvent(batch, args.slug) ? batch : null)),
      resolve: (batch) => batch,
    }),
    sponsorTimelineChanged: t.field({
      type: GraphChangedRef,
      description: 'Writes that may change sponsor timelines (sponsorships, meetups, companies) at this granularity.',
      args: { granularity: t.arg({ type: TimeGranularity, required: true }) },
      subscribe: (_root, _args, context) =>
        changeStream(context.db, clientOf(context), (batch) => (touchesSponsorTimelines(batch) ? batch : null)),
      resolve: (batch) => batch,
    }),
  }),
});
