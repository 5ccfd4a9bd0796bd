#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { importFiles } from './import-files.ts';
import type { PostImportResult } from './import-posts.ts';

// npm run import -- [--dry-run] [--json] [--series NAME] <file-or-dir>...
// Imports roundup posts into the configured database (embedded by default,
// DATABASE_URL otherwise). Exit code: 0 all good, 1 a post failed, 2 usage.

const USAGE = `usage: npm run import -- [--dry-run] [--json] [--series NAME] <file-or-dir>...
  --dry-run    parse, resolve and report what would change; write nothing
  --json       print the report as JSON on stdout
  --series     series name for posts whose title does not start with one
  --verbose    list every change and warning, not only failures`;

function line(result: PostImportResult, verbose: boolean): string[] {
  const out = [`${result.status.padEnd(9)} ${result.path}${result.eventSlug ? ` → ${result.eventSlug}` : ''}`];
  if (result.error) out.push(`  error: ${result.path}:${result.error.line}: ${result.error.reason}`);
  if (verbose) {
    for (const change of result.changes) out.push(`  change: ${change}`);
    for (const warning of result.warnings) {
      out.push(`  warning: ${result.path}:${warning.line}: ${warning.message} [${warning.code}]`);
    }
  } else if (result.warnings.length) {
    out.push(`  ${result.warnings.length} warning(s) (--verbose lists them)`);
  }
  return out;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        series: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.values.help || args.positionals.length === 0) {
    console.error(USAGE);
    return args.values.help ? 0 : 2;
  }
  const json = args.values.json === true;
  const verbose = args.values.verbose === true;
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const started = performance.now();
    const summary = await importFiles(
      database.db,
      args.positionals,
      { dryRun: args.values['dry-run'] === true, defaultSeries: args.values.series as string | undefined },
      (done, total, result) => {
        if (json) return;
        // Progress on stderr, so stdout stays the report.
        for (const text of line(result, verbose)) console.error(`[${done}/${total}] ${text}`);
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (json) {
      console.log(JSON.stringify({ ...summary, seconds: Number(seconds.toFixed(2)) }, null, 2));
    } else {
      const verb = summary.dryRun ? 'would be' : 'were';
      console.log(
        `${summary.posts.length} posts in ${seconds.toFixed(1)} s (${database.mode} database${summary.dryRun ? ', dry run: nothing written' : ''}): ` +
          `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed; ` +
          `${summary.warnings} warnings. Posts ${verb} imported one transaction each.`,
      );
    }
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
