import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';

// Persisted operations (@graphql-yoga/plugin-persisted-operations):
// operations/persisted.json maps the sha256 of each of the project's own
// client operations to its document (scripts/persist-operations.mjs writes
// it; CI checks it). A client sends
// `extensions.persistedQuery.sha256Hash` instead of the document.
//
// PERSISTED_OPERATIONS:
//   off    documents only, as without this feature;
//   allow  documents and hashes; a hash not in the manifest can be
//          registered APQ-style, by sending it once with its document;
//   only   hashes of the manifest only: any other document is refused.
//
// APQ registrations live in this process's memory, bounded: an instance
// that does not know a hash answers PersistedQueryNotFound, and an APQ
// client sends the document again, so nothing breaks across instances.

export type PersistedMode = Config['cache']['persistedOperations'];

export type Manifest = ReadonlyMap<string, string>;

/** How many APQ registrations an instance keeps (oldest dropped first). */
const MAX_REGISTERED = 1000;

// Sources (src/cache/) and the build (dist/src/cache/, dist/src/bundle/)
// sit at different depths below the project root.
const MANIFEST_CANDIDATES = ['../../operations/persisted.json', '../../../operations/persisted.json'];

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function parseManifest(text: string, source: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ManifestError(`${source}: not JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ManifestError(`${source}: expected an object of sha256 hash → document`);
  }
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(value)) {
    if (typeof document !== 'string' || sha256Hex(document) !== hash) {
      throw new ManifestError(`${source}: entry ${hash} is not the sha256 of its document`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}

/** The committed manifest of the project's operations. */
export function loadManifest(): Manifest {
  for (const candidate of MANIFEST_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    return parseManifest(text, 'operations/persisted.json');
  }
  throw new ManifestError('operations/persisted.json not found: run npm run persist:operations');
}

/** The manifest when a mode needs it (loaded once per process). */
let loaded: Manifest | null = null;
export function persistedManifest(mode: PersistedMode | undefined): Manifest {
  if (!mode || mode === 'off') return new Map();
  loaded ??= loadManifest();
  return loaded;
}

function persistedHash(extensions: unknown): string | null {
  const persisted = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null)
    ?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** APQ registration: a document sent with its hash is kept under it, once the hash is checked. */
function apqRegistrationPlugin(registered: Map<string, string>): Plugin {
  return {
    onParams({ params }) {
      const hash = persistedHash(params.extensions);
      if (!hash || typeof params.query !== 'string') return;
      if (sha256Hex(params.query) !== hash) {
        throw createGraphQLError('provided sha does not match query', {
          extensions: { code: 'PERSISTED_QUERY_MISMATCH', http: { status: 400 } },
        });
      }
      if (registered.has(hash)) return;
      if (registered.size >= MAX_REGISTERED) {
        const oldest = registered.keys().next().value;
        if (oldest !== undefined) registered.delete(oldest);
      }
      registered.set(hash, params.query);
    },
  };
}

export function persistedOperationsPlugins(mode: PersistedMode, manifest: Manifest): Plugin[] {
  if (mode === 'off') return [];
  if (mode === 'only') {
    return [
      usePersistedOperations({
        getPersistedOperation: (hash) => manifest.get(hash) ?? null,
        allowArbitraryOperations: false,
      }),
    ];
  }
  const registered = new Map<string, string>();
  return [
    apqRegistrationPlugin(registered),
    usePersistedOperations({
      getPersistedOperation: (hash) => manifest.get(hash) ?? registered.get(hash) ?? null,
      allowArbitraryOperations: true,
    }),
  ];
}
