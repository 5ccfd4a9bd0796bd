// Hosts: "hosted by NAME, ROLE" in the front-matter description (split at
// the first comma: roles hold commas), and "hosted by NAME" in the body.

import { personKey } from '../names.ts';
import type { ParsedHost } from '../parsed-post.types.ts';
import type { Warn } from './front-matter.ts';
import { collapseSpaces, toPlainText } from './inline-text.ts';
import { withoutHonorific } from './people.ts';
import type { SentenceRef } from './sections.ts';
import { NAME, trimTrailingPunctuation } from './vocabulary.ts';

export function parseHosts(description: string | null, line: number): ParsedHost[] {
  const m = /\bhosted by\s+(.+)$/i.exec(description ?? '');
  if (!m?.[1]) return [];
  const rest = trimTrailingPunctuation(m[1]);
  const comma = rest.indexOf(',');
  const names = comma < 0 ? rest.split(/\s+(?:and|&)\s+/) : [rest.slice(0, comma)];
  const role = comma < 0 ? null : rest.slice(comma + 1).trim() || null;
  let company: string | null = null;
  if (role) {
    const at = /\bat\s+(?:the\s+)?(\S.*)$/.exec(role);
    if (at?.[1]) company = at[1].trim();
    else if (role.includes(',')) {
      const last = role.slice(role.lastIndexOf(',') + 1).trim();
      if (/^[\p{Lu}\p{N}]/u.test(last)) company = last;
    }
  }
  return names
    .map((n) => withoutHonorific(collapseSpaces(n).split(' ')).join(' '))
    .filter(Boolean)
    .map((name) => ({
      name,
      role: names.length === 1 ? role : null,
      company: names.length === 1 ? company : null,
      line,
      rule: 'hosts/description-hosted-by',
    }));
}

const BODY_HOST = new RegExp(`\\bhosted by\\s+(${NAME})`, 'u');

/** "hosted by Full Name" in the sentences before the first talk. */
export function readBodyHost(lead: SentenceRef[]): { name: string; line: number } | null {
  for (const s of lead) {
    const matched = BODY_HOST.exec(toPlainText(s.text))?.[1];
    // A name's last word may take a full stop for an initial; at a sentence end it is the sentence's.
    const name = matched === undefined ? undefined : trimTrailingPunctuation(matched);
    if (name?.includes(' ')) return { name, line: s.line };
  }
  return null;
}

/** The body's host against the description's: a conflict is warned about, a missing host is filled in. */
export function reconcileHosts(
  hosts: ParsedHost[],
  bodyHost: { name: string; line: number } | null,
  descriptionLine: number,
  warn: Warn,
): ParsedHost[] {
  if (!bodyHost) return hosts;
  if (!hosts.length) {
    return [{ name: bodyHost.name, role: null, company: null, line: bodyHost.line, rule: 'hosts/body-hosted-by' }];
  }
  if (!hosts.some((h) => personKey(h.name) === personKey(bodyHost.name))) {
    warn(
      descriptionLine,
      'host-conflict',
      `the description names ${hosts[0]?.name} as host but the post says ${bodyHost.name}`,
    );
  }
  return hosts;
}
