import { parseCommandLine, runCommand, UsageError } from '../cli/args.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { migrateDown, migrateToLatest } from './migrator.ts';

// npm run db:migrate [-- --down]: applies pending migrations (or reverts the
// latest one) on the configured database.

const USAGE = `usage: npm run db:migrate [-- --down]
  --down    revert the latest migration instead of applying pending ones`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine({
    down: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const names = values.down ? await migrateDown(database.db) : await migrateToLatest(database.db);
    const verb = values.down ? 'reverted' : 'applied';
    console.log(names.length ? `${verb}: ${names.join(', ')}` : 'nothing to do: the schema is up to date');
    console.log(`database: ${database.mode} ${database.location}`);
    return 0;
  } finally {
    await database.close();
  }
}

runCommand('db:migrate', USAGE, main);
