import type { ParsedPost, ParsedTalk } from '../parsed-post.types.ts';
import { firstMentions, type SyncContext } from './context.ts';

// The people and companies a post names, created together before its parts
// are synced: one ensurePeople and one ensureCompanies for the whole post
// (hosts, sponsors, the kept talks' speakers, the companies announced for
// the next meetup), in the order the parts name them, so each part then
// resolves its names without a statement. A company is created with the
// website of its first mention; a later mention's website fills it when the
// part syncs (EntityResolver.company), as it would a company that existed.

/** The next meetup the post announces companies for, if it is after the post's own. */
export function announcedNext(post: ParsedPost): (NonNullable<ParsedPost['next']> & { date: string }) | null {
  const next = post.next;
  if (!next?.date || next.date <= post.date || next.companies.length === 0) return null;
  return { ...next, date: next.date };
}

/** Creates the people and companies `ctx.post` names that the graph lacks; `talks` are the talks it writes. */
export async function ensurePostEntities(ctx: SyncContext, talks: readonly ParsedTalk[]): Promise<void> {
  const { post, resolver } = ctx;
  const speakers = talks.map((talk) => talk.speakers.map((speaker) => ({ ...speaker, line: talk.line })));
  await resolver.ensurePeople([...post.hosts, ...speakers.flat()]);
  const companies: { name: string; line: number; website?: string | null }[] = await firstMentions(ctx, post.hosts);
  companies.push(...post.sponsors.map((s) => ({ name: s.name, line: s.line, website: s.url })));
  for (const list of speakers) companies.push(...(await firstMentions(ctx, list)));
  const next = announcedNext(post);
  if (next) companies.push(...next.companies.map((name) => ({ name, line: next.line })));
  await resolver.ensureCompanies(companies);
}
