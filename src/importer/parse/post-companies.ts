// Companies the post itself names: in its title and description ("featuring
// Brindle, Quartzline and Kelp Cloud", "speakers from …"). A name that is one
// of them is never a person, and "at ORG" anywhere in a talk sentence gives
// the speaker's company when the post names ORG.
import { companyKey } from '../names.ts';
import { collapseSpaces, toPlainText } from './inline-text.ts';
import { splitTopLevel, withoutAcronym } from './sponsors.ts';
import { COMPANY_SUFFIX, tokensFrom, trimTrailingPunctuation } from './vocabulary.ts';

/** The cue before a list of companies in a title or description. */
const COMPANY_LIST_CUE =
  /\b(?:featuring|feat\.|with|(?:speakers?|talks?|presenters?|folks|friends|guests)\s+(?:from|at))\s+(?:(?:speakers|talks)\s+from\s+)?/giu;

/** One company of a list: capitalised words (with "&", "of", "+" between them), up to six. */
function leadingCompany(piece: string): string | null {
  const words: string[] = [];
  for (const { raw } of tokensFrom(piece, 0, 8)) {
    const core = raw.replace(/[,;:!?)]+$/, '');
    const joiner = ['&', 'of', '+', 'and'].includes(core) && words.length > 0;
    if (!/^[\p{Lu}\p{N}]/u.test(core) && !joiner) break;
    words.push(core);
    if (core !== raw) break;
  }
  while (words.length && ['&', 'of', '+', 'and'].includes(words[words.length - 1] as string)) words.pop();
  const name = trimTrailingPunctuation(words.join(' '));
  return name || null;
}

/**
 * The companies a title or description lists after "featuring", "with" or "speakers from": each item's
 * leading capitalised words, a bracketed acronym left out ("Harbour Analytics Group (HAG)").
 */
export function companiesListedIn(text: string | null): string[] {
  if (!text) return [];
  const plain = collapseSpaces(toPlainText(text));
  const out: string[] = [];
  for (const cue of plain.matchAll(COMPANY_LIST_CUE)) {
    const rest = plain.slice((cue.index ?? 0) + cue[0].length);
    // The list ends at a clause break: a full stop, a dash, "hosted by", or the first lower-case word after an item.
    const list = rest.split(/\s+[-–—|]\s+|[.!?](?:\s|$)|\s+hosted\s+by\s/u)[0] ?? '';
    for (const piece of splitTopLevel(list)) {
      const name = leadingCompany(withoutAcronym(piece.replace(/^(?:and|the)\s+/i, '')));
      const previous = out.length ? out.length - 1 : -1;
      // "UPSIDER, Inc.": a legal-form suffix after a comma belongs to the item before it.
      if (name && previous >= 0 && COMPANY_SUFFIX.test(name)) out[previous] = `${out[previous]}, ${name}`;
      else if (name && !out.some((o) => companyKey(o) === companyKey(name))) out.push(name);
    }
  }
  return out;
}

/** Companies a post names, matched by company key ("Brindle Labs Ltd" is "Brindle Labs"). */
export class PostCompanies {
  private readonly byKey = new Map<string, string>();

  constructor(names: Iterable<string> = []) {
    for (const n of names) this.add(n);
  }

  add(name: string | null): void {
    const key = name ? companyKey(name) : '';
    if (key && !this.byKey.has(key)) this.byKey.set(key, name as string);
  }

  /** The company as the post writes it, when `name` is one of the post's companies. */
  get(name: string): string | null {
    return this.byKey.get(companyKey(name)) ?? null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  names(): string[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }
}

/**
 * "… five years of migrating every service over at Brindle Labs": the first "at ORG" anywhere in the
 * sentence where ORG is a company the post names (its capitalised words, longest first).
 */
export function atPostCompany(sentence: string, companies: PostCompanies): string | null {
  if (!companies.size) return null;
  const plain = toPlainText(sentence);
  for (const m of plain.matchAll(/\b(?:at|@)\s+(?:the\s+)?/giu)) {
    const tokens = tokensFrom(plain, (m.index ?? 0) + m[0].length, 6).map((t) => t.raw);
    for (let n = tokens.length; n > 0; n--) {
      const candidate = trimTrailingPunctuation(
        tokens
          .slice(0, n)
          .join(' ')
          .replace(/[)\]]+$/, ''),
      );
      const known = candidate && /^[\p{Lu}\p{N}]/u.test(candidate) ? companies.get(candidate) : null;
      if (known) return candidate;
    }
  }
  return null;
}

/**
 * A title that opens with a company the post names ("Brindle Sharing Apps: Can We Do Better?", after a
 * speaker billed with no company): the company and the title without it.
 */
export function companyOpeningTitle(
  title: string,
  companies: PostCompanies,
): { company: string; title: string } | null {
  const words = title.split(/\s+/);
  for (let n = Math.min(4, words.length - 2); n > 0; n--) {
    const head = words.slice(0, n).join(' ');
    const rest = words.slice(n).join(' ');
    if (companies.has(head) && /^[\p{Lu}\p{N}"“]/u.test(rest)) return { company: head, title: rest };
  }
  return null;
}
