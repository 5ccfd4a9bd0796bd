import { stat } from 'node:fs/promises';
import { parseCommandLine, runCommand, UsageError } from '../cli/args.ts';
import { openCliDatabase } from '../cli/database.ts';
import { loadConfig } from '../config.ts';
import { LONG_STATEMENT_MS } from './format.ts';
import { LoadRefusedError, loadDocument } from './load.ts';
import { DocumentError, fileLines } from './reader.ts';

// npm run load -- FILE [--replace]
// Loads an export document into the configured database in one transaction.
// Exit code: 0 loaded, 1 refused or a bad document (nothing written), 2 usage.

const USAGE = `usage: npm run load -- FILE [--replace]
  FILE       an export document (npm run export)
  --replace  replace the graph of a database that is not empty (API tokens stay)`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine({
    replace: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError('name the document to load');
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
  if (!(await stat(file).catch(() => null))?.isFile()) throw new UsageError(`no such file: ${file}`);

  const config = loadConfig();
  // Its transaction lifts the statement timeouts.
  const database = await openCliDatabase(config, { longStatementMs: LONG_STATEMENT_MS });
  try {
    const started = performance.now();
    const summary = await loadDocument(database.db, fileLines(file), { replace: values.replace === true });
    const seconds = (performance.now() - started) / 1000;
    console.error(
      `loaded ${summary.rows} rows from ${file} into the ${database.mode} database in ${seconds.toFixed(1)} s` +
        `${summary.replaced ? ' (its previous graph replaced)' : ''}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DocumentError) {
      console.error(`meetup-graph-load: ${file}:${error.line}: ${error.reason}; nothing was loaded`);
      return 1;
    }
    if (error instanceof LoadRefusedError) {
      console.error(`meetup-graph-load: ${file}: ${error.message}; nothing was loaded`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

runCommand('meetup-graph-load', USAGE, main);
