import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/ensure-chromium.mjs';

/** Where Debian's Chromium lives; `CHROMIUM_PATH` overrides it. */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error('Chromium not found: run `apt-get install -y chromium` or set CHROMIUM_PATH');
  return found;
}

/** Launches headless Chromium with the shared flags; media may play without a gesture. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
  });
}
