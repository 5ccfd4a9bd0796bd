// The export document's format (docs/export-format.md): NDJSON, one JSON
// value a line. Line 1 is the header, then one line per row, table by table
// in dependency order, and last a footer whose row count tells a complete
// file from a truncated one.

export const FORMAT_NAME = 'meetup-graph-export';

/** How long one statement of an export or a load may take (a batch on a busy server). */
export const LONG_STATEMENT_MS = 600_000;
/** Bumped when the document's own shape changes (not the schema: that is the migration list). */
export const FORMAT_VERSION = 1;

export interface HeaderTable {
  name: string;
  /** Column names in the catalogue's order: every row of the table has exactly these keys, in this order. */
  columns: string[];
  primaryKey: string[];
  /** Columns written as null because they hold prose (--facts-only). */
  blanked: string[];
}

export interface DocumentHeader {
  format: typeof FORMAT_NAME;
  version: number;
  /** `full`: every graph and prose table; `facts-only`: without the posts' prose. */
  content: 'full' | 'facts-only';
  audit: boolean;
  /** The schema the rows fit: every migration applied to the exporting database, in order. */
  migrations: string[];
  tables: HeaderTable[];
}

export interface RowLine {
  table: string;
  row: Record<string, unknown>;
}

export interface DocumentFooter {
  end: { rows: number; tables: Record<string, number> };
}

export const headerLine = (header: DocumentHeader): string => `${JSON.stringify(header)}\n`;

/** A row line around PostgreSQL's own JSON of the row (row_to_json keeps the catalogue's column order). */
export const rowLine = (table: string, rowJson: string): string =>
  `{"table":${JSON.stringify(table)},"row":${rowJson}}\n`;

export const footerLine = (footer: DocumentFooter): string => `${JSON.stringify(footer)}\n`;
