// Runs before `npm start`: builds the compiled server when dist/ is missing
// or older than a source file or the default graph in data/ (a `git pull`
// without `npm ci`, say), so the two README commands always serve the code
// and the data that are checked out.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';

const STAMP = 'dist/.build-stamp';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  newestMtime('src'),
  newestMtime('migrations'),
  newestMtime('data'),
  statSync('tsconfig.build.json').mtimeMs,
);
if (!existsSync(STAMP) || statSync(STAMP).mtimeMs < sources) {
  console.error('meetup-graph: building the server (dist/ is missing or older than the sources)');
  build();
}
