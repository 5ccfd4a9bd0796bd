import {
  addCompanyAlias,
  fillCompanyWebsite,
  insertCompanies,
  insertCompany,
} from '../modules/company/company.repository.ts';
import { addPersonAlias, insertPeople, insertPerson } from '../modules/person/person.repository.ts';
import {
  companyIdByKey,
  companySpellings,
  freeSlug,
  nearestBefore,
  nearestCompany,
  nearestPerson,
  personIdByKey,
  personSpellings,
  type Trx,
  takenSlugs,
  uniqueSlug,
} from './import.repository.ts';
import { cleanName, companyKey, personKey, slugify } from './names.ts';
import type { ParsedPost, ParseWarning } from './parsed-post.types.ts';
import { postNames } from './post-names.ts';

// Entity resolution: one person or company is one node across all posts.
// An exact match on the normalized key merges; a near match (a likely typo)
// is reported as a warning and kept separate, never merged silently. A first
// name alone is expanded by the parser (parse/speakers.ts), not here.
//
// What the graph already holds of the post's names is read once, up front
// (`prefetch`): each later lookup of a name the post uses is then answered
// without a statement, and only new entities and spellings are written. The
// people and companies a part of the post names (its hosts, sponsors,
// speakers) that the graph lacks are created together (`ensurePeople`,
// `ensureCompanies`): three statements for any number, in the order named.

/** Trigram similarity above which a new name is reported as a possible duplicate. */
const NEAR_MATCH = 0.55;

/** The owner of a spelling held by an entity other than the one it was added for. */
const SOMEONE_ELSE = 0;

type Kind = 'p' | 'c';

/** A name as a post gives it, with its line. */
export interface Named {
  name: string;
  line: number;
}

export class EntityResolver {
  /** Key → entity, for keys known to exist (`p:KEY`, `c:KEY`). */
  private readonly ids = new Map<string, number>();
  /** Keys known to have no entity yet. */
  private readonly absent = new Set<string>();
  /** Stored spelling (`p:NAME`, `c:NAME`) → the entity that has it, or SOMEONE_ELSE. */
  private readonly owners = new Map<string, number>();
  /** Companies known to have a website. */
  private readonly withWebsite = new Set<number>();
  readonly warnings: ParseWarning[] = [];
  /** People and companies this post created that look like existing ones, for import notes. */
  readonly duplicates: { kind: 'person' | 'company'; id: number; name: string; near: string; line: number }[] = [];
  /** Entities this post created, for the report. */
  readonly created = { people: [] as string[], companies: [] as string[] };

  constructor(private readonly trx: Trx) {}

  /** Reads what the graph holds of every name the post uses: one statement for people, one for companies. */
  async prefetch(post: ParsedPost): Promise<void> {
    const names = postNames(post);
    const personKeys = [...new Set(names.people.map((name) => personKey(cleanName(name))))];
    const companyKeys = [...new Set(names.companies.map((name) => companyKey(cleanName(name))))];
    for (const row of await personSpellings(this.trx, personKeys)) this.remember('p', row);
    for (const row of await companySpellings(this.trx, companyKeys)) {
      this.remember('c', row);
      if (row.hasWebsite) this.withWebsite.add(row.ownerId);
    }
    for (const key of personKeys) if (!this.ids.has(`p:${key}`)) this.absent.add(`p:${key}`);
    for (const key of companyKeys) if (!this.ids.has(`c:${key}`)) this.absent.add(`c:${key}`);
  }

  private remember(kind: Kind, row: { normalized: string; name: string; ownerId: number }): void {
    // The oldest spelling with the key decides, as in personIdByKey.
    if (!this.ids.has(`${kind}:${row.normalized}`)) this.ids.set(`${kind}:${row.normalized}`, row.ownerId);
    this.owners.set(`${kind}:${row.name}`, row.ownerId);
  }

  /** The entity with this key, if any: from what is known, else from the database. */
  private async idByKey(kind: Kind, key: string): Promise<number | null> {
    const known = this.ids.get(`${kind}:${key}`);
    if (known !== undefined) return known;
    if (this.absent.has(`${kind}:${key}`)) return null;
    return kind === 'p' ? personIdByKey(this.trx, key) : companyIdByKey(this.trx, key);
  }

  private resolved(kind: Kind, key: string, id: number): void {
    this.ids.set(`${kind}:${key}`, id);
    this.absent.delete(`${kind}:${key}`);
  }

  /** Stores a spelling of entity `id` unless it is stored; whether the spelling is that entity's. */
  private async spelling(kind: Kind, id: number, name: string, key: string): Promise<boolean> {
    const owner = this.owners.get(`${kind}:${name}`);
    if (owner !== undefined) return owner === id;
    const added =
      kind === 'p' ? await addPersonAlias(this.trx, id, name, key) : await addCompanyAlias(this.trx, id, name, key);
    this.owners.set(`${kind}:${name}`, added ? id : SOMEONE_ELSE);
    return added;
  }

  /** Creates, together, the people named here that the graph lacks (the first spelling of each key). */
  async ensurePeople(named: readonly Named[]): Promise<void> {
    const fresh = await this.missing('p', named, personKey);
    if (fresh.length === 0) return;
    const used = await takenSlugs(
      this.trx,
      'person',
      fresh.map((f) => slugify(f.name)),
    );
    const rows = fresh.map((f) => ({ ...f, slug: freeSlug(slugify(f.name), used) }));
    const ids = await insertPeople(this.trx, rows);
    await this.recordCreated('p', rows, ids);
  }

