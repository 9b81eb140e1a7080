// The bench's rows for Firefox and WebKit (`npm run bench`): unload and burst, measured through the
// browser tests' engine drivers (test/browser/engines.ts, bundled here by esbuild). These engines
// give no main-thread metric nor a fine timer, so `track()` is timed as a whole loop of 1,000 calls.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function loadDrivers() {
  const outfile = resolve(root, '.cache/bench/engines.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ entryPoints: [resolve(root, 'test/browser/engines.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent' });
  return import(pathToFileURL(outfile).href);
}

async function waitUntil(check, timeoutMs) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(50);
  }
  return true;
}

/** Opens the bench page and waits until its tracker runs. */
async function open(engine, origin) {
  const page = await engine.newPage();
  await page.goto(`${origin}/index.html`);
  for (let i = 0; i < 100; i++) {
    const ready = await page
      .evaluate(() => {
        const off = window.cairn?.on?.('track', () => {});
        return typeof off === 'function' ? (off(), true) : false;
      }, null)
      .catch(() => false);
    if (ready) return page;
    await sleep(100);
  }
  throw new Error(`the bench page did not start in ${engine.name}`);
}

/**
 * Per engine: three unload trials (20 events, then a navigation to a page without cairn) and three
 * bursts of 1,000 events in one task (the loop's time, delivery, requests).
 */
export async function measureEngines(server, { burst, unloadEvents, trials, names = ['firefox', 'webkit'] }) {
  const { launchEngine } = await loadDrivers();
  const results = {};
  for (const name of names) {
    const engine = await launchEngine(name);
    try {
      const unload = [];
      for (let trial = 0; trial < trials; trial++) {
        const run = `${name}-unload${trial}`;
        const page = await open(engine, server.origin);
        await page.evaluate(({ run, n }) => {
          setTimeout(() => {
            for (let i = 0; i < n; i++) window.cairn.track('add_to_cart', { sku: `${run}-${String(i).padStart(4, '0')}`, price: 19.99, qty: 1 });
            location.href = '/plain.html';
          });
        }, { run, n: unloadEvents });
        await waitUntil(() => server.stored(run).length >= unloadEvents, 6_000);
        await sleep(300);
        unload.push(server.stored(run).length);
        await page.close();
      }
      const bursts = [];
      for (let trial = 0; trial < trials; trial++) {
        const run = `${name}-burst${trial}`;
        const page = await open(engine, server.origin);
        const started = Date.now();
        const loopMs = await page.evaluate(({ run, n }) => {
          const props = [];
          for (let i = 0; i < n; i++) props.push({ sku: `${run}-${String(i).padStart(4, '0')}`, price: 19.99 + (i % 7), qty: 1 + (i % 3) });
          const t0 = performance.now();
          for (let i = 0; i < n; i++) window.cairn.track('add_to_cart', props[i]);
          return performance.now() - t0;
        }, { run, n: burst });
        const complete = await waitUntil(() => server.stored(run).length >= burst, 20_000);
        bursts.push({ loopMs, meanUs: (loopMs * 1000) / burst, delivered: server.stored(run).length, complete, wallMs: Date.now() - started, requests: server.postsOf(run).length });
        await page.close();
      }
      results[name] = { unload, bursts };
    } finally {
      await engine.close();
    }
  }
  return results;
}
