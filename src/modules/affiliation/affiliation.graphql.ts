import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { groupByKey, primeLoader, requestLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { SERVED_LIST_BOUNDS } from '../content-bounds.ts';
import { PersonRef } from '../person/person.graphql.ts';
import { type Appearance, appearancesByPersonIds } from './affiliation.repository.ts';
import { type Affiliation, affiliationRuns, employerAt } from './affiliation.ts';

function appearances(context: Context, personId: number): Promise<Appearance[]> {
  return requestLoader<number, Appearance[]>(context, 'person:appearances', async (ids) => {
    const rows = await appearancesByPersonIds(context.db, ids);
    // The companies came with the rows: affiliations and employerAt need no statement of their own.
    primeLoader(
      CompanyRef.getDataloader(context),
      rows.map((row) => row.company),
    );
    return groupByKey(ids, rows, (row) => row.person_id);
  }).load(personId);
}

const AffiliationRef = builder.objectRef<Affiliation>('Affiliation');
AffiliationRef.implement({
  description: 'A run of consecutive appearances (talks, hosting) with the same company.',
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (run) => run.companyId }),
    from: t.field({ type: 'Date', description: 'First appearance of the run.', resolve: (run) => run.from }),
    to: t.field({ type: 'Date', description: 'Last appearance of the run.', resolve: (run) => run.to }),
    talkCount: t.exposeInt('talkCount', { description: 'Talks given in this run.' }),
    appearanceCount: t.exposeInt('appearances', { description: 'Talks and hosting in this run.' }),
  }),
});

builder.objectFields(PersonRef, (t) => ({
  affiliations: t.field({
    type: [AffiliationRef],
    description:
      'Employer history in date order: one entry per run of consecutive appearances (talks and hosting) with the ' +
      'same company, as billed at the time. Billed with A, then B, then A again gives three entries. ' +
      `The latest ${SERVED_LIST_BOUNDS.affiliationsPerPerson} runs.`,
    extensions: maxItems(SERVED_LIST_BOUNDS.affiliationsPerPerson),
    resolve: async (person, _args, context) =>
      affiliationRuns(await appearances(context, person.id)).slice(-SERVED_LIST_BOUNDS.affiliationsPerPerson),
  }),
  employerAt: t.field({
    type: CompanyRef,
    nullable: true,
    description: 'The company of the latest appearance on or before this day that names one; null when there is none.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    resolve: async (person, args, context) => employerAt(await appearances(context, person.id), args.date),
  }),
}));
