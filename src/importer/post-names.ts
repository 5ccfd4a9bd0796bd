import type { ParsedPost } from './parsed-post.types.ts';

// Every name a parsed post uses for a person or a company, as written: what
// entity resolution looks up for the post in one go (resolve.ts).

export interface PostNames {
  people: string[];
  companies: string[];
}

export function postNames(post: ParsedPost): PostNames {
  const people: string[] = [];
  const companies: string[] = [];
  for (const host of post.hosts) {
    people.push(host.name);
    if (host.company) companies.push(host.company);
  }
  for (const talk of post.talks) {
    for (const speaker of talk.speakers) {
      people.push(speaker.name);
      // A speaker's name is also checked against the companies (a doubtful fact when it is one).
      companies.push(speaker.name);
      if (speaker.company) companies.push(speaker.company);
    }
  }
  for (const sponsor of post.sponsors) companies.push(sponsor.name);
  companies.push(...(post.next?.companies ?? []));
  for (const alias of post.aliases ?? []) people.push(alias.name, alias.alias);
  for (const alias of post.companyAliases ?? []) companies.push(alias.name, alias.alias);
  return { people, companies };
}
