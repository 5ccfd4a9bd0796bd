import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node loads the CJS
    // one for Pothos and Yoga; Vite would pick the ESM one for our code, and
    // two copies of graphql refuse to share a schema. Pin ours to the same.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own database; PGlite start-up and migrations take a
    // moment, so the default 5 s is too tight on a loaded two-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
