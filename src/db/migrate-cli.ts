import { loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { migrateDown, migrateToLatest } from './migrator.ts';

// npm run db:migrate [-- --down]: applies pending migrations (or reverts the
// latest one) on the configured database.
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const down = process.argv.includes('--down');
    const names = down ? await migrateDown(database.db) : await migrateToLatest(database.db);
    const verb = down ? 'reverted' : 'applied';
    console.log(names.length ? `${verb}: ${names.join(', ')}` : 'nothing to do: the schema is up to date');
    console.log(`database: ${database.mode} ${database.location}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
