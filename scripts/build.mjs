// `npm run build` (and `prepare`, so `npm ci` builds too): compiles src/ and
// migrations/ to dist/ with tsc, writes the first-start database snapshots
// (src/db/snapshot.ts), then dist/.build-stamp. `npm start` runs the
// compiled server; tests and `npm run dev` run the sources.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function build() {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  // The embedded databases a first start loads instead of initdb + migrations + demo.
  execFileSync(process.execPath, ['dist/src/demo/build-snapshots.js'], { stdio: 'inherit' });
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/.build-stamp', `${new Date().toISOString()}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
