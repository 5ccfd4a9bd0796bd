import { parseCommandLine, runCommand, UsageError } from '../../cli/args.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { listTokens, revokeToken } from './token.repository.ts';
import { createToken } from './token.ts';

// npm run token -- create --name <name> --scope write|admin
//                  list
//                  revoke --name <name>

const USAGE = `usage: npm run token -- create --name <name> --scope write|admin
       npm run token -- list
       npm run token -- revoke --name <name>`;

async function main(): Promise<number> {
  const { positionals, values } = parseCommandLine({ name: { type: 'string' }, scope: { type: 'string' } });
  const command = positionals[0];
  if (!command || !['create', 'list', 'revoke'].includes(command)) {
    throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (command !== 'list' && !values.name?.trim()) throw new UsageError('--name is required');
  if (command === 'create' && values.scope !== 'write' && values.scope !== 'admin') {
    throw new UsageError('--scope must be write or admin');
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (command === 'create') {
      const name = values.name?.trim() ?? '';
      try {
        const token = await createToken(database.db, name, values.scope as 'write' | 'admin');
        console.log(token);
        console.error(`token "${name}" (${values.scope}) created: it is shown once, above; only its hash is stored`);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          console.error(`a token named "${name}" exists already (names are unique, revoked ones included)`);
          return 1;
        }
        throw error;
      }
    } else if (command === 'list') {
      for (const token of await listTokens(database.db)) {
        const state = token.revoked_at ? `revoked ${token.revoked_at.toISOString()}` : 'active';
        const used = token.last_used_at ? `last used ${token.last_used_at.toISOString()}` : 'never used';
        console.log(`${token.name}\t${token.scope}\t${state}\tcreated ${token.created_at.toISOString()}\t${used}`);
      }
    } else {
      const revoked = await revokeToken(database.db, values.name?.trim() ?? '');
      if (!revoked) {
        console.error(`no active token named "${values.name}"`);
        return 1;
      }
      console.error(`token "${values.name}" revoked`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

runCommand('token', USAGE, main);
