import { companyKey, personKey, slugify } from '../src/importer/names.ts';
import { Random, WeightedPool } from './prng.ts';
import {
  COMPANY_HEADS,
  COMPANY_KINDS,
  COMPANY_MIDDLES,
  FIRST_NAMES,
  GLUE,
  GUEST_ROLES,
  HOST_ROLES,
  LEGAL_FORMS,
  MONTH_NAMES,
  STREETS,
  SURNAME_HEADS,
  SURNAME_TAILS,
  TITLE_PATTERNS,
  VENUE_KINDS,
  VERBS,
  WORDS,
} from './vocabulary.ts';

// A deterministic synthetic meetup history. Scale 1 has the size of the real
// one (~100 meetups, ~270 talks, ~250 people, ~150 companies, ~300
// sponsorships); scale 10 and 100 multiply it with more series over more
// years. The skew follows real communities: speakers return with a
// probability that grows with the talks they already gave (preferential
// attachment, so a few give many talks), people change employer over the
// years and are billed with the employer of the day, a few anchor sponsors
// pay for most evenings, and takeaways are sentences of realistic length
// drawn from a fixed vocabulary with Zipf-distributed word frequencies (so
// some search terms match thousands of talks and some a handful).
//
// Output rows reference each other by index; the writer maps indices to ids.

export const DEFAULT_SEED = 20171108;

export interface GenSeries {
  slug: string;
  name: string;
}
export interface GenVenue {
  slug: string;
  name: string;
  address: string;
}
export interface GenCompany {
  slug: string;
  name: string;
  website: string | null;
  /** Every spelling, the canonical name first. */
  aliases: string[];
}
export interface GenPerson {
  slug: string;
  name: string;
  aliases: string[];
}
export interface GenEvent {
  slug: string;
  series: number;
  date: string;
  title: string;
  description: string | null;
  status: 'HELD' | 'ANNOUNCED';
  format: 'IN_PERSON' | 'VIRTUAL' | 'HYBRID' | null;
  venue: number | null;
  attendeeCount: number | null;
  videoUrl: string | null;
  rsvpUrl: string | null;
}
export interface GenTalk {
  event: number;
  position: number;
  title: string;
  videoUrl: string | null;
  videoStart: number | null;
  videoEnd: number | null;
  slidesUrl: string | null;
  speakers: { person: number; company: number | null }[];
  takeaways: string[];
}
export interface GenSponsorship {
  event: number;
  company: number;
  position: number;
}
export interface GenHost {
  event: number;
  person: number;
  role: string;
  company: number | null;
  position: number;
}
export interface GenAnnouncement {
  event: number;
  company: number;
  byEvent: number;
  position: number;
}

export interface Dataset {
  scale: number;
  seed: number;
  series: GenSeries[];
  venues: GenVenue[];
  companies: GenCompany[];
  people: GenPerson[];
  events: GenEvent[];
  talks: GenTalk[];
  sponsorships: GenSponsorship[];
  hosts: GenHost[];
  announcements: GenAnnouncement[];
}

export interface DatasetCounts {
  series: number;
  events: number;
  talks: number;
  people: number;
  companies: number;
  sponsorships: number;
  takeaways: number;
  speakers: number;
  hosts: number;
  announcements: number;
  venues: number;
}

export function countsOf(data: Dataset): DatasetCounts {
  return {
    series: data.series.length,
    events: data.events.length,
    talks: data.talks.length,
    people: data.people.length,
    companies: data.companies.length,
    sponsorships: data.sponsorships.length,
    takeaways: data.talks.reduce((n, t) => n + t.takeaways.length, 0),
    speakers: data.talks.reduce((n, t) => n + t.speakers.length, 0),
    hosts: data.hosts.length,
    announcements: data.announcements.length,
    venues: data.venues.length,
  };
}

