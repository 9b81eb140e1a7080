#!/usr/bin/env node
// Finds Chromium for the browser tests, or installs Debian's package when running as root.
// (playwright's own browser download cannot work here: the browser comes from apt.)
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

/**
 * Flags for headless Chromium here: they keep it from reaching for the network in the background
 * (this machine has none beyond localhost). Shared by the browser tests and the bench.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, or `CHROMIUM_PATH`; `undefined` when neither is there. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((path) => existsSync(path));
}

/** Finds Chromium, installing Debian's package when missing and running as root. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('Chromium is missing: install it with `sudo apt-get install -y chromium` (or set CHROMIUM_PATH)');
  }
  console.log('Chromium is missing: installing Debian\'s chromium package…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (!existsSync('/usr/bin/chromium')) throw new Error('apt-get did not install /usr/bin/chromium');
  return '/usr/bin/chromium';
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureChromium());
