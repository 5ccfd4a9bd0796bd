import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';
import { scopeConnectionCursors } from './cursor-scope.ts';
// Each module registers its types, queries and mutations on import.
import '../modules/series/series.graphql.ts';
import '../modules/venue/venue.graphql.ts';
import '../modules/company/company.graphql.ts';
import '../modules/person/person.graphql.ts';
import '../modules/event/event.graphql.ts';
import '../modules/talk/talk.graphql.ts';
import '../modules/sponsorship/sponsorship.graphql.ts';
import '../modules/search/search.graphql.ts';
import '../modules/affiliation/affiliation.graphql.ts';
import '../modules/timeline/timeline.graphql.ts';
import '../modules/stats/stats.graphql.ts';
import './error-types.ts';
import '../modules/event/event.mutations.ts';
import '../modules/talk/talk.mutations.ts';
import '../modules/person/person.mutations.ts';
import '../modules/company/company.mutations.ts';
import '../modules/venue/venue.mutations.ts';
import '../modules/sponsorship/sponsorship.mutations.ts';
import '../modules/curation/import.mutations.ts';
import '../modules/curation/audit.graphql.ts';
import '../modules/corrections/corrections.graphql.ts';
import '../modules/corrections/corrections.mutations.ts';
import '../live/live.graphql.ts';

/** Sorted, so the printed SDL does not depend on import order; cursors name their connection. */
export const schema = scopeConnectionCursors(lexicographicSortSchema(builder.toSchema()));
