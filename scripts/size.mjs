#!/usr/bin/env node
// Size check: builds each entry as a user would (esbuild, minify, gzip) from the built package and
// compares it with the budgets of DESIGN §6. Prints the figures; fails past a budget or when a
// browser bundle holds a string that must never reach a browser.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;

/** Entries and budgets (minified + gzip). Raise a budget only in the commit that needs it, saying why. */
const entries = [
  {
    name: 'core ESM import (createTracker + track)',
    budget: 12 * KB,
    code: `import { createTracker } from 'cairn'; const t = createTracker({ endpoint: '/c', goals: { a: { kind: 'macro' } } }); t.track('a'); t.flush();`,
    mustNotContain: ['startTriggers', 'IntersectionObserver', 'createCollector', 'node:fs'],
  },
  {
    name: 'npm import with triggers',
    budget: 16 * KB,
    code: `import { createTracker, triggers } from 'cairn'; createTracker({ endpoint: '/c', goals: {} }, { triggers });`,
    mustNotContain: ['createCollector', 'node:fs'],
  },
  { name: 'script tag (dist/cairn.global.js)', budget: 16 * KB, file: 'dist/cairn.global.js', mustNotContain: ['createCollector', 'node:fs', 'ndjson'] },
];

// Strings of the classic zod entry and its locales: their presence means the ~98 KB build leaked in.
const CLASSIC_ZOD = ['Too big: expected', 'Invalid input: expected'];

const results = [];
let failed = false;
for (const entry of entries) {
  let text;
  if (entry.file) text = readFileSync(resolve(root, entry.file), 'utf8');
  else {
    const out = await build({
      stdin: { contents: entry.code, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      alias: { cairn: resolve(root, 'dist/index.js') },
      logLevel: 'silent',
    });
    text = out.outputFiles[0].text;
  }
  const gzip = gzipSync(text, { level: 9 }).length;
  const leaks = [...(entry.mustNotContain ?? []), ...CLASSIC_ZOD].filter((s) => text.includes(s));
  const ok = gzip <= entry.budget && leaks.length === 0;
  if (!ok) failed = true;
  results.push({ entry: entry.name, minified: text.length, gzip, budget: entry.budget, ok, leaks });
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('entry', 42)}${pad('min', 10)}${pad('gzip', 10)}${pad('budget', 10)}`);
for (const r of results) {
  console.log(`${pad(r.entry, 42)}${pad((r.minified / KB).toFixed(1) + ' KB', 10)}${pad((r.gzip / KB).toFixed(2) + ' KB', 10)}${pad((r.budget / KB).toFixed(0) + ' KB', 10)}${r.ok ? 'ok' : 'OVER' + (r.leaks.length ? ` (contains ${r.leaks.join(', ')})` : '')}`);
}
mkdirSync(resolve(root, 'bench-results'), { recursive: true });
writeFileSync(resolve(root, 'bench-results/size.json'), JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);
