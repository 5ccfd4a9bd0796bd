// What an export does with each table of the database. Every table the
// catalogue lists must have an entry (a test fails otherwise), so a table
// added by a migration is exported, left out or kept secret by a decision
// taken here, never by default.
//
//   graph   the graph's facts: always exported
//   prose   sentences of the posts: exported, except with --facts-only
//   audit   the audit trail: exported only with --with-audit
//   secret  never exported (API tokens: a backup must not carry credentials)
//   skip    derived or bookkeeping: rebuilt by the database itself (triggers,
//           migrations), so exporting it would only duplicate what a load makes

export type TablePolicyKind = 'graph' | 'prose' | 'audit' | 'secret' | 'skip';

export interface TablePolicy {
  kind: TablePolicyKind;
  /** Columns of a graph table that hold prose: written as null with --facts-only. */
  proseColumns?: readonly string[];
}

export const TABLE_POLICY: Readonly<Record<string, TablePolicy>> = {
  series: { kind: 'graph' },
  venue: { kind: 'graph' },
  company: { kind: 'graph' },
  company_alias: { kind: 'graph' },
  person: { kind: 'graph' },
  person_alias: { kind: 'graph' },
  // An event's description is the post's own summary sentence.
  event: { kind: 'graph', proseColumns: ['description'] },
  talk: { kind: 'graph' },
  talk_speaker: { kind: 'graph' },
  takeaway: { kind: 'prose' },
  sponsorship: { kind: 'graph' },
  event_host: { kind: 'graph' },
  announcement: { kind: 'graph' },
  source_document: { kind: 'graph' },
  entity_redirect: { kind: 'graph' },
  company_succession: { kind: 'graph' },
  // Corrections: what curators set (kept across re-imports) and where each
  // imported entity came from (post path, line, parser rule).
  curated_fact: { kind: 'graph' },
  fact_source: { kind: 'graph' },
  // Doubtful facts for review: their reasons quote the post's wording.
  import_note: { kind: 'prose' },
  audit_entry: { kind: 'audit' },
  api_token: { kind: 'secret' },
  // Maintained by triggers on the graph's tables as rows are loaded.
  search_document: { kind: 'skip' },
  held_event_month: { kind: 'skip' },
  // The migrator's own records: the document's header lists the migrations instead.
  kysely_migration: { kind: 'skip' },
  kysely_migration_lock: { kind: 'skip' },
};

export interface ExportSelection {
  factsOnly: boolean;
  withAudit: boolean;
}

export class MissingPolicyError extends Error {
  constructor(tables: readonly string[]) {
    super(`no export policy for table(s) ${tables.join(', ')}: add each to TABLE_POLICY in src/export/table-policy.ts`);
    this.name = 'MissingPolicyError';
  }
}

export function policyOf(table: string): TablePolicy {
  const policy = TABLE_POLICY[table];
  if (!policy) throw new MissingPolicyError([table]);
  return policy;
}

/** True when a document made with `selection` holds the table's rows. */
export function isExported(table: string, selection: ExportSelection): boolean {
  const { kind } = policyOf(table);
  if (kind === 'graph') return true;
  if (kind === 'prose') return !selection.factsOnly;
  if (kind === 'audit') return selection.withAudit;
  return false;
}

/** The columns a document made with `selection` leaves empty (null) in the table. */
export function blankedColumns(table: string, selection: ExportSelection): readonly string[] {
  return selection.factsOnly ? (policyOf(table).proseColumns ?? []) : [];
}
