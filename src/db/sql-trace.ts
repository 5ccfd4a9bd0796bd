import { AsyncLocalStorage } from 'node:async_hooks';

// What a unit of work's SQL touched, read off the statements' text (Kysely's
// log hook calls traceStatement for every statement, in the async context of
// whoever ran it). The response cache tags an answer with the tracked tables
// its request read, and a write that touched tracked tables only invalidates
// just those (src/cache/response-cache.ts).
//
// A table can be tracked only while the text of a statement tells all of
// what it does to it: no view or function of the schema reads it and no
// trigger on it writes elsewhere (test/cache/sql-trace.test.ts checks the
// migrated schema). A statement that calls one of the schema's volatile
// functions may write anything: it makes the trace opaque.

/** Tables the trace follows: the sponsorships, and what a sponsorship's curation writes beside it. */
export const TRACKED_TABLES = ['sponsorship', 'curated_fact', 'import_note', 'audit_entry'] as const;

/** The schema's volatile functions that a statement can call (trigger functions cannot be called). */
export const VOLATILE_FUNCTIONS = [
  'search_defer',
  'search_refresh_companies',
  'search_refresh_events',
  'search_refresh_people',
  'search_refresh_pending',
  'search_refresh_talks',
];

/** The table whose reads can be narrowed to some companies' rows. */
const NARROWABLE = 'sponsorship';

export interface SqlTrace {
  /**
   * Tracked tables read, by name; a read of the sponsorships of some
   * companies only (see readingSponsorshipsOf) as `sponsorship:<company id>`.
   */
  read: Set<string>;
  /** Tables written (insert, update, delete), by name. */
  written: Set<string>;
  /** A statement called a volatile function: what it wrote is unknown. */
  opaque: boolean;
  /** Statements sent so far (counted as they are sent: see traced-dialect.ts). */
  statements: number;
}

export function newSqlTrace(): SqlTrace {
  return { read: new Set(), written: new Set(), opaque: false, statements: 0 };
}

const traces = new AsyncLocalStorage<SqlTrace>();

/** A narrowed read's companies, and whether its one statement has run. */
interface Narrowing {
  companies: readonly number[];
  used: boolean;
}
const narrowing = new AsyncLocalStorage<Narrowing>();

/** Runs `fn` with its statements traced into `trace` (an inner trace takes them from an outer one). */
export function traceSql<T>(trace: SqlTrace, fn: () => T): T {
  return traces.run(trace, fn);
}

/**
 * Runs one statement that reads sponsorships of these companies only (and
 * any other table it likes): its reads of the sponsorship table are traced
 * as theirs. Any further statement run in `fn` is traced as reading them all.
 */
export function readingSponsorshipsOf<T>(companyIds: readonly number[], fn: () => Promise<T>): Promise<T> {
  return narrowing.run({ companies: companyIds, used: false }, fn);
}

const TRACKED_PATTERN = new RegExp(`\\b(${TRACKED_TABLES.join('|')})\\b`, 'gi');
// `update` as a statement, not `on conflict … do update` nor a `for [no key] update` lock.
const WRITE_PATTERN =
  /\b(?:insert\s+into|(?<!\b(?:do|for|key)\s+)update|delete\s+from)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;
const VOLATILE_PATTERN = new RegExp(`\\b(${VOLATILE_FUNCTIONS.join('|')})"?\\s*\\(`, 'i');
/**
 * What the trace can read a statement's effects off: queries and the four
 * data-changing statements (optionally behind `with`), and transaction
 * control. Anything else (truncate, copy, call, do, merge, lock, DDL, a
 * `select … into` that creates a table) makes the trace opaque.
 */
const KNOWN_STATEMENT =
  /^\s*\(?\s*(select|with|insert|update|delete|values|begin|commit|rollback|savepoint|release)\b/i;
const SELECT_INTO = /^\s*\(?\s*select\b(?:(?!\bfrom\b)[\s\S])*?\binto\b/i;

/** How a read of one company's sponsorships is named in `SqlTrace.read`. */
function narrowedRead(companyId: number): string {
  return `${NARROWABLE}:${companyId}`;
}

/** What one statement's text says it reads and writes (narrowing aside). */
interface StatementEffects {
  tracked: string[];
  written: string[];
  opaque: boolean;
}

/**
 * Effects per statement text, read once: texts come from the code and are
 * few (named prepared statements are keyed the same way), and matching the
 * patterns against a statement of several kilobytes on every run cost more
 * than its parameters. Past the bound, texts are read every time.
 */
const effectsByText = new Map<string, StatementEffects>();
const MAX_KNOWN_TEXTS = 2000;

function effectsOf(text: string): StatementEffects {
  const known = effectsByText.get(text);
  if (known) return known;
  const effects: StatementEffects = {
    tracked: [...text.matchAll(TRACKED_PATTERN)].map(([, name]) => (name as string).toLowerCase()),
    written: [...text.matchAll(WRITE_PATTERN)].map(([, name]) => (name as string).toLowerCase()),
    opaque: VOLATILE_PATTERN.test(text) || !KNOWN_STATEMENT.test(text) || SELECT_INTO.test(text),
  };
  if (effectsByText.size < MAX_KNOWN_TEXTS) effectsByText.set(text, effects);
  return effects;
}

/** Records one statement's text in the current trace, if any. */
export function traceStatement(text: string): void {
  const trace = traces.getStore();
  if (!trace) return;
  trace.statements += 1;
  const narrowed = narrowing.getStore();
  const companies = narrowed && !narrowed.used ? narrowed.companies : null;
  if (narrowed) narrowed.used = true;
  const effects = effectsOf(text);
  for (const table of effects.tracked) {
    if (table === NARROWABLE && companies) for (const id of companies) trace.read.add(narrowedRead(id));
    else trace.read.add(table);
  }
  for (const table of effects.written) trace.written.add(table);
  if (effects.opaque) trace.opaque = true;
}

/** A write that touched tracked tables only: which, and the companies whose sponsorships it changed. */
export interface TrackedWrite {
  tables: string[];
  sponsorCompanies: number[];
}

/**
 * What a traced write did, when every table it wrote is tracked and no
 * statement was opaque; null otherwise (anything may have changed). A write
 * of sponsorships must name the companies whose rows it changed.
 */
export function trackedWrite(trace: SqlTrace, sponsorCompanies: readonly number[]): TrackedWrite | null {
  if (trace.opaque || trace.written.size === 0) return null;
  const tracked: readonly string[] = TRACKED_TABLES;
  if ([...trace.written].some((table) => !tracked.includes(table))) return null;
  if (trace.written.has(NARROWABLE) && sponsorCompanies.length === 0) return null;
  return {
    tables: [...trace.written].sort(),
    sponsorCompanies: [...new Set(sponsorCompanies)].sort((a, b) => a - b),
  };
}

/** The reads (as named in `SqlTrace.read`) whose answers a tracked write changed. */
export function readsChangedBy(write: TrackedWrite): string[] {
  return write.tables.flatMap((table) =>
    table === NARROWABLE ? [table, ...write.sponsorCompanies.map(narrowedRead)] : [table],
  );
}
