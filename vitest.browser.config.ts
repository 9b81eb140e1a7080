import { defineConfig } from 'vitest/config';

// Real-browser tests: Chromium driven by playwright-core against servers on localhost.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
