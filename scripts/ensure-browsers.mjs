#!/usr/bin/env node
// Finds the three engines the browser tests run in, or installs Debian's packages when running as
// root: Chromium (`chromium`), Firefox (`firefox-esr`) and WebKit (WebKitGTK's MiniBrowser with
// its WebDriver, `webkit2gtk-driver`, shown in a virtual display by `xvfb`). The test tools' own
// browser downloads cannot work here: the browsers come from apt.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { ensureChromium } from './ensure-chromium.mjs';

/** Where Debian puts each engine's program; the environment variables override them. */
export const ENGINE_PATHS = {
  firefox: () => process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  webkitDriver: () => process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver',
  miniBrowser: () => process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfbRun: () => '/usr/bin/xvfb-run',
};

const PACKAGES = { firefox: ['firefox-esr'], webkitDriver: ['webkit2gtk-driver'], miniBrowser: ['webkit2gtk-driver'], xvfbRun: ['xvfb', 'xauth'] };

/** The engines' programs that are missing. */
export function missingEngines() {
  return Object.entries(ENGINE_PATHS).filter(([, path]) => !existsSync(path())).map(([name]) => name);
}

/** Finds every engine, installing Debian's packages for the missing ones when running as root. */
export function ensureBrowsers() {
  const chromium = ensureChromium();
  const missing = missingEngines();
  if (missing.length) {
    const packages = [...new Set(missing.flatMap((name) => PACKAGES[name]))];
    if (process.getuid?.() !== 0) throw new Error(`missing for the browser tests: ${packages.join(', ')}; install them with \`sudo apt-get install -y ${packages.join(' ')}\``);
    console.log(`installing Debian's ${packages.join(', ')} for the Firefox and WebKit tests…`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`, { stdio: 'inherit' });
    const still = missingEngines();
    if (still.length) throw new Error(`apt-get did not install ${still.join(', ')}`);
  }
  return { chromium, ...Object.fromEntries(Object.entries(ENGINE_PATHS).map(([name, path]) => [name, path()])) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureBrowsers());
