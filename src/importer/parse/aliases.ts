// Other names the post gives the people and companies it names: an honorific
// form of a person's name ("Dr Ada Quill": the name is stored without it and
// the longer form kept as an alias), and a company's bracketed acronym
// ("Harbour Analytics Group (HAG)": the acronym is an alias of that company).
import { companyKey, personKey } from '../names.ts';
import type { ParsedAlias } from '../parsed-post.types.ts';
import { collapseSpaces, toPlainText } from './inline-text.ts';
import type { Block } from './markdown.ts';
import { HONORIFIC_WORD } from './people.ts';

export interface TextAt {
  text: string;
  line: number;
}

/** Every piece of prose in the blocks, as plain text with its line: paragraphs, headings, list items, table cells. */
export function blockTexts(blocks: Block[]): TextAt[] {
  const out: TextAt[] = [];
  const items = (list: { lines: TextAt[]; children: unknown[] }[]): void => {
    for (const item of list) {
      out.push(...item.lines);
      items(item.children as { lines: TextAt[]; children: unknown[] }[]);
    }
  };
  for (const b of blocks) {
    if (b.kind === 'paragraph' || b.kind === 'heading') out.push({ text: b.text, line: b.line });
    else if (b.kind === 'list') items(b.items);
    else if (b.kind === 'table') {
      for (const row of [b.header, ...b.rows]) out.push({ text: row.cells.join(' | '), line: row.line });
    }
  }
  return out.map((t) => ({ text: collapseSpaces(toPlainText(t.text)), line: t.line }));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "Dr Ada Quill", "Prof. Ben Ode": each person's name written with an honorific, as an alias of the name. */
export function honorificAliases(names: string[], texts: TextAt[]): ParsedAlias[] {
  const out: ParsedAlias[] = [];
  const seen = new Set<string>();
  const honorific = new RegExp(`(?<![\\p{L}])${HONORIFIC_WORD}(?![\\p{L}])`, 'iu');
  const candidates = texts.filter((t) => honorific.test(t.text));
  for (const name of candidates.length ? new Set(names) : []) {
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])(${HONORIFIC_WORD}\\.?)\\s+${escapeRegExp(name)}(?![\\p{L}\\p{N}])`,
      'iu',
    );
    for (const t of candidates) {
      const m = re.exec(t.text);
      if (!m?.[1]) continue;
      const alias = `${m[1]} ${name}`;
      if (seen.has(personKey(alias))) continue;
      seen.add(personKey(alias));
      out.push({ name, alias, line: t.line, rule: 'aliases/honorific' });
      break;
    }
  }
  return out;
}

/** "Harbour Analytics Group (HAG)": a company's name followed by a bracketed acronym gives the acronym as an alias. */
export function acronymAliases(companies: string[], texts: TextAt[]): ParsedAlias[] {
  const out: ParsedAlias[] = [];
  const seen = new Set<string>();
  const candidates = texts.filter((t) => /\(\p{Lu}[\p{Lu}\p{N}&.-]{1,9}\)/u.test(t.text));
  for (const name of candidates.length ? new Set(companies) : []) {
    if (seen.has(companyKey(name))) continue;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}\\s*\\((\\p{Lu}[\\p{Lu}\\p{N}&.-]{1,9})\\)`, 'u');
    for (const t of candidates) {
      const m = re.exec(t.text);
      if (!m?.[1] || companyKey(m[1]) === companyKey(name)) continue;
      seen.add(companyKey(name));
      out.push({ name, alias: m[1], line: t.line, rule: 'aliases/bracketed-acronym' });
      break;
    }
  }
  return out;
}
