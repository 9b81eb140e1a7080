#!/usr/bin/env node
// Package checks: packs the package as `npm publish` would (prepack runs the full build), then checks
// the tarball: its file list, publint, are-the-types-wrong, and that each entry loads in Node from
// an install of the tarball (CJS with require() of ES modules turned off, as in Jest and Node < 20.19).
// Prints what it checked; exits 1 on any problem.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'cairn-pack-'));
const problems = [];
/** The script tag's files (IIFEs, exported by name for <script> tags): nothing to type or require. */
const SCRIPT_TAG_FILES = ['cairn.global.js', 'cairn.triggers.js', 'cairn.context.js', 'cairn.health.js', 'cairn.health-attribution.js'];

/** A tool from this repository's devDependencies (no npx: it would parse the tools' flags itself). */
const bin = (name) => resolve(root, 'node_modules/.bin', name);

/** Runs a command; prints its output only when it fails (or always, with `show`). */
function run(label, command, args, { cwd = root, show = false } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const ok = result.status === 0;
  console.log(`${ok ? '✓' : '✗'} ${label}`);
  if (show || !ok) console.log(output.replace(/^/gm, '    '));
  if (!ok) problems.push(label);
  return { ok, output: result.stdout ?? '' };
}

try {
  // 1. Pack. `npm pack` runs the `prepack` script (`npm run build`), so the tarball is what a publish would send.
  const pack = run('npm pack (prepack: npm run build)', 'npm', ['pack', '--pack-destination', work, '--silent']);
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (!pack.ok || !tarball) throw new Error('npm pack produced no tarball');
  const tgz = join(work, tarball);

  // 2. The file list: what must ship, and what must not.
  const files = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  const required = ['package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cairn.global.js', 'dist/cairn.triggers.js', 'dist/cairn.context.js', 'dist/cairn.health.js', 'dist/context.js', 'dist/context.d.ts', 'dist/health.js', 'dist/health.d.ts', 'dist/cairn.config.schema.json', 'dist/server/cli.js', 'docs/snippet.html'];
  const missing = required.filter((file) => !files.includes(file));
  const stray = files.filter((file) => /^(src|test|examples|scripts|node_modules|bench-results|events)\//.test(file) || file.endsWith('.tgz'));
  const listOk = missing.length === 0 && stray.length === 0;
  console.log(`${listOk ? '✓' : '✗'} tarball ${tarball}: ${files.length} files`);
  if (missing.length) console.log(`    missing: ${missing.join(', ')}`);
  if (stray.length) console.log(`    must not ship: ${stray.join(', ')}`);
  if (!listOk) problems.push('file list');

  // 3. publint: exports, main/module/types, bin and files agree with what the tarball holds.
  // --strict: its warnings fail the check too.
  run('publint --strict', bin('publint'), ['--strict', tgz], { show: true });

  // 4. are-the-types-wrong, for Node 16+ (require and import) and bundlers. The node10 resolution
  // (no `exports` support) is left out: engines asks for Node 20. The script tag's three files are
  // left out: they are IIFEs for <script> tags, which set `window.cairn` (and `cairnTriggers`,
  // `cairnContext`) and export nothing to type.
  run('attw --profile node16 (all entries but the script-tag IIFEs)', bin('attw'), [tgz, '--profile', 'node16', '--exclude-entrypoints', ...SCRIPT_TAG_FILES, '--format', 'table-flipped'], { show: true });

  // 5. Each entry loads in Node from an install of the tarball. The dependencies are linked from this
  // repository's node_modules, so the check needs no network.
  const app = join(work, 'app');
  const installed = join(app, 'node_modules', 'cairn');
  mkdirSync(installed, { recursive: true });
  spawnSync('tar', ['-xzf', tgz, '-C', installed, '--strip-components=1']);
  for (const dependency of Object.keys(pkg.dependencies ?? {})) {
    symlinkSync(resolve(root, 'node_modules', dependency), join(app, 'node_modules', dependency), 'dir');
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  const entries = Object.keys(pkg.exports).filter((key) => !SCRIPT_TAG_FILES.includes(key.slice(2)) && !key.endsWith('.json'));
  const names = entries.map((key) => `cairn${key.slice(1)}`);
  writeFileSync(
    join(app, 'load.cjs'),
    `for (const name of ${JSON.stringify(names)}) {
  const cjs = require(name);
  if (!Object.keys(cjs).length) throw new Error(name + ': require() gave no exports');
}
const schema = require('cairn/cairn.config.schema.json');
if (!schema.$id || !schema.properties.goals) throw new Error('cairn/cairn.config.schema.json is not the config schema');
Promise.all(${JSON.stringify(names)}.map((name) => import(name))).then((modules) => {
  modules.forEach((esm, i) => { if (!Object.keys(esm).length) throw new Error(${JSON.stringify(names)}[i] + ': import() gave no exports'); });
});
`,
  );
  // Node 20.19+ can require() ES modules; turn that off where the flag exists, as Jest and older Node behave.
  const strictCjs = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];
  run(`entries load from the installed tarball: require() and import() of ${names.join(', ')}, and the JSON Schema`, process.execPath, [...strictCjs, 'load.cjs'], { cwd: app });
  run('the cairn bin runs (cairn --help)', process.execPath, [join(installed, pkg.bin.cairn), '--help'], { cwd: app });
} catch (error) {
  problems.push(String(error));
  console.log(`✗ ${String(error)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
  console.log(`\npackage checks failed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('\npackage checks passed');
