import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

// The graph an empty database starts with (SEED_DEMO): Cloud Native
// London's history, the facts-only export in data/cloud-native-london.ndjson
// (npm run snapshot:cnl makes it from the roundup posts). The build copies
// it beside the compiled code, two levels above this module in both trees.

export const DEFAULT_GRAPH_FILE = 'data/cloud-native-london.ndjson';

export function defaultGraphPath(): string {
  return fileURLToPath(new URL(`../../${DEFAULT_GRAPH_FILE}`, import.meta.url));
}

/** Loads the default graph into an empty database; returns how many meetups it added (0 when not empty). */
export async function seedDefaultIfEmpty(db: Kysely<Database>, file = defaultGraphPath()): Promise<number> {
  const row = await db
    .selectFrom('event')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(row.count) > 0) return 0;
  if (!existsSync(file)) throw new Error(`the default graph ${file} is missing (npm run snapshot:cnl makes it)`);
  // The loader is needed only by a first start that has no prebuilt snapshot.
  const [{ loadDocument }, { fileLines }] = await Promise.all([
    import('../export/load.ts'),
    import('../export/reader.ts'),
  ]);
  try {
    const summary = await loadDocument(db, fileLines(file));
    return summary.tables.event ?? 0;
  } catch (error) {
    // A migration added since the file was made: it must be made again.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the default graph ${DEFAULT_GRAPH_FILE} cannot be loaded (${reason}); run npm run snapshot:cnl`, {
      cause: error,
    });
  }
}
