import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests share nothing but the machine: each makes its own SQLite file in a temp folder.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
