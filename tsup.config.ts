import { defineConfig } from 'tsup';

export default defineConfig([
  // The npm browser entry: ESM + CJS + types, zod, web-vitals and nanoid left to the app's bundler.
  {
    entry: { index: 'src/index.ts', context: 'src/context-entry.ts', health: 'src/health-entry.ts', 'health-attribution': 'src/health-attribution-entry.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'browser',
    target: 'es2020',
    sourcemap: true,
    // No `clean` here: the three builds run at once, and one cleaning dist/ could delete what another
    // just wrote (seen: the server .d.ts missing from a packed tarball). `npm run build` cleans first.
    treeshake: true,
    // nanoid 5 ships ESM only: a `require('nanoid')` in index.cjs throws ERR_REQUIRE_ESM in Jest and in
    // Node before 20.19. Its browser build is ~130 bytes, so both formats carry their own copy.
    noExternal: ['nanoid'],
    // Not the script tag: Standard Schema validators are supported (src/lib/build-flags.ts).
    define: { __CAIRN_SCRIPT_TAG__: 'false' },
  },
  // The collector entry, for Node only.
  {
    entry: { 'server/index': 'src/server/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    splitting: false,
  },
  // The `cairn` bin: ESM only (it finds out whether it is the main module from `import.meta.url`,
  // which a CJS copy would not have).
  {
    entry: { 'server/cli': 'src/server/cli.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    splitting: false,
  },
  // The script-tag build: minified IIFEs, the core with its own copy of nanoid, and beside it the
  // two files it loads from its own folder (the triggers, the context module). Terser, as web-vitals
  // uses: two compress passes take ~0.9 KB (min + gzip) more off than esbuild's minifier.
  {
    entry: {
      'cairn.global': 'src/global.ts',
      'cairn.triggers': 'src/triggers-global.ts',
      'cairn.context': 'src/context-global.ts',
      // Loaded only for `data-health` on the script tag: no request, no byte for the other sites.
      'cairn.health': 'src/health-global.ts',
      'cairn.health-attribution': 'src/health-attribution-global.ts',
    },
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    minify: 'terser',
    // V8's explicit compile hint: Chromium compiles every function of the file as it loads it
    // (off the main thread when it streams the script) instead of on each function's first call,
    // which made the first track() of a page cost ~5 ms (0.8 ms with the hint, scripts/bench.mjs).
    // Other engines read it as a comment.
    banner: { js: '//# allFunctionsCalledOnLoad' },
    terserOptions: { ecma: 2020, compress: { passes: 2 }, format: { comments: /^# allFunctionsCalledOnLoad/ } },
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    // Its config is JSON: no Standard Schema validators to run (src/lib/build-flags.ts).
    define: { __CAIRN_SCRIPT_TAG__: 'true' },
    esbuildOptions(options) {
      options.legalComments = 'none';
    },
  },
]);
