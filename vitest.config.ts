import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own database; PGlite start-up and migrations take a
    // moment, so the default 5 s is too tight on a loaded two-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
