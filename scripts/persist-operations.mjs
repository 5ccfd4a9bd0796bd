// npm run persist:operations — writes operations/persisted.json, the
// manifest of the project's own client operations (operations/*.graphql):
// sha256 hex of the printed document → the document, one entry per
// operation with the fragments it uses. `--check` (CI) writes nothing and
// exits 1 when the committed manifest is not what the operations print.
//
// A client sends the hash instead of the document:
//   { "extensions": { "persistedQuery": { "version": 1, "sha256Hash": "<hash>" } }, "variables": … }
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit } from 'graphql';

export const OPERATIONS_DIR = 'operations';
export const MANIFEST = join(OPERATIONS_DIR, 'persisted.json');

export function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

function fragmentsUsed(node, fragments, seen = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is used but not defined in the same file`);
      seen.add(name);
      fragmentsUsed(fragment, fragments, seen);
    },
  });
  return seen;
}

/** { hash: document } of every operation under dir, keys sorted. */
export function buildManifest(dir = OPERATIONS_DIR) {
  const entries = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const document = parse(readFileSync(join(dir, file), 'utf8'));
    const fragments = new Map();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const used = [...fragmentsUsed(definition, fragments)].sort().map((name) => fragments.get(name));
      const text = print({ kind: Kind.DOCUMENT, definitions: [definition, ...used] });
      entries.push([sha256Hex(text), text]);
    }
  }
  entries.sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries);
}

export function manifestText(manifest) {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = manifestText(buildManifest());
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(MANIFEST, 'utf8');
    } catch {
      // missing: reported below
    }
    if (committed !== text) {
      console.error(`${MANIFEST} is out of date: run npm run persist:operations and commit it`);
      process.exit(1);
    }
    console.error(`${MANIFEST}: ${Object.keys(JSON.parse(text)).length} operations, up to date`);
  } else {
    writeFileSync(MANIFEST, text);
    console.error(`${MANIFEST}: ${Object.keys(JSON.parse(text)).length} operations written`);
  }
}
