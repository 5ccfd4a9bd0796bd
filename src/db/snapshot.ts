import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Prebuilt embedded databases. `npm run build` writes, beside the compiled
// code, a PGlite data directory as a tarball for each way a first start can
// begin: migrated and empty, or migrated with the demo graph. A first start
// loads one instead of running initdb, the migrations and the demo import
// (about 7 s on a two-core machine), and then migrates as usual, so a stale
// snapshot is brought up to date rather than trusted.

export type SnapshotKind = 'empty' | 'demo';

const SNAPSHOT_DIR = new URL('../../snapshots/', import.meta.url);

export function snapshotFile(kind: SnapshotKind): string {
  return fileURLToPath(new URL(`${kind}.tar.gz`, SNAPSHOT_DIR));
}

/** The snapshot's path, or null when none was built (running the sources through tsx). */
export function findSnapshot(kind: SnapshotKind): string | null {
  const file = snapshotFile(kind);
  return existsSync(file) ? file : null;
}
