import type { Kysely } from 'kysely';
import type { RowRange } from '../../db/sql.ts';
import { recordKey, shapedStatement } from '../../db/statement-shapes.ts';
import type { Database } from '../../db/types.ts';
import { type AppearanceRow, appearancesJsonOf } from '../affiliation/affiliation.repository.ts';
import { type Direction, type SpeakerTalkRow, talksPageJsonOf } from '../talk/talk.repository.ts';
import { type PersonNode, personBySlugQuery } from './person.repository.ts';

// A person's page, read by slug in one statement: the person and, when the
// operation asks for them, their appearances (for affiliations and
// employerAt) and one page of their talks, as JSON. Each has the order and
// the fields of its loader's rows, so the answer is the same either way.

/** What the person's statement brings besides the person. */
export interface PersonPageShape {
  appearances: boolean;
  /** The order of the page of talks to bring; null: none. */
  talks: Direction | null;
}

export interface PersonPage extends PersonNode {
  appearances?: AppearanceRow[];
  /** The rows of the talks connection's window (talksPageByPersonIds' rows for it). */
  talks_page?: SpeakerTalkRow[];
}

const personPageStatement = shapedStatement(
  (shape: PersonPageShape) => recordKey({ ...shape }),
  (db, shape, values: { slug: string } & RowRange) => {
    const extras = [];
    if (shape.appearances) extras.push(appearancesJsonOf('person.id').as('appearances'));
    if (shape.talks) extras.push(talksPageJsonOf('person.id', values, shape.talks).as('talks_page'));
    return personBySlugQuery(db, values.slug, extras);
  },
);

/** The person whose slug is `slug`, with what `shape` asks for; `talks` is the rows of the talks page. */
export async function personPageBySlug(
  db: Kysely<Database>,
  slug: string,
  shape: PersonPageShape,
  talks: RowRange = { after: 0, through: 0 },
): Promise<PersonPage | undefined> {
  return (await personPageStatement(db, shape, { slug, ...talks })).rows[0] as PersonPage | undefined;
}
