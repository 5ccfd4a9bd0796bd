import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { ExportSelection } from './table-policy.ts';
import { type ExportSummary, exportGraph } from './writer.ts';

/**
 * Exports into `path` through a temporary file beside it, renamed into place
 * once complete: a failed export leaves no half-written document behind.
 */
export async function exportToFile(
  db: Kysely<Database>,
  path: string,
  selection: ExportSelection,
): Promise<ExportSummary> {
  const partial = `${path}.partial-${process.pid}`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  try {
    const summary = await exportGraph(db, out, selection);
    out.end();
    await finished(out);
    await rename(partial, path);
    return summary;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
