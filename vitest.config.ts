import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // Examples import the package by name, as users do; in tests that name means the source.
  resolve: {
    alias: [
      { find: /^cairn\/testing$/, replacement: src('testing/index.ts') },
      { find: /^cairn$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    setupFiles: ['test/unit/setup.ts'],
    restoreMocks: true,
  },
});
