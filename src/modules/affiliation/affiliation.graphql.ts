import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { groupByKey, primeLoader, requestLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { SERVED_LIST_BOUNDS } from '../content-bounds.ts';
import { PersonRef } from '../person/person.graphql.ts';
import type { PersonNode } from '../person/person.repository.ts';
import { type Appearance, type AppearanceRow, appearancesByPersonIds } from './affiliation.repository.ts';
import { type Affiliation, affiliationRuns, employerAt } from './affiliation.ts';

/** A person's appearances: built in their own statement (person by slug) or loaded, batched. */
function appearances(context: Context, person: PersonNode): Promise<Appearance[]> | Appearance[] {
  const embedded = (person as PersonNode & { appearances?: AppearanceRow[] }).appearances;
  if (embedded) {
    primeCompanies(context, embedded);
    return embedded;
  }
  return requestLoader<number, Appearance[]>(context, 'person:appearances', async (ids) => {
    const rows = await appearancesByPersonIds(context.db, ids);
    primeCompanies(context, rows);
    return groupByKey(ids, rows, (row) => row.person_id);
  }).load(person.id);
}

/** The companies came with the rows: affiliations and employerAt need no statement of their own. */
function primeCompanies(context: Context, rows: readonly AppearanceRow[]): void {
  primeLoader(
    CompanyRef.getDataloader(context),
    rows.map((row) => row.company),
  );
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
      affiliationRuns(await appearances(context, person)).slice(-SERVED_LIST_BOUNDS.affiliationsPerPerson),
  }),
  employerAt: t.field({
    type: CompanyRef,
    nullable: true,
    description: 'The company of the latest appearance on or before this day that names one; null when there is none.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    resolve: async (person, args, context) => employerAt(await appearances(context, person), args.date),
  }),
}));
