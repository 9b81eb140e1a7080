#!/usr/bin/env node
// `npm test`: everything a reviewer needs, in order: typecheck (type tests included), build,
// unit tests, browser tests (Chromium; Firefox and WebKit in test/browser/engines.test.ts), the size
// check and the package checks.
import { spawnSync } from 'node:child_process';
import { ensureBrowsers } from './ensure-browsers.mjs';

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['browser tests', 'npx', ['vitest', 'run', '-c', 'vitest.browser.config.ts']],
  ['size check', 'node', ['scripts/size.mjs']],
  ['package checks', 'node', ['scripts/check-package.mjs']],
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
try {
  process.env.CHROMIUM_PATH = ensureBrowsers().chromium;
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
for (const [name, command, args] of steps) {
  if (only.length && !only.some((word) => name.startsWith(word))) continue;
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  // Vitest's summary line, colours removed: "Tests  2 failed | 513 passed (515)".
  const plain = (result.stdout ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  const counts = /Tests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(plain);
  if (counts) {
    passed += Number(counts[2]);
    failed += Number(counts[1] ?? 0);
  } else if (result.status === 0) passed += 1;
  if (result.status !== 0) {
    if (!counts || !counts[1]) failed += 1;
    console.log(`✗ ${name} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    break;
  }
  console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
