import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { extract } from 'tar';
import { createEmbeddedClient } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { packSnapshot, type SnapshotKind, snapshotFile } from '../db/snapshot.ts';
import type { Database } from '../db/types.ts';
import { seedDefaultIfEmpty } from './default-graph.ts';

// Run by `npm run build` after tsc: writes the embedded databases a first
// start begins from (src/db/snapshot.ts), made by the same migrations and
// default-graph load that a start without them runs.

/**
 * The embedded database is one database, `postgres`; the template databases
 * initdb makes serve only CREATE DATABASE, which nothing runs there. Without
 * them a snapshot holds 549 files instead of 1,143 (26 MB instead of 42),
 * and a new directory is unpacked in about half the time: creating the files
 * is most of a first start's unpacking on a slow file system.
 */
async function dropTemplateDatabases(client: ReturnType<typeof createEmbeddedClient>): Promise<void> {
  await client.query(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
  await client.query('drop database template0');
  await client.query('drop database template1');
}

async function buildSnapshot(kind: SnapshotKind): Promise<number> {
  const client = createEmbeddedClient();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  try {
    await migrateToLatest(db);
    if (kind === 'history') await seedDefaultIfEmpty(db);
    await dropTemplateDatabases(client);
    await client.query('vacuum analyze');
    await client.query('checkpoint');
    // PGlite dumps its directory as a tarball; it is unpacked and packed
    // again so that the database marker comes last (packSnapshot).
    const dump = await client.dumpDataDir('none');
    const work = await mkdtemp(join(tmpdir(), `meetup-graph-snapshot-${kind}-`));
    try {
      const dumped = join(work, 'dump.tar');
      await writeFile(dumped, Buffer.from(await dump.arrayBuffer()));
      await mkdir(join(work, 'data'));
      await extract({ file: dumped, cwd: join(work, 'data') });
      const file = snapshotFile(kind);
      await mkdir(dirname(file), { recursive: true });
      await packSnapshot(join(work, 'data'), file);
      return (await stat(file)).size;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } finally {
    await db.destroy();
  }
}

for (const kind of ['empty', 'history'] as const) {
  const bytes = await buildSnapshot(kind);
  console.error(`snapshot ${kind}: ${(bytes / 1e6).toFixed(1)} MB`);
}
