import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.ts';
import { exportText, loadText } from './export-helpers.ts';

// data/cloud-native-london.ndjson, the embedded default graph: a facts-only
// document (no takeaway, no description, no sentence of the posts) that
// loads as it is and exports again to the same bytes.

const SNAPSHOT = 'data/cloud-native-london.ndjson';
const CORPUS = '../shared/corpus/posts';
if (!existsSync(CORPUS)) console.warn(`skipped: the corpus check of the snapshot needs the roundup posts at ${CORPUS}`);
const text = readFileSync(SNAPSHOT, 'utf8');
const lines = text.trimEnd().split('\n');
const rows = lines.slice(1, -1).map((line) => JSON.parse(line) as { table: string; row: Record<string, unknown> });

describe(SNAPSHOT, () => {
  it('is a facts-only document without takeaways or descriptions', () => {
    const header = JSON.parse(lines[0] as string);
    expect(header.content).toBe('facts-only');
    expect(header.tables.map((table: { name: string }) => table.name)).not.toContain('takeaway');
    expect(rows.some((row) => row.table === 'takeaway')).toBe(false);
    const events = rows.filter((row) => row.table === 'event');
    expect(events.length).toBeGreaterThan(50);
    expect(events.every((event) => event.row.description === null)).toBe(true);
    expect(text).not.toMatch(/"text":/);
  });

  it('keeps the facts: dates, titles, speakers with their companies, sponsors, video offsets', () => {
    const count = (table: string) => rows.filter((row) => row.table === table).length;
    for (const table of ['talk', 'talk_speaker', 'sponsorship', 'event_host', 'venue', 'source_document']) {
      expect(count(table), table).toBeGreaterThan(5);
    }
    const talks = rows.filter((row) => row.table === 'talk');
    expect(talks.some((talk) => typeof talk.row.video_start_seconds === 'number')).toBe(true);
    expect(talks.filter((talk) => typeof talk.row.title === 'string').length).toBeGreaterThan(100);
    const paths = rows.filter((row) => row.table === 'source_document').map((row) => String(row.row.path));
    expect(paths.every((path) => /^posts\/\d{4}-\d{2}-\d{2}-[\w-]+\.md$/.test(path))).toBe(true);
  });

  it('loads into an empty database and exports to the same bytes', async () => {
    const database = await createTestDatabase();
    try {
      await loadText(database.db, text);
      expect(await exportText(database.db, { factsOnly: true, withAudit: false })).toBe(text);
    } finally {
      await database.close();
    }
  }, 120_000);

  it.skipIf(!existsSync(CORPUS))('holds no line of any corpus post (skipped without ../shared/corpus)', () => {
    const found: string[] = [];
    for (const file of readdirSync(CORPUS).filter((name) => name.endsWith('.md'))) {
      const post = readFileSync(`${CORPUS}/${file}`, 'utf8');
      for (const raw of post.split('\n')) {
        // A bullet or quote marker, or a front-matter key, is not part of the
        // sentence; the front matter's title is the meetup's title, a fact.
        if (/^title:/.test(raw)) continue;
        const line = raw
          .trim()
          .replace(/^([-*+>]|\d+\.)\s+/, '')
          .replace(/^[a-z_]+:\s+/, '')
          .replace(/^["']|["']$/g, '');
        // Short lines (a name, a date, a heading word) are facts or too
        // common to tell; a line of 30 characters or more with a space is prose.
        // A bare link (a video, a site) is a fact, not a sentence.
        if (line.length < 30 || !/\s/.test(line)) continue;
        if (text.includes(JSON.stringify(line).slice(1, -1))) found.push(`${file}: ${line}`);
      }
    }
    expect(found).toEqual([]);
  });
});
