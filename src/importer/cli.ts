#!/usr/bin/env node
import { stat } from 'node:fs/promises';
import { parseCommandLine, runCommand, UsageError } from '../cli/args.ts';
import { openCliDatabase } from '../cli/database.ts';
import { loadConfig } from '../config.ts';
import { findRunningServer } from '../db/running-server.ts';
import { auditImportsAs } from '../modules/curation/import-audit.ts';
import { collectPostFiles, type ImportSummary, importFiles } from './import-files.ts';
import type { PostImportResult } from './import-posts.ts';
import { sharedParser } from './post-parser.ts';
import { importThroughServer } from './remote-import.ts';

// meetup-graph-import [--dry-run] [--json] [--series NAME] <file-or-dir>...
// Imports roundup posts into the configured database (embedded by default,
// DATABASE_URL otherwise). When the embedded server is running on the same
// data directory, the posts go to it instead (PGlite serves one process).
// stdout carries only the report (JSON with --json); progress and warnings
// go to stderr. Exit code: 0 all good, 1 a post failed, 2 usage.

const USAGE = `usage: npx meetup-graph-import [--dry-run] [--json] [--verbose] [--series NAME] <file-or-dir>...
  --dry-run    parse, resolve and report what would change; write nothing
  --json       print the report as JSON on stdout (progress stays on stderr)
  --series     series name for posts whose title does not start with one
  --verbose    list every change and warning, not only failures`;

// Every import is in the audit trail under this actor, with its file.
const CLI_ACTOR = 'cli';

function line(result: PostImportResult, verbose: boolean): string[] {
  const out = [`${result.status.padEnd(9)} ${result.path}${result.eventSlug ? ` → ${result.eventSlug}` : ''}`];
  if (result.error) out.push(`  error: ${result.path}:${result.error.line}: ${result.error.reason}`);
  // Always listed: a curated value the post now contradicts is for the organiser to decide.
  for (const clash of result.clashes) out.push(`  clash: ${clash.message}`);
  if (verbose) {
    for (const change of result.changes) out.push(`  change: ${change}`);
    for (const warning of result.warnings) {
      out.push(`  warning: ${result.path}:${warning.line}: ${warning.message} [${warning.code}]`);
    }
    for (const note of result.notes) out.push(`  note: ${result.path}:${note.line}: ${note.reason} [${note.code}]`);
  } else {
    if (result.warnings.length) out.push(`  ${result.warnings.length} warning(s) (--verbose lists them)`);
    if (result.notes.length) out.push(`  ${result.notes.length} doubtful fact(s) to check (--verbose lists them)`);
  }
  return out;
}

/** Every path must exist before anything is opened: a typo is a usage error, not a failed post. */
async function checkPaths(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) throw new UsageError('name at least one post file or directory');
  for (const path of paths) {
    try {
      await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `no such file or directory: ${path}` : `cannot read ${path}: ${code}`);
    }
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine({
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    series: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  await checkPaths(positionals);
  const json = values.json === true;
  const verbose = values.verbose === true;
  const options = {
    dryRun: values['dry-run'] === true,
    ...(values.series ? { defaultSeries: values.series } : {}),
  };
  const progress = (done: number, total: number, result: PostImportResult) => {
    for (const text of line(result, verbose)) console.error(`[${done}/${total}] ${text}`);
  };
  const config = loadConfig();
  const started = performance.now();
  let summary: ImportSummary;
  let where: string;
  const server = config.databaseUrl ? null : await findRunningServer(config.dataDir);
  if (server) {
    where = `the running server at ${server.url} (pid ${server.pid})`;
    console.error(`meetup-graph-import: the embedded server is running on ${config.dataDir}; sending the posts to it`);
    summary = await importThroughServer(server, await collectPostFiles(positionals), options, progress);
  } else {
    // The parser's thread loads its modules while the database opens.
    sharedParser().warm();
    const database = await openCliDatabase(config);
    where = `${database.mode} database`;
    try {
      summary = await importFiles(
        database.db,
        positionals,
        { ...options, onWritten: auditImportsAs(CLI_ACTOR, 'import') },
        progress,
      );
    } finally {
      await database.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (json) {
    console.log(JSON.stringify({ ...summary, seconds: Number(seconds.toFixed(2)) }, null, 2));
  } else {
    const verb = summary.dryRun ? 'would be' : 'were';
    console.log(
      `${summary.posts.length} posts in ${seconds.toFixed(1)} s (${where}${summary.dryRun ? ', dry run: nothing written' : ''}): ` +
        `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed; ` +
        `${summary.warnings} warnings. Posts ${verb} imported one transaction each.`,
    );
  }
  return summary.failed > 0 ? 1 : 0;
}

runCommand('meetup-graph-import', USAGE, main);
