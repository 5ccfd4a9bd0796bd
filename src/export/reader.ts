import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type DocumentHeader, FORMAT_NAME, FORMAT_VERSION, type HeaderTable } from './format.ts';

// Reads an export document line by line and checks its shape: the header
// first, then rows of the tables the header lists, each table's rows
// together and in the header's order, every row with exactly its table's
// columns and a primary key not seen before, and last the footer whose
// count matches. Every problem is a DocumentError naming the line.

export class DocumentError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'DocumentError';
  }
}

export interface DocumentRow {
  line: number;
  table: HeaderTable;
  row: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DocumentError(line, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function readHeader(value: unknown, line = 1): DocumentHeader {
  if (!isObject(value) || value.format !== FORMAT_NAME) {
    throw new DocumentError(
      line,
      `not a meetup-graph export document (its first line must be a "${FORMAT_NAME}" header)`,
    );
  }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version)) {
    throw new DocumentError(line, 'the header has no format version');
  }
  if (value.version > FORMAT_VERSION) {
    throw new DocumentError(
      line,
      `format version ${value.version} is newer than this meetup-graph reads (${FORMAT_VERSION}): load it with the version that wrote it or a later one`,
    );
  }
  if (value.version < FORMAT_VERSION) {
    throw new DocumentError(
      line,
      `format version ${value.version} is no longer read (this meetup-graph reads ${FORMAT_VERSION})`,
    );
  }
  const tables = value.tables;
  const migrations = value.migrations;
  if (!Array.isArray(migrations) || !migrations.every((name) => typeof name === 'string')) {
    throw new DocumentError(line, 'the header has no list of migrations');
  }
  if (!Array.isArray(tables) || !tables.every(isHeaderTable)) {
    throw new DocumentError(line, 'the header has no valid list of tables (name, columns, primaryKey, blanked)');
  }
  if (value.content !== 'full' && value.content !== 'facts-only') {
    throw new DocumentError(line, `unknown content "${String(value.content)}" (expected full or facts-only)`);
  }
  return {
    format: FORMAT_NAME,
    version: value.version,
    content: value.content,
    audit: value.audit === true,
    migrations,
    tables,
  };
}

function isHeaderTable(value: unknown): value is HeaderTable {
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return (
    isObject(value) &&
    typeof value.name === 'string' &&
    strings(value.columns) &&
    strings(value.primaryKey) &&
    strings(value.blanked)
  );
}

function checkColumns(row: Record<string, unknown>, table: HeaderTable, line: number): void {
  const keys = Object.keys(row);
  const unknown = keys.find((key) => !table.columns.includes(key));
  if (unknown !== undefined) throw new DocumentError(line, `table ${table.name} has no column "${unknown}"`);
  const missing = table.columns.find((column) => !(column in row));
  if (missing !== undefined) throw new DocumentError(line, `the ${table.name} row has no "${missing}" column`);
}

/**
 * The document's rows, checked, in order. `onHeader` sees the header before
 * any row (a load checks it against the database there).
 */
export async function* readDocument(
  lines: AsyncIterable<string>,
  onHeader: (header: DocumentHeader) => Promise<void>,
): AsyncGenerator<DocumentRow> {
  let line = 0;
  let header: DocumentHeader | null = null;
  let tableIndex = -1;
  let keys = new Map<string, number>();
  let rows = 0;
  const counts: Record<string, number> = {};
  let ended = false;
  for await (const text of lines) {
    line += 1;
    if (ended) {
      if (text.trim() === '') continue;
      throw new DocumentError(line, 'text after the closing line');
    }
    if (text.trim() === '') throw new DocumentError(line, 'empty line');
    const value = parseLine(text, line);
    if (!header) {
      header = readHeader(value, line);
      await onHeader(header);
      continue;
    }
    if (!isObject(value)) throw new DocumentError(line, 'not a JSON object');
    if ('end' in value) {
      const end = value.end;
      if (!isObject(end) || end.rows !== rows) {
        throw new DocumentError(
          line,
          `the closing line counts ${isObject(end) ? String(end.rows) : '?'} rows, the document has ${rows}`,
        );
      }
      ended = true;
      continue;
    }
    if (typeof value.table !== 'string' || !isObject(value.row)) {
      throw new DocumentError(line, 'not a row (expected {"table": …, "row": {…}})');
    }
    const name = value.table;
    const index = header.tables.findIndex((table) => table.name === name);
    if (index < 0) throw new DocumentError(line, `unknown table "${name}" (not in the header)`);
    if (index < tableIndex) {
      throw new DocumentError(
        line,
        `a ${name} row after the rows of ${header.tables[tableIndex]?.name}: tables must come in the header's order`,
      );
    }
    const table = header.tables[index] as HeaderTable;
    if (index > tableIndex) {
      tableIndex = index;
      keys = new Map();
    }
    checkColumns(value.row, table, line);
    const row = value.row;
    const key = JSON.stringify(table.primaryKey.map((column) => row[column]));
    const first = keys.get(key);
    if (first !== undefined) {
      const shown = table.primaryKey.map((column) => `${column}=${JSON.stringify(row[column])}`).join(', ');
      throw new DocumentError(line, `duplicate primary key ${shown} in table ${name} (first on line ${first})`);
    }
    if (table.primaryKey.length > 0) keys.set(key, line);
    rows += 1;
    counts[name] = (counts[name] ?? 0) + 1;
    yield { line, table, row };
  }
  if (!header) throw new DocumentError(1, 'the file is empty: not an export document');
  if (!ended) {
    throw new DocumentError(line, `the document ends at line ${line} without its closing line: the file is truncated`);
  }
}

/**
 * The lines of a file, streamed. The file opens on the first read: readline
 * starts reading at once, and lines it emits before anyone iterates are lost.
 */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  try {
    yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  } finally {
    input.destroy();
  }
}
