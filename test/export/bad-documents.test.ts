import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { LoadRefusedError } from '../../src/export/load.ts';
import { DocumentError } from '../../src/export/reader.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { exportText, loadText, rowCounts } from './export-helpers.ts';

// A document that is not whole or not right is refused with the line and
// the reason, and nothing of it is written; a database that has a graph is
// refused unless the load replaces it.

let source: TestDatabase;
let target: TestDatabase;
let good: string;
let lines: string[];
let empty: Record<string, number>;

beforeAll(async () => {
  source = await createTestDatabase();
  await seedDemoIfEmpty(source.db);
  good = await exportText(source.db);
  lines = good.trimEnd().split('\n');
  target = await createTestDatabase();
  empty = await rowCounts(target.db);
}, 120_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
});

const lineOf = (table: string, nth = 0) =>
  lines.findIndex((line, index) => index > 0 && line.startsWith(`{"table":"${table}"`)) + nth;

async function refused(text: string, line: number, reason: RegExp) {
  const error = await loadText(target.db, text).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DocumentError);
  expect((error as DocumentError).line).toBe(line);
  expect((error as DocumentError).reason).toMatch(reason);
  expect(await rowCounts(target.db)).toEqual(empty);
}

const withLine = (index: number, text: string) =>
  [...lines.slice(0, index), text, ...lines.slice(index + 1)].join('\n');

describe('a bad document', () => {
  it('truncated at a line boundary: names the last line, writes nothing', async () => {
    const cut = lines.slice(0, lineOf('talk', 3)).join('\n');
    await refused(cut, lineOf('talk', 3), /without its closing line: the file is truncated/);
  });

  it('truncated inside a line: not valid JSON at that line', async () => {
    const at = lineOf('talk', 2);
    const cut = `${lines.slice(0, at).join('\n')}\n${lines[at]?.slice(0, 40)}`;
    await refused(cut, at + 1, /not valid JSON/);
  });

  it('bad JSON in the middle', async () => {
    const at = lineOf('person', 1);
    await refused(withLine(at, '{"table":"person","row":{"id":3,'), at + 1, /not valid JSON/);
  });

  it('a wrong format version or a file that is not an export', async () => {
    const header = JSON.parse(lines[0] as string);
    await refused(withLine(0, JSON.stringify({ ...header, version: 99 })), 1, /format version 99 is newer/);
    await refused(withLine(0, JSON.stringify({ ...header, version: 0 })), 1, /format version 0 is no longer read/);
    await refused('{"hello":"world"}\n', 1, /not a meetup-graph export document/);
    await refused('', 1, /the file is empty/);
  });

  it('an unknown table or column', async () => {
    const at = lineOf('venue');
    await refused(withLine(at, '{"table":"spaceship","row":{"id":1}}'), at + 1, /unknown table "spaceship"/);
    const row = JSON.parse(lines[at] as string);
    row.row.colour = 'red';
    await refused(withLine(at, JSON.stringify(row)), at + 1, /table venue has no column "colour"/);
    delete row.row.colour;
    delete row.row.name;
    await refused(withLine(at, JSON.stringify(row)), at + 1, /the venue row has no "name" column/);
  });

  it('a duplicate primary key names both lines', async () => {
    const at = lineOf('person', 1);
    await refused(
      withLine(at, lines[at - 1] as string),
      at + 1,
      new RegExp(`duplicate primary key id=\\d+ in table person \\(first on line ${at}\\)`),
    );
  });

  it('a row the database refuses (a talk of a missing meetup) names its line', async () => {
    const at = lineOf('talk', 5);
    const row = JSON.parse(lines[at] as string);
    row.row.event_id = 999_999;
    await refused(withLine(at, JSON.stringify(row)), at + 1, /the database refused the talk row: .*foreign key/);
  });

  it('rows out of the header order', async () => {
    const last = lines.length - 2;
    const moved = [lines[0] as string, lines[last] as string, ...lines.slice(1, last), lines.at(-1) as string];
    const table = JSON.parse(lines[1] as string).table;
    await refused(
      moved.join('\n'),
      3,
      new RegExp(`a ${table} row after the rows of \\w+: tables must come in the header's order`),
    );
  });

  it('an older schema is refused with a clear message', async () => {
    const header = JSON.parse(lines[0] as string);
    const older = { ...header, migrations: header.migrations.slice(0, -1) };
    const error = await loadText(target.db, withLine(0, JSON.stringify(older))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoadRefusedError);
    expect((error as Error).message).toMatch(
      /exported from an older schema \(its latest migration is \d{14}_\w+; this database is at/,
    );
    expect(await rowCounts(target.db)).toEqual(empty);
  });
});

describe('a database that is not empty', () => {
  it('is refused without --replace, and replaced with it (tokens kept)', async () => {
    const filled = await createTestDatabase();
    try {
      await loadText(filled.db, good);
      const before = await rowCounts(filled.db);
      const error = await loadText(filled.db, good).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LoadRefusedError);
      expect((error as Error).message).toMatch(/the database is not empty \(rows in .*event.*\).*--replace/);
      expect(await rowCounts(filled.db)).toEqual(before);
      const summary = await loadText(filled.db, good, true);
      expect(summary.replaced).toBe(true);
      expect(await rowCounts(filled.db)).toEqual(before);
      expect(await exportText(filled.db)).toBe(good);
    } finally {
      await filled.close();
    }
  }, 60_000);
});
