import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { importFiles } from '../importer/import-files.ts';
import { readCatalogue } from './catalogue.ts';
import { exportToFile } from './export-file.ts';
import { isExported } from './table-policy.ts';

// The facts-only snapshot of a community's history, made the one way that
// can be repeated: the roundup posts imported into a fresh embedded
// database, then exported with --facts-only. The import stamps rows with the
// time it ran; the snapshot's rows all carry one fixed instant instead, so
// the same posts always give the same bytes.

export const SNAPSHOT_INSTANT = '2000-01-01T00:00:00Z';

export interface FactsSnapshot {
  text: string;
  posts: number;
  failed: string[];
  rows: number;
}

/**
 * Imports every post under `postsDir` into a throwaway database and returns
 * the facts-only export. Posts are recorded by their path relative to
 * `postsDir`'s parent (`posts/…`), not by where this machine keeps them.
 */
export async function buildFactsSnapshot(postsDir: string): Promise<FactsSnapshot> {
  const absolute = resolve(postsDir);
  const base = resolve(absolute, '..');
  const database = await openDatabase({ dataDir: 'memory://', statementTimeoutMs: 0 });
  const work = await mkdtemp(join(tmpdir(), 'meetup-graph-facts-'));
  const cwd = process.cwd();
  try {
    await migrateToLatest(database.db);
    process.chdir(base);
    let summary: Awaited<ReturnType<typeof importFiles>>;
    try {
      summary = await importFiles(database.db, [relative(base, absolute)], {});
    } finally {
      process.chdir(cwd);
    }
    const selection = { factsOnly: true, withAudit: false };
    for (const table of await readCatalogue(database.db)) {
      if (!isExported(table.name, selection)) continue;
      const stamps = table.columns.filter((column) => column.type === 'timestamp with time zone');
      if (stamps.length === 0) continue;
      await sql`update ${sql.table(table.name)} set ${sql.join(
        stamps.map((column) => sql`${sql.id(column.name)} = ${SNAPSHOT_INSTANT}::timestamptz`),
      )}`.execute(database.db);
    }
    const file = join(work, 'snapshot.ndjson');
    const exported = await exportToFile(database.db, file, selection);
    return {
      text: await readFile(file, 'utf8'),
      posts: summary.posts.length,
      failed: summary.posts.filter((post) => post.status === 'failed').map((post) => post.path),
      rows: exported.rows,
    };
  } finally {
    await database.close();
    await rm(work, { recursive: true, force: true });
  }
}
