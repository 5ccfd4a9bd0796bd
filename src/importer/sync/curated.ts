import { anyId } from '../../db/sql.ts';
import type { CuratedEntityType } from '../../modules/corrections/corrections.tables.ts';
import {
  type CuratedFact,
  curatedFactsByEventIds,
  setPostValue,
} from '../../modules/corrections/curated-fact.repository.ts';
import type { Trx } from '../import.repository.ts';

// The curated facts of the meetup being imported: the sync keeps each one
// and reports where the post now says something else (a clash).

export interface Clash {
  entityType: CuratedEntityType;
  entityId: number;
  fact: string;
  /** What the fact is, e.g. `talk 2 title`. */
  subject: string;
  curated: string;
  post: string;
  /** e.g. `talk 2 title: kept curated 'X'; post says 'Y'`. */
  message: string;
}

/** JSON with object keys sorted: jsonb reorders keys, so values compare by this. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface Named {
  personId?: number;
  companyId?: number | null;
  role?: string | null;
}

/** A fact's value as a curator reads it: names rather than ids. */
async function describe(trx: Trx, fact: string, value: unknown): Promise<string> {
  if (value === null || value === undefined) return 'nothing';
  if (fact === 'speakers' || fact === 'hosts') {
    const list = value as Named[];
    const people = new Map(
      (
        await trx
          .selectFrom('person')
          .select(['id', 'name'])
          .where('id', '=', anyId(list.flatMap((s) => (s.personId ? [s.personId] : []))))
          .execute()
      ).map((p) => [p.id, p.name]),
    );
    const companies = new Map(
      (
        await trx
          .selectFrom('company')
          .select(['id', 'name'])
          .where('id', '=', anyId(list.flatMap((s) => (s.companyId ? [s.companyId] : []))))
          .execute()
      ).map((c) => [c.id, c.name]),
    );
    if (list.length === 0) return 'nobody';
    return list
      .map((s) => {
        const company = s.companyId ? companies.get(s.companyId) : null;
        const name = `'${people.get(s.personId ?? 0) ?? '?'}'`;
        return company ? `${name} (${company})` : name;
      })
      .join(', ');
  }
  if (fact === 'venue' && typeof value === 'number') {
    const venue = await trx.selectFrom('venue').select('name').where('id', '=', value).executeTakeFirst();
    return venue ? `'${venue.name}'` : String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => `'${String(v)}'`).join(' / ');
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

export class CuratedFacts {
  readonly clashes: Clash[] = [];

  private constructor(
    private readonly trx: Trx,
    private readonly rows: CuratedFact[],
  ) {}

  static async load(trx: Trx, eventId: number): Promise<CuratedFacts> {
    return new CuratedFacts(trx, await curatedFactsByEventIds(trx, [eventId]));
  }

  /** A meetup nobody has curated yet (one this import creates). */
  static none(trx: Trx): CuratedFacts {
    return new CuratedFacts(trx, []);
  }

  get(entityType: CuratedEntityType, entityId: number, fact: string): CuratedFact | undefined {
    return this.rows.find((row) => row.entity_type === entityType && row.entity_id === entityId && row.fact === fact);
  }

  /** Every curated fact of one kind of entity with this fact name (e.g. the sponsorship tombstones). */
  all(entityType: CuratedEntityType, fact: string): CuratedFact[] {
    return this.rows.filter((row) => row.entity_type === entityType && row.fact === fact);
  }

  factsOf(entityType: CuratedEntityType, entityId: number): CuratedFact[] {
    return this.rows.filter((row) => row.entity_type === entityType && row.entity_id === entityId);
  }

  /**
   * The post says `postValue` of a curated fact: recorded as the fact's post
   * value (what dropCuratedFact can restore), and a clash when it differs
   * from the curated value.
   */
  async observe(row: CuratedFact, postValue: unknown, subject: string): Promise<void> {
    if (!row.post_known || canonical(row.post_value) !== canonical(postValue)) {
      await setPostValue(this.trx, row.id, postValue);
      row.post_value = postValue;
      row.post_known = true;
    }
    if (canonical(row.value) === canonical(postValue)) return;
    const curated = await describe(this.trx, row.fact, row.value);
    const post = await describe(this.trx, row.fact, postValue);
    this.clash(row, subject, curated, post, `${subject}: kept curated ${curated}; post says ${post}`);
  }

  /** A clash worded by the caller (a tombstone the post contradicts, a curated row the post lacks). */
  clash(row: CuratedFact, subject: string, curated: string, post: string, message: string): void {
    this.clashes.push({
      entityType: row.entity_type,
      entityId: row.entity_id,
      fact: row.fact,
      subject,
      curated,
      post,
      message,
    });
  }
}
