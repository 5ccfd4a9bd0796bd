// `npm run build` (and `prepare`, so `npm ci` builds too): compiles src/ and
// migrations/ to dist/ with tsc; bundles tsc's server output into one file
// with esbuild (Node's loader takes about 1.1 s of CPU for the server's
// several hundred modules, the bundle 0.4 s); writes the first-start
// database snapshots (src/db/snapshot.ts), the default one from the
// default graph data/cloud-native-london.ndjson (copied to dist/data/, where
// the compiled code finds it); then dist/.build-stamp.
// `npm start` runs the bundle; tests and `npm run dev` run the sources.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);

export const SERVER_BUNDLE = 'dist/src/bundle/server.mjs';
export const IMPORT_CLI_BUNDLE = 'dist/src/bundle/import-cli.mjs';

/**
 * One entry point of tsc's output as one file. A bundle sits two levels
 * below dist/ like src/db/*.js, so the paths its modules resolve from
 * import.meta.url (../../migrations/, ../../snapshots/, the parser's
 * thread in ../importer/) name the same compiled files.
 */
function bundle(entry, outfile) {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // PGlite finds its WebAssembly and data files beside its own modules;
    // GraphiQL's 9 MB page loads on the first visit; pg-native is optional.
    external: ['@electric-sql/pglite', '@graphql-yoga/render-graphiql', 'pg-native', 'pino-pretty'],
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

export function build() {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  bundle('dist/src/server.js', SERVER_BUNDLE);
  bundle('dist/src/importer/cli.js', IMPORT_CLI_BUNDLE);
  mkdirSync('dist/data', { recursive: true });
  copyFileSync('data/cloud-native-london.ndjson', 'dist/data/cloud-native-london.ndjson');
  // The embedded databases a first start loads instead of initdb + migrations + the default graph.
  execFileSync(process.execPath, ['dist/src/demo/build-snapshots.js'], { stdio: 'inherit' });
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/.build-stamp', `${new Date().toISOString()}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
