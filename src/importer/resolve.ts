import { addCompanyAlias, fillCompanyWebsite, insertCompany } from '../modules/company/company.repository.ts';
import { addPersonAlias, insertPerson } from '../modules/person/person.repository.ts';
import {
  companyIdByKey,
  nearestCompany,
  nearestPerson,
  personIdByKey,
  type Trx,
  uniqueSlug,
} from './import.repository.ts';
import { cleanName, companyKey, personKey, slugify } from './names.ts';
import type { ParsedPost, ParseWarning } from './parsed-post.types.ts';

// Entity resolution: one person or company is one node across all posts.
// An exact match on the normalized key merges; a near match (a likely typo)
// is reported as a warning and kept separate, never merged silently. A first
// name alone is expanded by the parser (parse/speakers.ts), not here.

/** Trigram similarity above which a new name is reported as a possible duplicate. */
const NEAR_MATCH = 0.55;

export class EntityResolver {
  private readonly people = new Map<string, number>();
  private readonly companies = new Map<string, number>();
  private readonly spellings = new Set<string>();
  readonly warnings: ParseWarning[] = [];
  /** People and companies this post created that look like existing ones, for import notes. */
  readonly duplicates: { kind: 'person' | 'company'; id: number; name: string; near: string; line: number }[] = [];
  /** Entities this post created, for the report. */
  readonly created = { people: [] as string[], companies: [] as string[] };

  constructor(private readonly trx: Trx) {}

  async person(rawName: string, line: number): Promise<number> {
    const name = cleanName(rawName);
    const key = personKey(name);
    let id = this.people.get(key) ?? (await personIdByKey(this.trx, key));
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
      this.spellings.add(`p:${name}`);
    }
    if (!this.spellings.has(`p:${name}`)) await addPersonAlias(this.trx, id, name, key);
    this.spellings.add(`p:${name}`);
    this.people.set(key, id);
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
      if (!(await addPersonAlias(this.trx, id, alias, personKey(alias)))) {
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
      if (!(await addCompanyAlias(this.trx, id, alias, companyKey(alias)))) {
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
    let id = this.companies.get(key) ?? (await companyIdByKey(this.trx, key));
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
      this.spellings.add(`c:${name}`);
    }
    if (!this.spellings.has(`c:${name}`)) await addCompanyAlias(this.trx, id, name, key);
    this.spellings.add(`c:${name}`);
    this.companies.set(key, id);
    if (website) await fillCompanyWebsite(this.trx, id, website);
    return id;
  }
}
