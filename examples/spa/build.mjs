#!/usr/bin/env node
// Builds the SPA example into examples/spa/dist/: type-checks it (tsc), then bundles it (esbuild).
// `import ... from 'cairn'` resolves as it would from npm: this folder sits inside the package, so
// Node's self-reference rule sends `cairn` through the "exports" of the root package.json to the
// built dist/ (types: dist/index.d.ts, code: dist/index.js). Run `npm run build` at the root first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
if (!existsSync(resolve(root, 'dist/index.js'))) {
  console.error('examples/spa: build cairn first (npm run build at the repository root)');
  process.exit(1);
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const check = spawnSync(process.execPath, [tsc, '-p', resolve(here, 'tsconfig.json')], { stdio: 'inherit' });
if (check.status !== 0) process.exit(check.status ?? 1);

const result = await build({
  entryPoints: [resolve(here, 'src/main.ts')],
  outfile: resolve(here, 'dist/app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});

// The example must run the built package, never the sources next door.
const inputs = Object.keys(result.metafile.inputs);
const fromSource = inputs.filter((file) => resolve(root, file).startsWith(resolve(root, 'src') + '/'));
if (fromSource.length || !inputs.some((file) => resolve(root, file) === resolve(root, 'dist/index.js'))) {
  console.error(`examples/spa: cairn did not resolve to dist/index.js (inputs: ${inputs.join(', ')})`);
  process.exit(1);
}
const out = resolve(here, 'dist/app.js');
console.log(`examples/spa: type-checked and bundled to ${relative(process.cwd(), out)} (${(result.metafile.outputs[relative(process.cwd(), out)]?.bytes ?? 0) / 1000} kB)`);
