import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseCommandLine, runCommand, UsageError } from '../cli/args.ts';
import { openCliDatabase } from '../cli/database.ts';
import { loadConfig } from '../config.ts';
import { exportToFile } from './export-file.ts';
import { LONG_STATEMENT_MS } from './format.ts';

// npm run export -- --out FILE [--facts-only] [--with-audit]
// Writes the configured database's graph (embedded by default, DATABASE_URL
// otherwise) as one export document (docs/export-format.md).

const USAGE = `usage: npm run export -- --out FILE [--facts-only] [--with-audit]
  --out FILE     where to write the document (NDJSON; replaced once complete)
  --facts-only   leave out the posts' prose (takeaways, event descriptions)
  --with-audit   include the audit trail (API tokens are never exported)`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine({
    out: { type: 'string' },
    'facts-only': { type: 'boolean', default: false },
    'with-audit': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const out = values.out;
  if (!out) throw new UsageError('--out FILE is required');
  const factsOnly = values['facts-only'] === true;
  const withAudit = values['with-audit'] === true;
  if (factsOnly && withAudit)
    throw new UsageError('--facts-only and --with-audit exclude each other (the audit trail holds prose)');
  const folder = dirname(out);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) throw new UsageError(`no such directory: ${folder}`);

  const config = loadConfig();
  // Its transaction lifts the statement timeouts.
  const database = await openCliDatabase(config, { longStatementMs: LONG_STATEMENT_MS });
  try {
    const started = performance.now();
    const summary = await exportToFile(database.db, out, { factsOnly, withAudit });
    const seconds = (performance.now() - started) / 1000;
    const tables = Object.entries(summary.tables)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    console.error(
      `exported ${summary.rows} rows from the ${database.mode} database to ${out} in ${seconds.toFixed(1)} s (${tables})`,
    );
  } finally {
    await database.close();
  }
  return 0;
}

runCommand('meetup-graph-export', USAGE, main);