  /** Creates, together, the companies named here that the graph lacks, with the website of their first mention. */
  async ensureCompanies(named: readonly (Named & { website?: string | null })[]): Promise<void> {
    const fresh = await this.missing('c', named, companyKey);
    if (fresh.length === 0) return;
    const used = await takenSlugs(
      this.trx,
      'company',
      fresh.map((f) => slugify(f.name)),
    );
    const rows = fresh.map((f) => ({ ...f, slug: freeSlug(slugify(f.name), used), website: f.website ?? null }));
    const ids = await insertCompanies(this.trx, rows);
    for (const row of rows) if (row.website) this.withWebsite.add(ids.get(row.name) ?? 0);
    await this.recordCreated('c', rows, ids);
  }

  /** The first mention of each key among `named` that has no entity yet, in order. */
  private async missing<T extends Named>(kind: Kind, named: readonly T[], keyOf: (name: string) => string) {
    const fresh = new Map<string, T & { name: string; key: string }>();
    for (const entry of named) {
      const name = cleanName(entry.name);
      const key = keyOf(name);
      if (fresh.has(key) || (await this.idByKey(kind, key)) !== null) continue;
      fresh.set(key, { ...entry, name, key });
    }
    return [...fresh.values()];
  }

  /** Records entities just created together, and warns of those that look like one that existed before. */
  private async recordCreated(
    kind: Kind,
    rows: readonly { name: string; key: string; line: number }[],
    ids: ReadonlyMap<string, number>,
  ): Promise<void> {
    const made = rows.map((row) => {
      const id = ids.get(row.name);
      if (id === undefined) throw new Error(`"${row.name}" was not created`);
      return { ...row, id };
    });
    const near = await nearestBefore(this.trx, kind === 'p' ? 'person' : 'company', made);
    const noun = kind === 'p' ? 'person' : 'company';
    for (const row of made) {
      const match = near.get(row.id);
      if (match && match.score >= NEAR_MATCH) {
        this.warnings.push({
          line: row.line,
          code: `possible-duplicate-${noun}`,
          message: `"${row.name}" looks like existing ${noun} "${match.name}"; created separately (merge them if they are one)`,
        });
        this.duplicates.push({ kind: noun, id: row.id, name: row.name, near: match.name, line: row.line });
      }
      (kind === 'p' ? this.created.people : this.created.companies).push(row.name);
      this.owners.set(`${kind}:${row.name}`, row.id);
      this.resolved(kind, row.key, row.id);
    }
  }

  /** Whether a company is named `rawName` (after what this post created). */
  async isCompany(rawName: string): Promise<boolean> {
    return (await this.idByKey('c', companyKey(cleanName(rawName)))) !== null;
  }

  async person(rawName: string, line: number): Promise<number> {
    const name = cleanName(rawName);
    const key = personKey(name);
    let id = await this.idByKey('p', key);
    if (id === null) {
      const near = await nearestPerson(this.trx, key);
      if (near && near.score >= NEAR_MATCH) {
        this.warnings.push({
          line,
          code: 'possible-duplicate-person',
          message: `"${name}" looks like existing person "${near.name}"; created separately (merge them if they are one)`,
        });
      }
      // The name becomes the person's first spelling with the row.
      id = await insertPerson(this.trx, name, await uniqueSlug(this.trx, 'person', slugify(name)), key);
      if (near && near.score >= NEAR_MATCH) this.duplicates.push({ kind: 'person', id, name, near: near.name, line });
      this.created.people.push(name);
      this.owners.set(`p:${name}`, id);
    }
    await this.spelling('p', id, name, key);
    this.resolved('p', key, id);
    return id;
  }

  /**
   * The other names the post gives (an honorific form of a person's name, a company's bracketed acronym),
   * stored as aliases of the entity the name resolves to; one another entity already has is reported.
   */
  async aliases(post: ParsedPost): Promise<void> {
    for (const a of post.aliases ?? []) {
      const alias = cleanName(a.alias);
      const id = await this.person(a.name, a.line);
      if (!(await this.spelling('p', id, alias, personKey(alias)))) {
        this.warnings.push({
          line: a.line,
          code: 'alias-taken',
          message: `"${alias}" already names another person; not added as an alias of ${a.name}`,
        });
      }
    }
    for (const a of post.companyAliases ?? []) {
      const alias = cleanName(a.alias);
      const id = await this.company(a.name, a.line);
      if (!(await this.spelling('c', id, alias, companyKey(alias)))) {
        this.warnings.push({
          line: a.line,
          code: 'alias-taken',
          message: `"${alias}" already names another company; not added as an alias of ${a.name}`,
        });
      }
    }
  }

  async company(rawName: string, line: number, website: string | null = null): Promise<number> {
    const name = cleanName(rawName);
    const key = companyKey(name);
    let id = await this.idByKey('c', key);
    if (id === null) {
      const near = await nearestCompany(this.trx, key);
      if (near && near.score >= NEAR_MATCH) {
        this.warnings.push({
          line,
          code: 'possible-duplicate-company',
          message: `"${name}" looks like existing company "${near.name}"; created separately (merge them if they are one)`,
        });
      }
      const slug = await uniqueSlug(this.trx, 'company', slugify(name));
      id = await insertCompany(this.trx, { name, slug, website }, key);
      if (near && near.score >= NEAR_MATCH) this.duplicates.push({ kind: 'company', id, name, near: near.name, line });
      this.created.companies.push(name);
      this.owners.set(`c:${name}`, id);
      if (website) this.withWebsite.add(id);
    }
    await this.spelling('c', id, name, key);
    this.resolved('c', key, id);
    if (website && !this.withWebsite.has(id)) {
      await fillCompanyWebsite(this.trx, id, website);
      // Filled now, or it had one already: either way it has one.
      this.withWebsite.add(id);
    }
    return id;
  }
}
