// The health module's cost at load: the same page with and without `data-health` (which makes
// cairn.global.js load cairn.health.js), each loaded fresh a few times in Chromium, measured with
// CDP's Performance metrics (main-thread task and script time) once the tracker runs and the page
// settled. Used by scripts/bench.mjs; `node scripts/bench-health.mjs` runs it alone (build first).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = 5;

const page = (health) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>health bench</title>
<script type="application/json" data-cairn-config>{"endpoint":"/collect","goals":{"purchase":{"kind":"macro"}}}</script>
<script src="/cairn.global.js" data-triggers="false" data-context="false"${health ? ' data-health' : ''}></script></head>
<body><h1>health bench</h1><p>A page with one macro goal.</p></body></html>`;

async function startServer() {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/collect') return void res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
    if (pathname === '/with.html' || pathname === '/without.html') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(pathname === '/with.html'));
    if (pathname === '/cairn.global.js' || pathname === '/cairn.health.js') {
      return void readFile(resolve(root, `dist${pathname}`)).then(
        (body) => res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(body),
        () => res.writeHead(500).end('run the build first'),
      );
    }
    res.writeHead(404).end();
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))) };
}

/** One fresh load: main-thread task and script time (ms) until the tracker runs and 500 ms more passed. */
async function loadOnce(browser, url) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable');
  const errors = [];
  tab.on('pageerror', (error) => errors.push(String(error)));
  await tab.goto(url);
  await tab.waitForFunction(() => typeof window.cairn?.on === 'function' && typeof window.cairn.on('track', () => {}) === 'function', undefined, { timeout: 10_000 });
  await tab.waitForTimeout(500);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const health = await tab.evaluate(() => typeof window.cairnHealth === 'object');
  await context.close();
  return { taskMs: metrics.TaskDuration * 1000, scriptMs: metrics.ScriptDuration * 1000, health, errors };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The page loaded `LOADS` times without and with the health module (alternating, so that load on
 * the machine falls on both): median main-thread and script time of each, and the difference.
 */
export async function measureHealthLoad(browser) {
  const server = await startServer();
  try {
    const runs = { without: [], with: [] };
    for (let i = 0; i < LOADS; i++) {
      runs.without.push(await loadOnce(browser, `${server.origin}/without.html`));
      runs.with.push(await loadOnce(browser, `${server.origin}/with.html`));
    }
    if (!runs.with.every((r) => r.health) || runs.without.some((r) => r.health)) throw new Error('cairn.health.js was not loaded exactly on the page with data-health');
    const of = (list, key) => median(list.map((r) => r[key]));
    return {
      loads: LOADS,
      withoutTaskMs: of(runs.without, 'taskMs'),
      withTaskMs: of(runs.with, 'taskMs'),
      withoutScriptMs: of(runs.without, 'scriptMs'),
      withScriptMs: of(runs.with, 'scriptMs'),
      errors: [...runs.without, ...runs.with].flatMap((r) => r.errors),
    };
  } finally {
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS, ensureChromium } = await import('./ensure-chromium.mjs');
  const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
  try {
    const r = await measureHealthLoad(browser);
    console.log(`health at load, median of ${r.loads} fresh loads each:`);
    console.log(`  main-thread time: ${r.withoutTaskMs.toFixed(1)} ms without, ${r.withTaskMs.toFixed(1)} ms with cairn.health.js (+${(r.withTaskMs - r.withoutTaskMs).toFixed(1)} ms)`);
    console.log(`  script time:      ${r.withoutScriptMs.toFixed(1)} ms without, ${r.withScriptMs.toFixed(1)} ms with (+${(r.withScriptMs - r.withoutScriptMs).toFixed(1)} ms)`);
    if (r.errors.length) console.log(`  the pages reported: ${[...new Set(r.errors)].join('; ')}`);
  } finally {
    await browser.close();
  }
}
