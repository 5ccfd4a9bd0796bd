import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { createEmbeddedClient } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { type SnapshotKind, snapshotFile } from '../db/snapshot.ts';
import type { Database } from '../db/types.ts';
import { seedDemoIfEmpty } from './seed-demo.ts';

// Run by `npm run build` after tsc: writes the embedded databases a first
// start begins from (src/db/snapshot.ts), made by the same migrations and
// demo import that a start without them runs.

async function buildSnapshot(kind: SnapshotKind): Promise<number> {
  const client = createEmbeddedClient();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  try {
    await migrateToLatest(db);
    if (kind === 'demo') await seedDemoIfEmpty(db);
    await client.query('vacuum analyze');
    await client.query('checkpoint');
    const tarball = await client.dumpDataDir('gzip');
    const file = snapshotFile(kind);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
    return tarball.size;
  } finally {
    await db.destroy();
  }
}

for (const kind of ['empty', 'demo'] as const) {
  const bytes = await buildSnapshot(kind);
  console.error(`snapshot ${kind}: ${(bytes / 1e6).toFixed(1)} MB`);
}