const LAST_HELD_MONTH = 2026 * 12 + 2; // March 2026, months counted from year 0
const PLACES = [
  'Northbridge',
  'Eastholm',
  'Riverside',
  'Westmarch',
  'Southport',
  'Highgate',
  'Lowfield',
  'Ambervale',
  'Greyhaven',
  'Stonebury',
  'Marshton',
  'Oakridge',
];
const SERIES_KINDS = ['Cloud Native', 'Platform Engineering', 'Kubernetes', 'DevOps', 'Observability', 'SRE'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

class TextMaker {
  constructor(private readonly random: Random) {}

  word(): string {
    // Zipf over the vocabulary: "kubernetes" is everywhere, "bulkhead" rare.
    return WORDS[this.random.zipf(WORDS.length, 0.9)] as string;
  }

  sentence(minWords: number, maxWords: number): string {
    const length = this.random.int(minWords, maxWords);
    const words: string[] = [];
    while (words.length < length) {
      if (words.length > 0 && this.random.chance(0.3)) words.push(this.random.pick(GLUE));
      words.push(this.random.chance(0.08) ? this.random.pick(VERBS) : this.word());
    }
    if (this.random.chance(0.15)) words.splice(this.random.int(1, words.length - 1), 0, `${this.random.int(2, 99)}%`);
    return `${capitalize(words.join(' '))}.`;
  }

  title(): string {
    const pattern = this.random.pick(TITLE_PATTERNS);
    return pattern.replace(/\{(noun|Noun|verb|Verb|glue)\}/g, (_, slot: string) => {
      if (slot === 'glue') return this.random.pick(GLUE);
      const word = slot.toLowerCase() === 'verb' ? this.random.pick(VERBS) : this.word();
      return slot[0] === slot[0]?.toUpperCase() ? capitalize(word) : word;
    });
  }
}

interface PersonState {
  company: number | null;
  /** Day number since which the person is with `company`. */
  since: number;
  lastDate: string;
}

export function generateDataset(scale: number, seed = DEFAULT_SEED): Dataset {
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  const random = new Random(seed ^ Math.round(scale * 1000));
  const text = new TextMaker(random);

  const meetups = Math.max(3, Math.round(100 * scale));
  const years = 9 + 8 * Math.log10(Math.max(1, scale));
  const seriesCount = Math.max(1, Math.round(meetups / (12 * years * 0.92)));

  const data: Dataset = {
    scale,
    seed,
    series: [],
    venues: [],
    companies: [],
    people: [],
    events: [],
    talks: [],
    sponsorships: [],
    hosts: [],
    announcements: [],
  };

  // Names are unique by their matching key, as entity resolution would make them.
  const personKeys = new Set<string>();
  const companyKeys = new Set<string>();
  const slugs = { person: new Set<string>(), company: new Set<string>(), venue: new Set<string>() };
  const aliasNames = { person: new Set<string>(), company: new Set<string>() };
  const uniqueSlug = (kind: keyof typeof slugs, name: string) => {
    const base = slugify(name);
    let slug = base;
    for (let n = 2; slugs[kind].has(slug); n += 1) slug = `${base}-${n}`;
    slugs[kind].add(slug);
    return slug;
  };

  const companyPool = new WeightedPool();
  const newCompany = (): number => {
    for (;;) {
      const base = `${random.pick(COMPANY_HEADS)}${random.pick(COMPANY_MIDDLES)}${random.chance(0.5) ? random.pick(COMPANY_MIDDLES) : ''}`;
      const name = `${base}${random.pick(COMPANY_KINDS)}`.trim();
      const key = companyKey(name);
      if (companyKeys.has(key) || aliasNames.company.has(name)) continue;
      companyKeys.add(key);
      const aliases = [name];
      aliasNames.company.add(name);
      if (random.chance(0.2)) {
        const variant = `${name}${random.pick(LEGAL_FORMS)}`;
        if (companyKey(variant) === key && !aliasNames.company.has(variant)) {
          aliases.push(variant);
          aliasNames.company.add(variant);
        }
      }
      const slug = uniqueSlug('company', name);
      data.companies.push({
        slug,
        name,
        website: random.chance(0.75) ? `https://${slug}.example` : null,
        aliases,
      });
      companyPool.add(1);
      return data.companies.length - 1;
    }
  };
  const someCompany = (pExisting: number): number =>
    companyPool.size > 0 && random.chance(pExisting) ? companyPool.draw(random) : newCompany();

  const people: PersonState[] = [];
  const speakerPool = new WeightedPool();
  const newPerson = (date: string): number => {
    for (;;) {
      const surname = `${random.pick(SURNAME_HEADS)}${random.pick(SURNAME_TAILS)}`;
      const name = `${random.pick(FIRST_NAMES)} ${random.chance(0.04) ? `${random.pick(SURNAME_HEADS)}-` : ''}${surname}`;
      const key = personKey(name);
      if (personKeys.has(key) || aliasNames.person.has(name)) continue;
      personKeys.add(key);
      const aliases = [name];
      aliasNames.person.add(name);
      const folded = name.normalize('NFKD').replace(/\p{M}/gu, '');
      const variant =
        folded !== name
          ? folded
          : random.chance(0.08)
            ? name.replace(' ', ` ${String.fromCharCode(65 + random.int(0, 25))}. `)
            : null;
      if (variant && !aliasNames.person.has(variant)) {
        aliases.push(variant);
        aliasNames.person.add(variant);
      }
      data.people.push({ slug: uniqueSlug('person', name), name, aliases });
      const company = random.chance(0.85) ? someCompany(0.78) : null;
      if (company !== null) companyPool.increase(company, 1);
      people.push({ company, since: dayNumber(date) - random.int(0, 2000), lastDate: '' });
      speakerPool.add(0);
      return data.people.length - 1;
    }
  };

  // Anchor sponsors: a few companies that pay for most evenings everywhere.
  const anchors = [
    { company: newCompany(), p: 0.55 },
    { company: newCompany(), p: 0.35 },
    { company: newCompany(), p: 0.22 },
  ];
  for (const anchor of anchors) companyPool.increase(anchor.company, 20);

  // Series, their months and organisers.
  interface SeriesPlan {
    index: number;
    months: number[];
    venues: number[];
    organisers: number[];
    localSponsor: number;
    /** The community's regulars: a few people who speak again and again. */
    regulars: number[];
  }
  const plans: SeriesPlan[] = [];
  const shares = Array.from({ length: seriesCount }, () => 0.8 + 0.4 * random.next());
  const shareSum = shares.reduce((a, b) => a + b, 0);
  let assigned = 0;
  for (let s = 0; s < seriesCount; s += 1) {
    const kind = SERIES_KINDS[s % SERIES_KINDS.length] as string;
    const place = PLACES[Math.floor(s / SERIES_KINDS.length) % PLACES.length] as string;
    const round = Math.floor(s / (SERIES_KINDS.length * PLACES.length));
    const name = `${kind} ${place}${round > 0 ? ` ${round + 1}` : ''}`;
    data.series.push({ slug: slugify(name), name });
    const count =
      s === seriesCount - 1 ? meetups - assigned : Math.max(2, Math.round((meetups * (shares[s] ?? 1)) / shareSum));
    assigned += count;
    // Monthly, walking back from March 2026; a summer break or a missed month now and then.
    const months: number[] = [];
    for (let m = LAST_HELD_MONTH; months.length < count - 1; m -= 1) {
      const skip = m % 12 === 7 ? 0.6 : 0.03;
      if (!random.chance(skip)) months.unshift(m);
    }
    months.push(LAST_HELD_MONTH + 1); // the announced next meetup
    const venues = Array.from({ length: random.int(3, 6) }, () => {
      const venueName = `${random.pick(STREETS)} ${random.pick(VENUE_KINDS)} ${place}`;
      const slug = slugify(venueName);
      if (slugs.venue.has(slug)) return data.venues.findIndex((v) => v.slug === slug);
      slugs.venue.add(slug);
      data.venues.push({ slug, name: venueName, address: `${random.int(1, 240)} ${random.pick(STREETS)} Street` });
      return data.venues.length - 1;
    });
    const firstDate = `${Math.floor((months[0] ?? 0) / 12)}-${pad(((months[0] ?? 0) % 12) + 1)}-01`;
    const organisers = Array.from({ length: random.int(2, 3) }, () => newPerson(firstDate));
    const regulars = Array.from({ length: 3 }, () => newPerson(firstDate));
    plans.push({ index: s, months, venues, organisers, localSponsor: newCompany(), regulars });
  }

  // Every meetup of every series, in date order (ties by series).
  interface Slot {
    series: number;
    month: number;
    order: number;
    announced: boolean;
  }
  const slots: Slot[] = plans.flatMap((plan) =>
    plan.months.map((month, order) => ({
      series: plan.index,
      month,
      order,
      announced: order === plan.months.length - 1,
    })),
  );
  const seriesDays = plans.map(() => random.int(3, 24));
  const dateOf = (slot: Slot) => {
    const year = Math.floor(slot.month / 12);
    const month1 = (slot.month % 12) + 1;
    const day = Math.min(daysInMonth(year, month1), (seriesDays[slot.series] ?? 10) + random.int(0, 3));
    return `${year}-${pad(month1)}-${pad(day)}`;
  };
  const dated = slots.map((slot) => ({ slot, date: dateOf(slot) }));
  dated.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.slot.series - b.slot.series));

  const lastEventOfSeries = new Map<number, number>();
  const talksGiven = new Map<number, number>();
  let talkNumber = 0;
  for (const { slot, date } of dated) {
    const plan = plans[slot.series] as SeriesPlan;
    const series = data.series[slot.series] as GenSeries;
    const eventIndex = data.events.length;
    const year = Number(date.slice(0, 4));
    const monthName = MONTH_NAMES[Number(date.slice(5, 7)) - 1] as string;
    const slug = `${series.slug}-${date}`;
    const today = dayNumber(date);
    let eventSponsors: number[] = [];

    if (slot.announced) {
      data.events.push({
        slug,
        series: slot.series,
        date,
        title: `${series.name} ${monthName} ${year}`,
        description: null,
        status: 'ANNOUNCED',
        format: null,
        venue: null,
        attendeeCount: null,
        videoUrl: null,
        rsvpUrl: `https://rsvp.example/${slug}`,
      });
    } else {
      // Sponsors: the anchors, the series' own, and one to three others.
      const sponsors: number[] = [];
      for (const anchor of anchors) if (random.chance(anchor.p)) sponsors.push(anchor.company);
      if (random.chance(0.45)) sponsors.push(plan.localSponsor);
      const extra = random.weightedIndex([0.08, 0.27, 0.37, 0.28]);
      for (let i = 0; i < extra; i += 1) {
        const company = someCompany(0.62);
        if (!sponsors.includes(company)) sponsors.push(company);
      }
      for (const company of sponsors) companyPool.increase(company, 1);
      eventSponsors = sponsors;

      const virtual = date >= '2020-04-01' && date <= '2021-09-30';
      const format = virtual ? 'VIRTUAL' : date >= '2021-10-01' && random.chance(0.3) ? 'HYBRID' : 'IN_PERSON';
      const hasVideo = year >= 2019 && random.chance(0.8);
      const sponsorNames = sponsors.slice(0, 3).map((c) => data.companies[c]?.name ?? '');
      const titleTail =
        sponsorNames.length > 1
          ? `${sponsorNames.slice(0, -1).join(', ')} and ${sponsorNames.at(-1)}`
          : (sponsorNames[0] ?? 'community night');
      data.events.push({
        slug,
        series: slot.series,
        date,
        title: `${series.name} ${monthName} ${year}: ${titleTail}`,
        description: random.chance(0.6) ? `${text.sentence(10, 22)} ${text.sentence(6, 16)}` : null,
        status: 'HELD',
        format,
        venue: virtual ? null : random.pick(plan.venues),
        attendeeCount: random.chance(0.7) ? random.int(25, 260) : null,
        videoUrl: hasVideo ? `https://video.example/${slug}` : null,
        rsvpUrl: random.chance(0.5) ? `https://rsvp.example/${slug}` : null,
      });
      sponsors.forEach((company, i) => {
        data.sponsorships.push({ event: eventIndex, company, position: i + 1 });
      });

      // Hosts: an organiser or two, sometimes a guest introduced with their company.
      const hostList: { person: number; role: string; company: number | null }[] = [];
      const main = plan.organisers[random.chance(0.7) ? 0 : 1] ?? plan.organisers[0] ?? 0;
      hostList.push({ person: main, role: random.pick(HOST_ROLES), company: null });
      if (random.chance(0.25)) {
        const other = random.pick(plan.organisers);
        if (other !== main) hostList.push({ person: other, role: random.pick(HOST_ROLES), company: null });
      }
      if (random.chance(0.1)) {
        const guestCompany = sponsors[0] ?? someCompany(1);
        const guest = newPerson(date);
        const guestState = people[guest] as PersonState;
        guestState.company = guestCompany;
        hostList.push({
          person: guest,
          role: `${random.pick(GUEST_ROLES)} ${data.companies[guestCompany]?.name}`,
          company: guestCompany,
        });
      }
      hostList.forEach((host, i) => {
        data.hosts.push({ event: eventIndex, ...host, position: i + 1 });
        (people[host.person] as PersonState).lastDate = date;
      });

      // Talks: speakers return in proportion to the talks they gave.
      const talkCount = 2 + random.weightedIndex([0.35, 0.55, 0.1]);
      let offset = random.int(300, 900);
      const talks: GenTalk[] = [];
      for (let position = 1; position <= talkCount; position += 1) {
        talkNumber += 1;
        const speakerCount = 1 + random.weightedIndex([0.9, 0.09, 0.01]);
        const speakers: { person: number; company: number | null }[] = [];
        for (let tries = 0; speakers.length < speakerCount && tries < 20; tries += 1) {
          const draw = random.next();
          const person =
            draw < 0.04
              ? (plan.regulars[random.zipf(plan.regulars.length)] as number)
              : draw < 0.24 && speakerPool.total() > 0
                ? speakerPool.draw(random)
                : newPerson(date);
          const state = people[person] as PersonState;
          // One appearance per person per day keeps every history's order well defined.
          if (state.lastDate === date || speakers.some((s) => s.person === person)) continue;
          if (state.company !== null && today - state.since > 300 && random.chance(0.5)) {
            state.company = someCompany(0.78);
            state.since = today;
            companyPool.increase(state.company, 1);
          } else if (state.company === null && random.chance(0.3)) {
            state.company = someCompany(0.7);
            state.since = today;
          }
          state.lastDate = date;
          // Superlinear attachment: regulars become much likelier to return than one-off speakers.
          const given = (talksGiven.get(person) ?? 0) + 1;
          talksGiven.set(person, given);
          speakerPool.increase(person, given ** 1.2 - (given - 1) ** 1.2);
          speakers.push({ person, company: state.company !== null && random.chance(0.9) ? state.company : null });
        }
        const ownVideo = random.chance(0.08);
        const start = hasVideo ? offset : null;
        offset += random.int(1200, 2700);
        const takeawayCount = random.chance(0.05) ? 0 : random.int(2, 5);
        talks.push({
          event: eventIndex,
          position,
          title: text.title(),
          videoUrl: ownVideo
            ? `https://video.example/talk-${talkNumber}`
            : hasVideo
              ? `https://video.example/${slug}`
              : null,
          videoStart: ownVideo ? null : start,
          videoEnd: null,
          slidesUrl: random.chance(0.4) ? `https://slides.example/${talkNumber}` : null,
          speakers,
          takeaways: Array.from({ length: takeawayCount }, () => text.sentence(8, 28)),
        });
      }
      // A segment of the evening's recording ends where the next one starts.
      talks.forEach((talk, i) => {
        const next = talks[i + 1];
        if (talk.videoStart !== null && next?.videoStart != null) talk.videoEnd = next.videoStart;
      });
      data.talks.push(...talks);
    }

    // The previous roundup of the series announced some of this meetup's sponsors.
    const previous = lastEventOfSeries.get(slot.series);
    if (previous !== undefined && random.chance(slot.announced ? 1 : 0.5)) {
      const announced = slot.announced ? [someCompany(0.8)] : eventSponsors.slice(0, random.int(1, 2));
      [...new Set(announced)].forEach((company, i) => {
        data.announcements.push({ event: eventIndex, company, byEvent: previous, position: i + 1 });
      });
    }
    lastEventOfSeries.set(slot.series, eventIndex);
  }
  return data;
}
