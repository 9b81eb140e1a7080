import { defineConfig } from 'tsup';

export default defineConfig([
  // The npm browser entry: ESM + CJS + types, zod and nanoid left to the app's bundler.
  {
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'browser',
    target: 'es2020',
    sourcemap: true,
    clean: true,
    treeshake: true,
  },
  // The collector entry and its CLI, for Node only.
  {
    entry: { 'server/index': 'src/server/index.ts', 'server/cli': 'src/server/cli.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { 'server/index': 'src/server/index.ts' } },
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    splitting: false,
  },
  // The script-tag build: one minified IIFE with its own copy of zod (run jitless) and nanoid.
  {
    entry: { 'cairn.global': 'src/global.ts' },
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    minify: true,
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    esbuildOptions(options) {
      options.legalComments = 'none';
    },
  },
]);
