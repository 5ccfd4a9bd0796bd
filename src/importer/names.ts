// Name handling shared by the importer and the write API: how a name is
// stored (NFC, single spaces), how it is matched (a normalized key), and how
// it becomes a slug.

/** The form a name is stored in: NFC, inner whitespace collapsed, trimmed. */
export function cleanName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase();
}

/** Matching key for a person: case, accents, spacing and punctuation ignored. */
export function personKey(name: string): string {
  return fold(name).replace(/[^\p{L}\p{N}]/gu, '');
}

// Legal-form and domain suffixes that do not distinguish one company from
// another: "UPSIDER, Inc." is UPSIDER, "Chronosphere.io" is Chronosphere.
const COMPANY_SUFFIXES =
  /(?:[\s,]+(?:ltd|limited|inc|incorporated|gmbh|llc|plc|corp|corporation|ag|sa|bv|s\.?a\.?r\.?l|pty)\.?|\.(?:io|com|co\.uk|ai|dev|net|org|cloud))\s*$/i;

/** Matching key for a company: as personKey, plus common suffixes and a leading "the" dropped. */
export function companyKey(name: string): string {
  let text = cleanName(name).replace(/^the\s+/i, '');
  for (let i = 0; i < 3; i += 1) {
    const stripped = text.replace(COMPANY_SUFFIXES, '').trim();
    if (stripped === text || stripped === '') break;
    text = stripped;
  }
  return personKey(text);
}

/**
 * Lowercase ASCII kebab-case: what clients put in URLs (`Condé Nast` →
 * `conde-nast`). Never empty.
 */
export function slugify(name: string): string {
  const slug = fold(name)
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'unnamed';
}
