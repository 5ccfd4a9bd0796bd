import { existsSync, readdirSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, extract, replace } from 'tar';

// Prebuilt embedded databases. `npm run build` writes, beside the compiled
// code, a PGlite data directory as a tarball for each way a first start can
// begin: migrated and empty, or migrated with the default graph (Cloud
// Native London's history, src/demo/default-graph.ts). A first start loads
// one instead of running initdb, the migrations and the default graph's load, and then migrates as usual, so a stale
// snapshot is brought up to date rather than trusted. The tarball is
// unpacked onto disk before PGlite opens the directory: PGlite's own
// loadDataDir unpacks through its WebAssembly heap, which never shrinks
// again (130 MB more resident memory for the life of the process).

export type SnapshotKind = 'empty' | 'history';

const SNAPSHOT_DIR = new URL('../../snapshots/', import.meta.url);
/** From the sources (src/db/), the build's output beside them. */
const BUILT_SNAPSHOT_DIR = new URL('../../dist/snapshots/', import.meta.url);
const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);

export function snapshotFile(kind: SnapshotKind): string {
  return fileURLToPath(new URL(`${kind}.tar`, SNAPSHOT_DIR));
}

/**
 * The snapshot's path, or null when none was built. The compiled code finds
 * its own. The sources (run through tsx) use the build's empty one when it is
 * no older than every migration file beside them: it holds nothing but the
 * migrated schema, so it cannot be stale in any other way (the history one
 * also depends on data/, and is left to the compiled code).
 */
export function findSnapshot(kind: SnapshotKind): string | null {
  const file = snapshotFile(kind);
  if (existsSync(file)) return file;
  if (kind !== 'empty') return null;
  const built = fileURLToPath(new URL(`${kind}.tar`, BUILT_SNAPSHOT_DIR));
  if (!existsSync(built)) return null;
  const migrations = fileURLToPath(MIGRATIONS_DIR);
  const builtAt = statSync(built).mtimeMs;
  const newer = readdirSync(migrations).some((name) => statSync(join(migrations, name)).mtimeMs > builtAt);
  return newer ? null : built;
}

/** The file whose presence marks a directory as a database: the tarball's last entry (see packSnapshot). */
const MARKER = 'PG_VERSION';

/**
 * Writes a data directory as an uncompressed tarball whose last entry is
 * PG_VERSION, so that an unpack cut short leaves no database marker.
 * Uncompressed: gunzip would cost a first start more than the disk saves.
 */
export async function packSnapshot(dataDir: string, file: string): Promise<void> {
  const entries = (await readdir(dataDir)).filter((entry) => entry !== MARKER).sort();
  await create({ file, cwd: dataDir, portable: true }, entries);
  // Appended on its own: tar walks directories concurrently, so one list
  // would not keep it last.
  await replace({ file, cwd: dataDir, portable: true }, [MARKER]);
}

/**
 * Unpacks a snapshot into an empty data directory. On failure whatever was
 * unpacked is removed again (files listed in `keep`, such as the lock, stay),
 * so the directory still reads as new.
 */
export async function unpackSnapshot(file: string, dir: string, keep: readonly string[] = []): Promise<void> {
  try {
    // No mtime or mode restoring: the files are new, and each restore is a system call.
    // Synchronous: node-tar's streaming extraction takes about three times as
    // long for these ~1,100 files (0.8-0.95 s against 0.27-0.35 s for the
    // empty snapshot). It runs once, when a new directory is created, before
    // the database can answer anything; the server meanwhile only says it is
    // starting.
    extract({ file, cwd: dir, noMtime: true, noChmod: true, sync: true });
  } catch (error) {
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      if (!keep.includes(entry)) await rm(join(dir, entry), { recursive: true, force: true });
    }
    throw error;
  }
}
